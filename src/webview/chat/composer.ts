// The prompt box. Enter sends, Shift+Enter breaks the line, Esc stops the
// answer, Up in an empty box recalls the last prompt. What is typed is kept in
// the webview state at once (survives the view being hidden) and sent to the
// host shortly after (survives a window reload). A sent prompt leaves the box
// only when the host shows it (see handoff.ts).
import { MAX_PROMPT_CHARS, type WebviewMessage } from '../../shared/chatProtocol';
import { h, icon } from './dom';
import { PromptHandoff } from './handoff';

export interface ComposerHost {
  post(message: WebviewMessage): void;
  saveDraft(text: string): void;
  /** The prompt on its way to the host (kept in the page state), or undefined once it arrived. */
  saveSending(text: string | undefined): void;
  notice(text: string, level: 'info' | 'warning'): void;
  /** The last prompt sent in the shown conversation, for Up. */
  lastPrompt(): string | undefined;
}

const DRAFT_DELAY_MS = 400;

export class Composer {
  readonly root: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private busy = false;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly handoff: PromptHandoff;

  constructor(private readonly host: ComposerHost) {
    this.input = h('textarea', {
      class: 'prompt-input',
      attrs: {
        rows: '1',
        placeholder: 'Ask about your code (Enter to send, Shift+Enter for a new line)',
        'aria-label': 'Chat prompt',
      },
    });
    this.send = h('button', { class: 'button send', title: 'Send (Enter)', attrs: { type: 'button', 'aria-label': 'Send' } }, icon('send'));
    this.stop = h('button', { class: 'button stop', title: 'Stop (Esc)', attrs: { type: 'button', 'aria-label': 'Stop' } }, icon('debug-stop'), ' Stop');
    this.root = h('div', { class: 'composer' }, this.input, h('div', { class: 'composer-buttons' }, this.send, this.stop));
    this.handoff = new PromptHandoff({ setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>) }, (text) => {
      this.host.saveSending(undefined);
      if (this.input.value === text) this.host.notice('The prompt did not reach Fast Inference. Press Enter to send it again.', 'warning');
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('input', () => this.onInput());
    this.send.addEventListener('click', () => this.submit());
    this.stop.addEventListener('click', () => this.host.post({ type: 'stop' }));
    // A view that is hidden may be torn down before the delayed draft goes out: send it now.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flushDraft();
    });
    window.addEventListener('pagehide', () => this.flushDraft());
    // Leaving the box (a click on another view) comes before the view is hidden and its page
    // possibly torn down without the events above: the host has the draft by then.
    this.input.addEventListener('blur', () => this.flushDraft());
    this.setBusy(false);
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.send.hidden = busy;
    this.stop.hidden = !busy;
  }

  setText(text: string): void {
    this.input.value = text;
    this.autosize();
  }

  /** The host shows a user message with `text`: when it is the prompt on its way, the box empties. */
  sent(text: string): void {
    if (!this.handoff.acknowledge(text)) return;
    this.host.saveSending(undefined);
    // Edited since Enter: what is there now is a new draft.
    if (this.input.value !== text) return;
    this.setText('');
    this.host.saveDraft('');
    if (this.draftTimer !== undefined) clearTimeout(this.draftTimer);
    this.draftTimer = undefined;
    this.host.post({ type: 'draft', text: '' });
  }

  /** Puts back a prompt the host did not send, unless something new was typed meanwhile. */
  restore(text: string): void {
    // Still in the box: it never left.
    if (this.handoff.returned(text)) {
      this.host.saveSending(undefined);
      return;
    }
    if (this.input.value.trim() !== '') return;
    this.setText(text);
    this.onInput();
  }

  focus(): void {
    this.input.focus();
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'Escape' && this.busy) {
      e.preventDefault();
      this.host.post({ type: 'stop' });
    } else if (e.key === 'ArrowUp' && this.input.value === '') {
      const last = this.host.lastPrompt();
      if (last !== undefined) {
        e.preventDefault();
        this.setText(last);
        this.onInput();
      }
    }
  }

  private onInput(): void {
    this.autosize();
    this.host.saveDraft(this.input.value);
    if (this.draftTimer !== undefined) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => {
      this.draftTimer = undefined;
      this.host.post({ type: 'draft', text: this.input.value });
    }, DRAFT_DELAY_MS);
  }

  /** Sends a draft still waiting for its delay to the host at once. */
  private flushDraft(): void {
    if (this.draftTimer === undefined) return;
    clearTimeout(this.draftTimer);
    this.draftTimer = undefined;
    this.host.post({ type: 'draft', text: this.input.value });
  }

  private submit(): void {
    const text = this.input.value;
    if (this.busy || text.trim() === '') return;
    if (text.length > MAX_PROMPT_CHARS) {
      this.host.notice(`The prompt is ${text.length.toLocaleString('en-US')} characters long; at most ${MAX_PROMPT_CHARS.toLocaleString('en-US')} can be sent.`, 'warning');
      return;
    }
    // One prompt on its way at a time: a second Enter before the host shows it sends nothing.
    if (!this.handoff.begin(text)) return;
    this.host.saveSending(text);
    this.host.post({ type: 'send', text });
  }

  private autosize(): void {
    // CSSOM writes are allowed under the CSP (only inline style attributes are not).
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 240)}px`;
  }
}
