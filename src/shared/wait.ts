// An abortable wait on injected timers.
import type { Timers } from './clock';

/** Resolves true after `ms`, or false as soon as `signal` aborts; leaves no listener behind. */
export function waitFor(timers: Timers, ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      handle.cancel();
      resolve(false);
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
