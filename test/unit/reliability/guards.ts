// What every reliability test checks after the fact: no promise rejected without a
// handler, and no timer or socket left behind once the work is over.

/** Counts unhandled promise rejections while installed (mocha's own handler stays in place). */
export class UnhandledRejections {
  readonly seen: unknown[] = [];
  private readonly listener = (reason: unknown) => void this.seen.push(reason);

  install(): void {
    process.on('unhandledRejection', this.listener);
  }

  uninstall(): void {
    process.off('unhandledRejection', this.listener);
  }

  /** Rejections since `from`, as text for an assertion message. */
  since(from: number): string[] {
    return this.seen.slice(from).map((r) => (r instanceof Error ? `${r.name}: ${r.message}` : String(r)));
  }
}

/** Active handles by type (Timeout, TCPSocketWrap, …), as Node reports them. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/**
 * Polls `condition` until it holds or the time is up; returns whether it held. `timeoutMs` is
 * what the condition normally needs on an idle machine; the wait allows at least 30 s, so a
 * busy machine makes the test slower, never red.
 */
export async function eventually(condition: () => boolean, timeoutMs = 2000, intervalMs = 10): Promise<boolean> {
  const end = Date.now() + Math.max(timeoutMs, 30_000);
  for (;;) {
    if (condition()) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Resources that outlive a piece of work. Timers must all be gone; sockets may stay up to
 * `socketsAllowed` (an idle keep-alive connection of fetch's pool, both ends in this process).
 */
export async function leftOpen(baseline: Record<string, number>, socketsAllowed = 2): Promise<string[]> {
  const excess = () => {
    const now = activeResources();
    const out: string[] = [];
    for (const [type, n] of Object.entries(now)) {
      const extra = n - (baseline[type] ?? 0);
      if (type === 'TCPSocketWrap' ? extra > socketsAllowed : extra > 0 && (type === 'Timeout' || type === 'TCPServerWrap')) out.push(`${extra} × ${type}`);
    }
    return out;
  };
  await eventually(() => excess().length === 0, 3000);
  const left = excess();
  return left.length === 0 ? left : [...left, ...pendingTimers()];
}

/** The pending timers' callbacks, shortened, to say in a failure which code left one. */
export function pendingTimers(): string[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const timers: string[] = [];
  for (const h of handles) {
    const callback = (h as { _onTimeout?: unknown })._onTimeout;
    if (h?.constructor?.name === 'Timeout' && typeof callback === 'function') timers.push(`timer: ${String(callback).replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  return timers;
}
