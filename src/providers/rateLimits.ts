// Rate-limit cooldowns per profile. A 429 (or a response saying the quota is used up)
// puts the profile into a cooldown; requests made during it fail fast without touching
// the network, so a rate-limited provider is not hammered by every keystroke.
import type { Clock, TimerHandle, Timers } from '../shared/clock';
import { Emitter } from '../shared/events';
import type { RateLimitHeaderStyle } from './types';

export type { RateLimitHeaderStyle };

export type HeaderSource = Headers | Record<string, string | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : record[key];
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * Parses Go-style durations as OpenAI and Groq send them ("6m0s", "1.5s", "12ms", "2h3m4s").
 * Returns undefined for anything else.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(match[1]) * UNIT_MS[match[2]];
  return total;
}

/**
 * Reads one reset value as milliseconds from now. Durations with units are unambiguous;
 * bare numbers are seconds, except where the style (or the size) says they are a timestamp.
 */
export function parseResetValue(text: string, style: RateLimitHeaderStyle, wallNow: number): number | undefined {
  const duration = parseDuration(text);
  if (duration !== undefined) return duration;
  const value = Number(text.trim());
  if (!Number.isFinite(value) || value < 0) {
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - wallNow);
  }
  if (style === 'openrouter' || value > 1e12) return Math.max(0, value - wallNow);
  if (value > 1e9) return Math.max(0, value * 1000 - wallNow);
  return value * 1000;
}

/** Retry-After is seconds or an HTTP date; retry-after-ms is milliseconds. */
export function parseRetryAfter(headers: HeaderSource, wallNow: number): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = header(headers, 'retry-after');
  if (value === undefined) return undefined;
  if (Number.isFinite(Number(value))) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - wallNow);
}

/** The limit families that come as remaining/reset pairs. */
const LIMIT_SUFFIXES = ['requests', 'tokens', 'requests-day', 'tokens-minute', 'requests-minute', 'tokens-day', ''];

interface LimitReading {
  remaining?: number;
  resetMs?: number;
}

function readLimits(headers: HeaderSource, style: RateLimitHeaderStyle, wallNow: number): LimitReading[] {
  const out: LimitReading[] = [];
  for (const suffix of LIMIT_SUFFIXES) {
    const tail = suffix === '' ? '' : `-${suffix}`;
    const remainingText = header(headers, `x-ratelimit-remaining${tail}`);
    const resetText = header(headers, `x-ratelimit-reset${tail}`);
    if (remainingText === undefined && resetText === undefined) continue;
    const remaining = remainingText !== undefined && Number.isFinite(Number(remainingText)) ? Number(remainingText) : undefined;
    const resetMs = resetText !== undefined ? parseResetValue(resetText, style, wallNow) : undefined;
    out.push({ remaining, resetMs });
  }
  return out;
}

/** Without any hint, wait this long after a 429 before trying again. */
export const DEFAULT_COOLDOWN_MS = 10_000;
/** Never trust a header that asks to wait longer than a day. */
const MAX_COOLDOWN_MS = 24 * 3_600_000;

/**
 * How long to stay away after this response, or undefined when nothing says to wait.
 * 429: Retry-After first, else the reset of an exhausted limit, else the soonest reset,
 * else DEFAULT_COOLDOWN_MS. Other responses: only when a limit reports 0 remaining.
 */
export function cooldownFromResponse(
  status: number,
  headers: HeaderSource,
  style: RateLimitHeaderStyle,
  wallNow: number,
): number | undefined {
  const limits = readLimits(headers, style, wallNow);
  const exhausted = limits.filter((l) => l.remaining === 0 && l.resetMs !== undefined).map((l) => l.resetMs as number);
  let ms: number | undefined;
  if (status === 429) {
    const resets = limits.filter((l) => l.resetMs !== undefined).map((l) => l.resetMs as number);
    ms =
      parseRetryAfter(headers, wallNow) ??
      (exhausted.length > 0 ? Math.max(...exhausted) : undefined) ??
      (resets.length > 0 ? Math.min(...resets) : undefined) ??
      DEFAULT_COOLDOWN_MS;
  } else if (status >= 200 && status < 300 && exhausted.length > 0) {
    ms = Math.max(...exhausted);
  }
  if (ms === undefined || ms <= 0) return undefined;
  return Math.min(ms, MAX_COOLDOWN_MS);
}

/** A cooldown started, was extended, or ended (remainingMs 0). */
export interface RateLimitChange {
  profileId: string;
  remainingMs: number;
}

/** Shared across clients: one cooldown per profile id, on an injected clock. */
export class RateLimitGate {
  private readonly until = new Map<string, number>();
  private readonly expiry = new Map<string, TimerHandle>();
  private readonly changed = new Emitter<RateLimitChange>();
  readonly onChange = this.changed.event;
  private readonly wallNow: () => number;
  private readonly timers?: Timers;

  constructor(
    private readonly clock: Clock,
    options: { timers?: Timers; wallNow?: () => number } = {},
  ) {
    this.wallNow = options.wallNow ?? Date.now;
    this.timers = options.timers;
  }

  /** Milliseconds left in this profile's cooldown; 0 when requests may go out. */
  remainingMs(profileId: string): number {
    const until = this.until.get(profileId);
    if (until === undefined) return 0;
    const left = until - this.clock.now();
    if (left > 0) return left;
    this.until.delete(profileId);
    return 0;
  }

  /** Starts (or extends, never shortens) a cooldown. */
  block(profileId: string, ms: number): void {
    const until = this.clock.now() + ms;
    if ((this.until.get(profileId) ?? 0) >= until) return;
    this.until.set(profileId, until);
    this.expiry.get(profileId)?.cancel();
    if (this.timers) {
      this.expiry.set(
        profileId,
        this.timers.setTimeout(() => {
          this.expiry.delete(profileId);
          if (this.remainingMs(profileId) === 0) this.emit(profileId, 0);
        }, ms),
      );
    }
    this.emit(profileId, ms);
  }

  clear(profileId: string): void {
    if (!this.until.delete(profileId)) return;
    this.expiry.get(profileId)?.cancel();
    this.expiry.delete(profileId);
    this.emit(profileId, 0);
  }

  /** Reads a response's status and headers; returns the cooldown it started, if any. */
  observe(profileId: string, status: number, headers: HeaderSource, style: RateLimitHeaderStyle = 'openai'): number | undefined {
    const ms = cooldownFromResponse(status, headers, style, this.wallNow());
    if (ms !== undefined) this.block(profileId, ms);
    return ms;
  }

  dispose(): void {
    for (const handle of this.expiry.values()) handle.cancel();
    this.expiry.clear();
    this.changed.clear();
  }

  private emit(profileId: string, remainingMs: number): void {
    this.changed.fire({ profileId, remainingMs });
  }
}
