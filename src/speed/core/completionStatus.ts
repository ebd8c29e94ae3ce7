// What the status bar needs to know about inline completions. The completion engine
// provides a CompletionStatusSource; the status bar only reads it.
import type { Disposable } from '../../shared/lifecycle';

export type CompletionStatus =
  /** Enabled and idle. */
  | { state: 'ready' }
  /** Turned off by the setting or the toggle command; `reason` says why when it is something narrower (e.g. "Restricted Mode"). */
  | { state: 'disabled'; reason?: string }
  /** Paused by the snooze command until `until` (epoch ms, Date.now() scale). */
  | { state: 'snoozed'; until: number }
  /** A completion was asked for and no answer has arrived yet (debounce or request in flight). */
  | { state: 'waiting' }
  /** The last completion request failed; `message` is safe to show (no keys). */
  | { state: 'error'; message: string; errorKind?: string }
  /** The provider answered 429 or a cooldown is running; `until` is epoch ms when known. */
  | { state: 'rate-limited'; until?: number };

/** Implemented by the completion engine's adapter; a vscode.Event fits `onDidChange`. */
export interface CompletionStatusSource {
  readonly status: CompletionStatus;
  onDidChange(listener: (status: CompletionStatus) => unknown): { dispose(): unknown };
}

/** Shape of the provider layer's RateLimitGate that the status bar reads. */
export interface CooldownSource {
  remainingMs(profileId: string): number;
  onChange(listener: () => void): Disposable;
}
