// A manual clock and timer queue so timing logic runs deterministically.
import type { Clock, TimerHandle, Timers } from '../../../src/shared/clock';

export class ManualTime implements Clock, Timers {
  private current = 0;
  private nextId = 1;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.queue.set(id, { at: this.current + Math.max(0, ms), fn });
    return { cancel: () => this.queue.delete(id) };
  }

  get pendingTimers(): number {
    return this.queue.size;
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.queue) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.queue.delete(next[0]);
      this.current = next[1].at;
      next[1].fn();
    }
    this.current = target;
  }
}
