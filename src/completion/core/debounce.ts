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
import { DEFAULT_TYPING_INTERVAL_MS, FAST_RATIO, MAX_DELAY_MS, PAUSE_FACTOR, SLOW_RATIO } from './tuning';

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

/** The cursor sits where people usually stop to think: start of a line's text, after `(`, `= `, `: `. */
export function isLikelyPausePoint(prefix: string): boolean {
  if (isAtLineStart(prefix)) return true;
  return /(\(|=\s|:\s|=>\s|\{\s?)$/.test(linePrefixOf(prefix));
}
