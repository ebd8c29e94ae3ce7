// The single-consumer queue between the pump that reads a response and the
// iterator its caller reads deltas from: deltas wait here until asked for, and
// an error is handed to the reader after the deltas before it.
import type { StreamDelta } from '../types';

type Waiter = { resolve(r: IteratorResult<StreamDelta>): void; reject(e: unknown): void };

/** Single-consumer queue between the pump and the iterator. */
export class DeltaQueue {
  private readonly items: StreamDelta[] = [];
  private waiter?: Waiter;
  private closed = false;
  private error?: unknown;

  push(delta: StreamDelta): void {
    if (this.closed) return;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter.resolve({ value: delta, done: false });
    else this.items.push(delta);
  }

  close(error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.error = error;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (!waiter) return;
    if (error !== undefined) {
      this.error = undefined;
      waiter.reject(error);
    } else waiter.resolve({ value: undefined, done: true });
  }

  iterator(onStop: () => void): AsyncIterator<StreamDelta> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item) return Promise.resolve({ value: item, done: false });
        if (this.closed) {
          const error = this.error;
          this.error = undefined;
          return error !== undefined ? Promise.reject(error) : Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
      },
      return: () => {
        onStop();
        this.items.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
