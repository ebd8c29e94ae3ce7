// A server that is still loading its model (llama-server answers 503 "Loading model" until it
// is ready; LM Studio and vLLM say much the same) is not failing: the request is sent again,
// soon, until the server answers or the first-token timeout gives up on it.
import type { TimerHandle, Timers } from '../../shared/clock';
import type { ProviderError } from '../errors';

const LOADING = /loading model|model (is )?(still )?loading|model is not (yet )?(loaded|ready)|loading the model/i;

/** Whether a failure says the model is being loaded. */
export function isModelLoading(error: ProviderError): boolean {
  return error.status === 503 && LOADING.test(error.message);
}

/** Waits before the next try: 250 ms, 500 ms, then every second, so work resumes within a second of the server being ready. */
export function loadingBackoffMs(attempt: number): number {
  return Math.min(1000, 250 * 2 ** attempt);
}

/** Resolves after `ms` on the injected timers, or at once when `signal` aborts. */
export function pause(timers: Timers, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      timer.cancel();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer: TimerHandle = timers.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Opens the stream, trying again with backoff while the server says its model is loading.
 * `onLoading` hears of each wait (with the attempt number); the caller's first-token timeout
 * aborts `signal` to give up.
 */
export async function openWhenLoaded<T>(
  open: (signal: AbortSignal) => Promise<T>,
  toError: (err: unknown) => ProviderError,
  timers: Timers,
  signal: AbortSignal,
  onLoading: (attempt: number, waitMs: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    // Each try has its own signal, so a failed one leaves no listener on the request's.
    const tryController = new AbortController();
    const forward = () => tryController.abort();
    if (signal.aborted) tryController.abort();
    else signal.addEventListener('abort', forward, { once: true });
    try {
      return await open(tryController.signal);
    } catch (err) {
      signal.removeEventListener('abort', forward);
      if (signal.aborted || !isModelLoading(toError(err))) throw err;
      const wait = loadingBackoffMs(attempt);
      onLoading(attempt, wait);
      await pause(timers, wait, signal);
      if (signal.aborted) throw err;
    }
  }
}
