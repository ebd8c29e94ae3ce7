// The state of inline completions as the status bar shows it: written by the completion
// feature, read by the speed feature.

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
