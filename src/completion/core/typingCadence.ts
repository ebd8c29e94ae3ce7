// The user's typing rhythm: the gap between keystrokes the debounce compares
// the endpoint's speed with.
import { RecentWindow } from './recentWindow';
import { TYPING_PAUSE_MS, TYPING_WINDOW } from './tuning';

/** The user's typing rhythm from the times of their edits; long gaps are pauses, not rhythm. */
export class TypingCadence {
  private last: number | undefined;
  private readonly gaps: RecentWindow;

  constructor(
    private readonly pauseMs = TYPING_PAUSE_MS,
    window = TYPING_WINDOW,
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
