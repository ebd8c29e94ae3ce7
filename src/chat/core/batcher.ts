// Coalesces streamed deltas into at most one webview post per interval. At
// 5,000 tokens/s a post per token would queue thousands of IPC messages a
// second; one post per ~16 ms carries the concatenated text instead. The first
// delta after a quiet interval goes out at once so the time to first token is
// not delayed, and the end of the stream is flushed at once by the caller.
import type { StreamDelta } from '../../providers/types';
import type { Clock, TimerHandle, Timers } from '../../shared/clock';

export interface DeltaBatch {
  /** Length of the content already posted before this batch. */
  contentOffset: number;
  content: string;
  reasoningOffset: number;
  reasoning: string;
}

export const DEFAULT_FLUSH_INTERVAL_MS = 16;

export class DeltaBatcher {
  private content: string[] = [];
  private reasoning: string[] = [];
  private contentPosted = 0;
  private reasoningPosted = 0;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | undefined;
  private disposed = false;

  constructor(
    private readonly emit: (batch: DeltaBatch) => void,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly intervalMs = DEFAULT_FLUSH_INTERVAL_MS,
  ) {}

  push(delta: StreamDelta): void {
    if (this.disposed || delta.text === '') return;
    (delta.kind === 'content' ? this.content : this.reasoning).push(delta.text);
    if (this.timer) return;
    const wait = this.lastFlushAt + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.flush();
    } else {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, wait);
    }
  }

  /** Posts whatever is pending now (end of stream, abort, error). */
  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.disposed || (this.content.length === 0 && this.reasoning.length === 0)) return;
    const content = this.content.join('');
    const reasoning = this.reasoning.join('');
    this.content = [];
    this.reasoning = [];
    const batch: DeltaBatch = {
      contentOffset: this.contentPosted,
      content,
      reasoningOffset: this.reasoningPosted,
      reasoning,
    };
    this.contentPosted += content.length;
    this.reasoningPosted += reasoning.length;
    this.lastFlushAt = this.clock.now();
    this.emit(batch);
  }

  dispose(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.disposed = true;
    this.content = [];
    this.reasoning = [];
  }
}
