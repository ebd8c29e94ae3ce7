/** Time source injected into every piece of timing logic so tests can drive it. */
export interface Clock {
  /** Milliseconds on a monotonic scale (performance.now() in production). */
  now(): number;
}

export const systemClock: Clock = { now: () => performance.now() };

/** Cancels a pending timer created through a {@link Timers}. */
export type TimerHandle = { cancel(): void };

/** Timer source injected alongside the clock, so debounce and cooldown logic is testable. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
}

export const systemTimers: Timers = {
  setTimeout(fn, ms) {
    const id = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(id) };
  },
};

/**
 * Milliseconds since the epoch on a monotonic scale (performance.now() counted
 * from the process's time origin): durations are as steady as systemClock's,
 * and the times compare with Date.now(), so they can be stored and shown.
 */
export const epochClock: Clock = { now: () => performance.timeOrigin + performance.now() };
