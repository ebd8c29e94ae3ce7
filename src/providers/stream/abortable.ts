// Ending a stream that will not end by itself: a watchdog for a server that
// goes quiet mid-answer, and iteration that stops at an abort even when the
// response body never finishes.
import type { Clock, TimerHandle, Timers } from '../../shared/clock';

/**
 * Aborts the request when nothing arrived for `ms` after `touch()` was last called. One timer
 * re-armed lazily (when it fires early it waits out the rest) rather than one per chunk.
 */
export function stallWatchdog(clock: Clock, timers: Timers, ms: number, onStall: () => void) {
  let lastAt = 0;
  let timer: TimerHandle | undefined;
  const arm = (wait: number) => {
    timer = timers.setTimeout(() => {
      const idle = clock.now() - lastAt;
      if (idle < ms) return arm(ms - idle);
      timer = undefined;
      onStall();
    }, wait);
  };
  return {
    touch(now: number) {
      lastAt = now;
      if (!timer) arm(ms);
    },
    cancel() {
      timer?.cancel();
      timer = undefined;
    },
  };
}

/**
 * Iterates `source` until it ends or `signal` aborts, whichever comes first. Node's fetch
 * leaves a read pending forever when a request is aborted after its body has arrived but
 * before it was read (often: a completion's stop rule aborts right as the server finishes),
 * so the SDK's iteration cannot be trusted to end after an abort.
 */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const aborted = new Promise<IteratorResult<T>>((resolve) => {
    if (signal.aborted) resolve({ done: true, value: undefined });
    else signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true });
  });
  let finished = false;
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) {
        finished = !signal.aborted;
        return;
      }
      yield next.value;
    }
  } finally {
    // Not awaited: after an abort the SDK's generator may never get to run its cleanup.
    if (!finished) void iterator.return?.()?.catch(() => undefined);
  }
}
