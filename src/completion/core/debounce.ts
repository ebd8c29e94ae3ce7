// How long to wait after a keystroke before asking the endpoint.
//
// The cost being avoided is a request that the next keystroke makes useless
// before it shows anything. With L the expected time from request to ghost text
// and I the user's current gap between keystrokes: when L is well under I the
// answer usually lands before the next key, so waiting only adds latency (wait
// 0). When L is well over I, a request sent mid-burst is almost always wasted,
// so wait until the gap is clearly longer than the user's rhythm (a pause).
// In between, the wait grows linearly. Points where people usually pause (a new
// line, after `(` or `= `) get no wait: a pause is likely, and waiting there only
// delays the suggestion the user is about to look at. A key that contradicts the
// ghost text mid-word waits for the user's correction time (ghostText.ts): a
// typo is about to be deleted, whatever the endpoint's speed. And once the user
// has typed past several suggestions in a row without taking any, the endpoint
// is not guessing what they write: every request waits for a pause, pause
// points included, longer the longer the run; one suggestion taken ends it.
import type { DebounceMode } from '../../config/core/settings';
import { isAtLineStart, linePrefixOf } from './text';

export interface DebounceInput {
  mode: DebounceMode;
  fixedMs: number;
  /** The user asked for a suggestion (command or keybinding): no wait. */
  manual: boolean;
  /** Expected ms from sending a request to having something to show. */
  expectedShowMs: number;
  /** The user's recent gap between keystrokes, if known. */
  typingIntervalMs: number | undefined;
  likelyPause: boolean;
  /** The key just typed contradicts the ghost text mid-word: wait this long (the user's correction time). */
  contradictionWaitMs?: number;
  /** The user keeps typing past the suggestions: wait at least this long, pause points included. */
  ignoredWaitMs?: number;
}

/** Below this share of the typing gap, the answer beats the next key: no wait. */
export const FAST_RATIO = 0.5;
/** Above this share, a request mid-burst is wasted: wait for a pause. */
export const SLOW_RATIO = 1.5;
/** A gap this many times the typing rhythm counts as a pause. */
export const PAUSE_FACTOR = 1.5;
export const MAX_DELAY_MS = 600;
/** Assumed gap before the first few keystrokes were measured. */
export const DEFAULT_TYPING_INTERVAL_MS = 250;

export function debounceDelay(input: DebounceInput): number {
  if (input.manual) return 0;
  if (input.mode === 'fixed') return Math.max(0, input.fixedMs);
  const ignored = input.ignoredWaitMs ?? 0;
  if (input.likelyPause) return ignored;
  return Math.max(ignored, input.contradictionWaitMs ?? 0, rhythmDelay(input));
}

/** The wait from the endpoint's speed against the typing rhythm. */
function rhythmDelay(input: DebounceInput): number {
  const interval = input.typingIntervalMs ?? DEFAULT_TYPING_INTERVAL_MS;
  const ratio = input.expectedShowMs / Math.max(1, interval);
  if (ratio <= FAST_RATIO) return 0;
  const pauseWait = Math.min(MAX_DELAY_MS, PAUSE_FACTOR * interval);
  if (ratio >= SLOW_RATIO) return Math.round(pauseWait);
  return Math.round((pauseWait * (ratio - FAST_RATIO)) / (SLOW_RATIO - FAST_RATIO));
}

/** Suggestions typed past in a row before the engine waits for pauses. */
export const IGNORED_BEFORE_WAITING = 2;
/** The longest wait for a user who keeps typing past the suggestions. */
export const MAX_IGNORED_WAIT_MS = 1200;

/**
 * How many suggestions in a row the user typed something else over. While the
 * run is short nothing changes (a typo, one wrong guess); from
 * IGNORED_BEFORE_WAITING on, a request waits for a pause of 1.5× the typing
 * rhythm, half a rhythm more for each further suggestion passed by, up to
 * MAX_IGNORED_WAIT_MS. One suggestion taken (typed into or accepted) ends the run.
 */
export class IgnoredSuggestions {
  private run = 0;

  noteTaken(): void {
    this.run = 0;
  }

  notePassedBy(): void {
    this.run++;
  }

  get count(): number {
    return this.run;
  }

  /** The wait before asking; undefined while the run is too short to say anything. */
  waitMs(typingIntervalMs: number | undefined): number | undefined {
    if (this.run < IGNORED_BEFORE_WAITING) return undefined;
    const interval = typingIntervalMs ?? DEFAULT_TYPING_INTERVAL_MS;
    const factor = PAUSE_FACTOR + 0.5 * (this.run - IGNORED_BEFORE_WAITING);
    return Math.round(Math.min(MAX_IGNORED_WAIT_MS, factor * interval));
  }
}

/** The cursor sits where people usually stop to think: start of a line's text, after `(`, `= `, `: `. */
export function isLikelyPausePoint(prefix: string): boolean {
  if (isAtLineStart(prefix)) return true;
  return /(\(|=\s|:\s|=>\s|\{\s?)$/.test(linePrefixOf(prefix));
}

/** Median of a list; undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A bounded window of recent numbers with a robust middle. */
export class RecentWindow {
  private readonly values: number[] = [];

  constructor(private readonly capacity: number) {}

  push(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.values.push(value);
    if (this.values.length > this.capacity) this.values.shift();
  }

  get size(): number {
    return this.values.length;
  }

  median(): number | undefined {
    return median(this.values);
  }

  max(): number | undefined {
    return this.values.length > 0 ? Math.max(...this.values) : undefined;
  }
}

/** The user's typing rhythm from the times of their edits; long gaps are pauses, not rhythm. */
export class TypingCadence {
  private last: number | undefined;
  private readonly gaps: RecentWindow;

  constructor(
    private readonly pauseMs = 1500,
    window = 12,
  ) {
    this.gaps = new RecentWindow(window);
  }

  record(at: number): void {
    if (this.last !== undefined) {
      const gap = at - this.last;
      if (gap > 0 && gap < this.pauseMs) this.gaps.push(gap);
    }
    this.last = at;
  }

  /** Median gap between keystrokes, once at least three were seen. */
  intervalMs(): number | undefined {
    return this.gaps.size >= 3 ? this.gaps.median() : undefined;
  }
}

/** Expected time from request to something to show, from this engine's own requests or else the endpoint's first-token times. */
export class ShowLatencyEstimate {
  private readonly toShow = new RecentWindow(16);
  private readonly toFirstToken = new RecentWindow(16);

  constructor(
    private readonly external: () => readonly number[] = () => [],
    private readonly fallbackMs = 300,
  ) {}

  recordShowable(ms: number): void {
    this.toShow.push(ms);
  }

  recordFirstToken(ms: number): void {
    this.toFirstToken.push(ms);
  }

  estimateMs(): number {
    if (this.toShow.size >= 3) return this.toShow.median()!;
    // A first line takes a little longer than the first token.
    const ttft = this.toFirstToken.size >= 3 ? this.toFirstToken.median() : median(this.external().slice(-16));
    return ttft !== undefined ? ttft + 15 : this.fallbackMs;
  }
}
