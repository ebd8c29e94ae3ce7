// How long a request takes to have something to show: the other side of the
// debounce's comparison with the typing rhythm.
import { median, RecentWindow } from './recentWindow';
import { FALLBACK_SHOW_MS, FIRST_LINE_AFTER_TOKEN_MS, LATENCY_WINDOW } from './tuning';

/** Expected time from request to something to show, from this engine's own requests or else the endpoint's first-token times. */
export class ShowLatencyEstimate {
  private readonly toShow = new RecentWindow(LATENCY_WINDOW);
  private readonly toFirstToken = new RecentWindow(LATENCY_WINDOW);

  constructor(
    private readonly external: () => readonly number[] = () => [],
    private readonly fallbackMs = FALLBACK_SHOW_MS,
  ) {}

  recordShowable(ms: number): void {
    this.toShow.push(ms);
  }

  recordFirstToken(ms: number): void {
    this.toFirstToken.push(ms);
  }

  estimateMs(): number {
    if (this.toShow.size >= 3) return this.toShow.median()!;
    const ttft = this.toFirstToken.size >= 3 ? this.toFirstToken.median() : median(this.external().slice(-LATENCY_WINDOW));
    return ttft !== undefined ? ttft + FIRST_LINE_AFTER_TOKEN_MS : this.fallbackMs;
  }
}
