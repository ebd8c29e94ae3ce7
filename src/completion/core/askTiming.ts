// When to ask: what each keystroke says about the user (their rhythm, a key
// that contradicts the ghost text, suggestions typed past) and what the
// engine's own requests say about the endpoint's speed, turned into the wait
// before a request (debounce.ts).
import { debounceDelay, isLikelyPausePoint } from './debounce';
import { CorrectionTiming, GhostTextTracker } from './ghostText';
import { IgnoredSuggestions } from './ignoredSuggestions';
import type { SessionTimings } from './session';
import { ShowLatencyEstimate } from './showLatency';
import { TypingCadence } from './typingCadence';
import type { CompletionInput, EngineOptions, EngineRule } from './types';

export class AskTiming {
  private readonly cadence = new TypingCadence();
  private readonly ghostText = new GhostTextTracker();
  private readonly corrections = new CorrectionTiming();
  private readonly ignored = new IgnoredSuggestions();
  private readonly latency: ShowLatencyEstimate;

  /** `recentTtftMs`: the endpoint's first-token times from elsewhere, until the engine has its own. */
  constructor(recentTtftMs: () => readonly number[]) {
    this.latency = new ShowLatencyEstimate(recentTtftMs);
  }

  /**
   * An edit at `now` (`previous`: the call before it). Returns whether the key
   * contradicts the ghost text the user was shown.
   */
  noteEdit(input: CompletionInput, previous: CompletionInput | undefined, now: number): boolean {
    const contradicts = this.ghostText.contradicts(input);
    this.cadence.record(now);
    const deleted = previous?.docKey === input.docKey && input.offset < previous.offset;
    this.corrections.noteEdit(now, { contradicts, deleted });
    const verdict = this.ghostText.verdict(input);
    if (verdict === 'taken') this.ignored.noteTaken();
    else if (verdict === 'passed-by') this.ignored.notePassedBy();
    return contradicts;
  }

  /** A suggestion is on screen at `input`. */
  noteShown(input: CompletionInput, text: string): void {
    this.ghostText.noteShown(input, text);
  }

  /** An edit was answered with nothing: no ghost text on screen. */
  noteHidden(): void {
    this.ghostText.noteHidden();
  }

  /** A request ended: how long it took to its first token and to something to show. */
  noteRequest(timings: SessionTimings): void {
    if (timings.firstTokenAt !== undefined) this.latency.recordFirstToken(timings.firstTokenAt - timings.startedAt);
    if (timings.showableAt !== undefined) this.latency.recordShowable(timings.showableAt - timings.startedAt);
  }

  /** The wait before asking at `input`. */
  delayMs(input: CompletionInput, contradicts: boolean, options: EngineOptions, ruleOn: (rule: EngineRule) => boolean): number {
    const typingIntervalMs = this.cadence.intervalMs();
    return debounceDelay({
      mode: options.debounce,
      fixedMs: options.fixedDebounceMs,
      manual: input.trigger === 'manual',
      expectedShowMs: this.latency.estimateMs(),
      typingIntervalMs,
      likelyPause: isLikelyPausePoint(input.prefix),
      contradictionWaitMs: contradicts && ruleOn('wait-after-contradiction') ? this.corrections.waitMs() : undefined,
      ignoredWaitMs: ruleOn('wait-when-ignored') ? this.ignored.waitMs(typingIntervalMs) : undefined,
    });
  }
}
