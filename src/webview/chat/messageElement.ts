// One message in the list. An assistant message renders in two parts while it
// streams: finished Markdown blocks are rendered once and kept ("frozen"),
// only the still-growing tail is re-rendered each frame. When the reply ends
// the whole text is rendered once more so the final HTML is exactly what a
// single render gives (lists or references split across blocks join up).
// A large code block is shown as plain text appended piece by piece instead,
// and a large answer keeps that rendering when it ends: re-rendering and
// highlighting megabytes on every frame would freeze the panel.
import type { MessageView } from '../../shared/chatProtocol';
import { appendText, markBidiControls } from './bidi';
import { h, icon } from './dom';
import { errorBox, type ErrorBoxActions } from './errorBox';
import { formatSpeed, speedTooltip } from './format';
import { largeFence, stableSplit, withoutPartialFence } from './incremental';
import { renderMarkdown } from './markdown';
import { PlainCodeBlock } from './plainBlock';
import { sanitizeToFragment } from './sanitize';

/** A code block with more characters than this is shown as plain text while it streams. */
export const PLAIN_BLOCK_CHARS = 16_000;
/** A finished answer longer than this keeps its streamed rendering instead of one full render. */
export const FULL_RENDER_MAX_CHARS = 256_000;

function renderFragment(markdown: string): DocumentFragment {
  const fragment = sanitizeToFragment(renderMarkdown(markdown));
  markBidiControls(fragment);
  return fragment;
}

export function renderInto(target: HTMLElement, markdown: string): void {
  target.replaceChildren(renderFragment(markdown));
}

export class MessageElement {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly frozen: HTMLElement;
  private readonly tail: HTMLElement;
  private reasoning: { details: HTMLDetailsElement; summary: HTMLElement; body: HTMLElement } | undefined;
  private readonly footer: HTMLElement;
  private frozenEnd = 0;
  private plain: PlainCodeBlock | undefined;
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
      appendText(this.body, message.content);
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
    this.plain = undefined;
    this.frozen.replaceChildren();
    this.tail.replaceChildren();
  }

  /** Renders the text up to the stable end of what has arrived; `final` once the answer has ended. */
  private renderStreaming(final = false): void {
    const text = this.message.content;
    for (;;) {
      if (this.plain) {
        const after = this.plain.update(text, final);
        if (after === undefined) return;
        this.plain = undefined;
        this.frozenEnd = after;
        continue;
      }
      const large = largeFence(text, this.frozenEnd, PLAIN_BLOCK_CHARS);
      if (large) {
        // What comes before a fence at the start of a line is finished: the fence ends any paragraph.
        if (large.start > this.frozenEnd) this.freeze(text.slice(this.frozenEnd, large.start));
        this.plain = new PlainCodeBlock(large);
        this.frozen.append(this.plain.element);
        this.tail.replaceChildren();
        continue;
      }
      const split = stableSplit(text, this.frozenEnd);
      if (split > this.frozenEnd) this.freeze(text.slice(this.frozenEnd, split));
      renderInto(this.tail, withoutPartialFence(text.slice(this.frozenEnd)));
      return;
    }
  }

  /** Renders a finished piece once, as its own box, so the browser can skip laying out and painting the ones off screen. */
  private freeze(markdown: string): void {
    const chunk = h('div', { class: 'md-chunk' });
    chunk.append(renderFragment(markdown));
    this.frozen.append(chunk);
    this.frozenEnd += markdown.length;
  }

  private renderComplete(): void {
    if (this.message.content.length > FULL_RENDER_MAX_CHARS) {
      // Finishes what streaming rendered (or renders a stored answer the same way, in one pass).
      this.renderStreaming(true);
      return;
    }
    this.reset();
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
      appendText(this.reasoning.body, text.slice(this.renderedReasoning));
      this.renderedReasoning = text.length;
    } else if (text.length < this.renderedReasoning) {
      this.reasoning.body.replaceChildren();
      appendText(this.reasoning.body, text);
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
