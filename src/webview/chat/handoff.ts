// A prompt stays in the box until the host shows it as sent. Enter sends it; the box empties
// when the host's copy of the message arrives. A prompt that never arrives there (the page
// torn down with the message on its way, a message the host could not read) is still in the
// box after a few seconds, with a word saying so, instead of gone.

import type { ConversationView } from '../../shared/chatProtocol';

/** What the page keeps across being hidden (the webview state). */
export interface PageState {
  draft?: string;
  /** A prompt sent and not yet shown by the host when the page was last seen. */
  sending?: string;
}

export interface HandoffTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** How long the host has to show a sent prompt before the box says it did not. */
export const HANDOFF_TIMEOUT_MS = 5000;

export class PromptHandoff {
  private pending: { text: string; timer: unknown } | undefined;

  constructor(
    private readonly timers: HandoffTimers,
    /** The host did not show `text` in time; it is sendable again. */
    private readonly notTaken: (text: string) => void,
    private readonly timeoutMs = HANDOFF_TIMEOUT_MS,
  ) {}

  /** The prompt on its way to the host, if any. */
  get waiting(): string | undefined {
    return this.pending?.text;
  }

  /** Starts sending `text`; false while another prompt is still on its way. */
  begin(text: string): boolean {
    if (this.pending) return false;
    const timer = this.timers.setTimeout(() => {
      this.pending = undefined;
      this.notTaken(text);
    }, this.timeoutMs);
    this.pending = { text, timer };
    return true;
  }

  /** The host showed a user message with `text`: true when it is the prompt on its way. */
  acknowledge(text: string): boolean {
    if (this.pending?.text !== text) return false;
    this.timers.clearTimeout(this.pending.timer);
    this.pending = undefined;
    return true;
  }

  /** The host gave `text` back (it was not sent): true when it is the prompt on its way. */
  returned(text: string): boolean {
    return this.acknowledge(text);
  }
}

/** The text of the conversation's last user message. */
export function lastPromptOf(conversation: ConversationView): string | undefined {
  return [...conversation.messages].reverse().find((m) => m.role === 'user')?.content;
}

/**
 * What the box holds when the host's snapshot arrives, and the page state after it: the page's
 * own draft (newer than the host's copy, which is written with a delay), unless it is a prompt
 * that was on its way when the page was last seen and has since arrived as the last prompt.
 */
export function draftOnInit(state: PageState, lastPrompt: string | undefined, hostDraft: string): { draft: string; state: PageState } {
  const draft = state.draft ?? hostDraft;
  if (state.sending === undefined) return { draft, state };
  const arrived = lastPrompt === state.sending && draft === state.sending;
  return arrived ? { draft: '', state: { ...state, sending: undefined, draft: '' } } : { draft, state: { ...state, sending: undefined } };
}
