// What the status bar needs to know about inline completions. The completion engine
// provides a CompletionStatusSource; the status bar only reads it.
import type { CompletionStatus } from '../../shared/completionStatus';
import type { Disposable } from '../../shared/lifecycle';

export type { CompletionStatus };

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
