// One message in the list. An assistant message renders in two parts while it
// streams: finished Markdown blocks are rendered once and kept ("frozen"),
// only the still-growing tail is re-rendered each frame. When the reply ends
// the whole text is rendered once more so the final HTML is exactly what a
// single render gives (lists or references split across blocks join up).
import type { MessageView } from '../../shared/protocol';
import { h, icon } from './dom';
import { errorBox, type ErrorBoxActions } from './errorBox';
import { formatSpeed, speedTooltip } from './format';
import { stableSplit, withoutPartialFence } from './incremental';
import { renderMarkdown } from './markdown';
import { sanitizeToFragment } from './sanitize';

export function renderInto(target: HTMLElement, markdown: string): void {
  target.replaceChildren(sanitizeToFragment(renderMarkdown(markdown)));
}

export class MessageElement {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly frozen: HTMLElement;
  private readonly tail: HTMLElement;
  private reasoning: { details: HTMLDetailsElement; summary: HTMLElement; body: HTMLElement } | undefined;
  private readonly footer: HTMLElement;
  private frozenEnd = 0;
  private renderedContent = -1;
  private renderedReasoning = 0;
  private renderedStatus = '';
  private disposeError: (() => void) | undefined;

  constructor(
    readonly message: MessageView,
    private readonly actions: ErrorBoxActions & { isLast(id: string): boolean },
    /** When the message (or its error) reached the page; rate-limit countdowns start here. */
    private readonly receivedAt = Date.now(),
  ) {
    const role = message.role;
    this.frozen = h('div', { class: 'md-frozen' });
    this.tail = h('div', { class: 'md-tail' });
    this.body = h('div', { class: role === 'user' ? 'message-body user-text' : 'message-body markdown' });
    this.footer = h('div', { class: 'message-footer' });
    this.root = h(
      'article',
      { class: `message ${role}`, attrs: { 'data-message-id': message.id } },
      h('div', { class: 'message-role' }, icon(role === 'user' ? 'account' : 'sparkle'), role === 'user' ? ' You' : ' Assistant'),
    );
    if (role === 'user') {
      this.body.textContent = message.content;
      this.root.append(this.body);
      if (message.context.length > 0) {
        this.root.append(
          h(
            'div',
            { class: 'chips sent' },
            ...message.context.map((chip) =>
              h('span', { class: 'chip', title: chip.path }, icon(chip.kind === 'selection' ? 'selection' : 'file'), ` ${chip.label}`),
            ),
          ),
        );
      }
    } else {
      this.body.append(this.frozen, this.tail);
      this.root.append(this.body, this.footer);
    }
  }

  /** Brings the DOM up to date with `message`; cheap when little changed. */
  update(): void {
    const m = this.message;
    if (m.role === 'user') return;
    this.updateReasoning();
    const contentChanged = m.content.length !== this.renderedContent;
    const wasStreaming = this.renderedStatus === 'streaming';
    if (contentChanged && m.content.length < this.renderedContent) this.reset();
    if (m.status === 'streaming' || (wasStreaming && contentChanged)) {
      // The end of a stream first lands through the cheap path so the last tokens show at once.
      if (contentChanged) this.renderStreaming();
    } else if (contentChanged || this.renderedStatus === '') {
      this.renderComplete();
    }
    this.renderedContent = m.content.length;
    if (m.status !== this.renderedStatus) {
      if (wasStreaming && m.status !== 'streaming') this.scheduleCompleteRender();
      this.renderFooter();
      this.renderedStatus = m.status;
    }
  }

  private scheduleCompleteRender(): void {
    const run = () => {
      if (this.message.status !== 'streaming') this.renderComplete();
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 300 });
    else setTimeout(run, 0);
  }

  private reset(): void {
    this.frozenEnd = 0;
    this.frozen.replaceChildren();
    this.tail.replaceChildren();
  }

  private renderStreaming(): void {
    const text = this.message.content;
    const split = stableSplit(text, this.frozenEnd);
    if (split > this.frozenEnd) {
      // Each finished piece is its own box, so the browser can skip laying out and painting the ones off screen.
      const chunk = h('div', { class: 'md-chunk' });
      chunk.append(sanitizeToFragment(renderMarkdown(text.slice(this.frozenEnd, split))));
      this.frozen.append(chunk);
      this.frozenEnd = split;
    }
    renderInto(this.tail, withoutPartialFence(text.slice(this.frozenEnd)));
  }

  private renderComplete(): void {
    this.frozen.replaceChildren();
    this.frozenEnd = 0;
    renderInto(this.tail, withoutPartialFence(this.message.content));
  }

  private updateReasoning(): void {
    const text = this.message.reasoning;
    if (text.length === 0 && !this.reasoning) return;
    if (!this.reasoning) {
      const summary = h('summary');
      const body = h('div', { class: 'reasoning-body' });
      const details = h('details', { class: 'reasoning' }, summary, body);
      this.root.insertBefore(details, this.body);
      this.reasoning = { details, summary, body };
    }
    if (text.length > this.renderedReasoning) {
      // Reasoning is plain text: append the new piece instead of re-rendering it all.
      this.reasoning.body.append(text.slice(this.renderedReasoning));
      this.renderedReasoning = text.length;
    } else if (text.length < this.renderedReasoning) {
      this.reasoning.body.textContent = text;
      this.renderedReasoning = text.length;
    }
    const thinking = this.message.status === 'streaming' && this.message.content === '';
    this.reasoning.summary.replaceChildren(
      icon(thinking ? 'loading' : 'lightbulb', thinking ? 'codicon-modifier-spin' : ''),
      thinking ? ' Thinking…' : ` Reasoning (${text.split(/\s+/).filter(Boolean).length} words)`,
    );
  }

  private renderFooter(): void {
    const m = this.message;
    this.disposeError?.();
    this.disposeError = undefined;
    const parts: Node[] = [];
    if (m.status === 'streaming') parts.push(h('span', { class: 'streaming' }, icon('loading', 'codicon-modifier-spin'), ' Answering…'));
    if (m.status === 'stopped') parts.push(h('span', { class: 'stopped' }, icon('debug-stop'), ' Stopped'));
    if (m.speed) parts.push(h('span', { class: 'speed', text: formatSpeed(m.speed), title: speedTooltip(m.speed) }));
    const canRetry = this.actions.isLast(m.id) && m.status !== 'streaming';
    if (m.status === 'stopped' && canRetry) {
      parts.push(
        h('button', { class: 'link-button', attrs: { type: 'button' }, on: { click: () => this.actions.post({ type: 'retry', messageId: m.id }) } }, icon('refresh'), ' Retry'),
      );
    }
    this.footer.replaceChildren(...parts);
    if (m.error) {
      const box = errorBox(m.id, m.error, canRetry, this.actions, this.receivedAt);
      this.footer.append(box.element);
      this.disposeError = box.dispose;
    }
    this.root.classList.toggle('is-streaming', m.status === 'streaming');
    this.root.setAttribute('aria-busy', String(m.status === 'streaming'));
  }

  /** Re-draws the footer (e.g. Retry moves to the new last message). */
  refreshFooter(): void {
    if (this.message.role === 'assistant') this.renderFooter();
  }

  dispose(): void {
    this.disposeError?.();
  }
}
