// The user who keeps typing past the suggestions: the endpoint is not guessing
// what they write, so every request waits for a pause, longer the longer the
// run; one suggestion taken ends it.
import { DEFAULT_TYPING_INTERVAL_MS, IGNORED_BEFORE_WAITING, IGNORED_WAIT_STEP, MAX_IGNORED_WAIT_MS, PAUSE_FACTOR } from './tuning';

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
    const factor = PAUSE_FACTOR + IGNORED_WAIT_STEP * (this.run - IGNORED_BEFORE_WAITING);
    return Math.round(Math.min(MAX_IGNORED_WAIT_MS, factor * interval));
  }
}
