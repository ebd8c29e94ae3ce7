// The state of inline completions as one plain object, and its reduction to
// the status bar's single state.
import type { CompletionStatus } from '../../shared/completionStatus';

export interface InlineCompletionState {
  /** The `completions.enabled` setting (the toggle command flips it). */
  enabled: boolean;
  /** Epoch ms until which completions are snoozed; null when not snoozed. */
  snoozedUntil: number | null;
  /** Why completions are off although enabled, e.g. Restricted Mode; null otherwise. */
  blockedReason: string | null;
  /** A request for the current spot is pending (debounce or waiting for its first line). */
  waiting: boolean;
  /** The last failure, with a message that is safe to show; cleared by the next success. */
  lastError: { kind: string; message: string; at: number } | null;
  /** Epoch ms until which automatic requests wait for a rate limit; null when none. */
  rateLimitedUntil: number | null;
}

export const INITIAL_STATE: InlineCompletionState = {
  enabled: true,
  snoozedUntil: null,
  blockedReason: null,
  waiting: false,
  lastError: null,
  rateLimitedUntil: null,
};

/** One state for the status bar, the most important first. */
export function toCompletionStatus(state: InlineCompletionState, now: number): CompletionStatus {
  if (!state.enabled) return { state: 'disabled' };
  if (state.blockedReason !== null) return { state: 'disabled', reason: state.blockedReason };
  if (state.snoozedUntil !== null && state.snoozedUntil > now) return { state: 'snoozed', until: state.snoozedUntil };
  if (state.rateLimitedUntil !== null && state.rateLimitedUntil > now) return { state: 'rate-limited', until: state.rateLimitedUntil };
  if (state.waiting) return { state: 'waiting' };
  if (state.lastError) return { state: 'error', message: state.lastError.message, errorKind: state.lastError.kind };
  return { state: 'ready' };
}

export function sameState(a: InlineCompletionState, b: InlineCompletionState): boolean {
  return (
    a.enabled === b.enabled &&
    a.snoozedUntil === b.snoozedUntil &&
    a.blockedReason === b.blockedReason &&
    a.waiting === b.waiting &&
    a.lastError === b.lastError &&
    a.rateLimitedUntil === b.rateLimitedUntil
  );
}
