// What the status bar needs to know (pending request, last error, rate limit)
// and the back-off that keeps a failing endpoint from being asked on every key.
// Rate-limit cooldowns have one owner, the provider layer's gate (it read the
// 429 and its headers): this only shows them and holds requests while they last.
import type { Clock } from '../../shared/clock';
import { Emitter } from '../../shared/events';
import { BACKOFF_MAX_MS, BACKOFF_START_MS } from './tuning';
import type { EngineActivity } from './types';

function errorKind(err: unknown): string {
  const kind = (err as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : 'unknown';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ActivityTracker {
  private current: EngineActivity = { waiting: false, lastError: null, rateLimitedUntil: null };
  private failures = 0;
  /** Back-off after failures that are not rate limits. */
  private backoffUntil = 0;
  private readonly changed = new Emitter<EngineActivity>();
  readonly onChange = this.changed.event;

  constructor(
    private readonly clock: Clock,
    private readonly externalRateLimitMs: () => number = () => 0,
  ) {}

  get snapshot(): EngineActivity {
    return this.current;
  }

  private set(patch: Partial<EngineActivity>): void {
    const next = { ...this.current, ...patch };
    if (
      next.waiting === this.current.waiting &&
      next.lastError === this.current.lastError &&
      next.rateLimitedUntil === this.current.rateLimitedUntil
    ) {
      return;
    }
    this.current = next;
    this.changed.fire(next);
  }

  setWaiting(waiting: boolean): void {
    this.set({ waiting });
  }

  recordSuccess(): void {
    this.failures = 0;
    this.backoffUntil = 0;
    if (this.current.lastError !== null || this.current.rateLimitedUntil !== null) this.set({ lastError: null, rateLimitedUntil: null });
  }

  recordFailure(err: unknown): void {
    const now = this.clock.now();
    const kind = errorKind(err);
    const lastError = { kind, message: errorMessage(err), at: now };
    if (kind === 'rate-limited') {
      const remaining = this.externalRateLimitMs();
      this.set({ lastError, rateLimitedUntil: remaining > 0 ? now + remaining : null });
      return;
    }
    this.failures++;
    this.backoffUntil = now + Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** (this.failures - 1));
    this.set({ lastError });
  }

  /** Whether the endpoint is in the provider layer's rate-limit cooldown. */
  rateLimited(): boolean {
    return this.externalRateLimitMs() > 0;
  }

  /** How long automatic requests are still held back (back-off or rate limit). */
  blockedMs(): number {
    const now = this.clock.now();
    if (this.current.rateLimitedUntil !== null && now >= this.current.rateLimitedUntil) this.set({ rateLimitedUntil: null });
    return Math.max(0, this.backoffUntil - now, this.externalRateLimitMs());
  }

  dispose(): void {
    this.changed.clear();
  }
}
