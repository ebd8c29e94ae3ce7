// Deterministic time and sample builders for the speed tests.
import type { SpeedSample } from '../../../src/providers/types';
import type { Clock, TimerHandle, Timers } from '../../../src/shared/clock';

/** A clock and timers driven by `advance`, so throttling is tested without waiting. */
export class ManualTime implements Clock, Timers {
  private current = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const entry = { at: this.current + Math.max(0, ms), fn, id: this.nextId++ };
    this.queue.push(entry);
    return { cancel: () => (this.queue = this.queue.filter((e) => e !== entry)) };
  }

  get pendingTimers(): number {
    return this.queue.length;
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = this.queue.filter((e) => e.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.queue = this.queue.filter((e) => e !== due);
      this.current = due.at;
      due.fn();
    }
    this.current = end;
  }
}

let counter = 0;

/** A successful sample with sensible defaults; override what the test is about. */
export function sample(overrides: Partial<SpeedSample> = {}): SpeedSample {
  counter++;
  return {
    profileId: 'groq',
    providerName: 'Groq',
    model: 'llama-3.1-8b-instant',
    kind: 'completion',
    startedAt: 1_700_000_000_000 + counter * 1000,
    ttftMs: 100,
    totalMs: 300,
    completionTokens: 120,
    tokensEstimated: false,
    tokensPerSecond: 600,
    server: null,
    aborted: false,
    ...overrides,
  };
}

/** Reads "1,234 tok/s" and "95 ms" back out of a status bar text. */
export function figuresOf(text: string): { rate?: number; ttftMs?: number } {
  const rate = /([\d,.]+) tok\/s/.exec(text);
  const ttft = /· ([\d,]+) ms/.exec(text);
  return {
    rate: rate ? Number(rate[1].replace(/,/g, '')) : undefined,
    ttftMs: ttft ? Number(ttft[1].replace(/,/g, '')) : undefined,
  };
}
