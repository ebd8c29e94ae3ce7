// Turns the provider layer's per-request events into a live tokens/second figure
// for the status bar, published at most `maxUpdatesPerSecond` times a second.
import type { SpeedSample, StreamObserver } from '../../providers/types';
import type { Clock, TimerHandle, Timers } from '../../shared/clock';
import { Emitter } from '../../shared/events';
import { seriesKey } from './stats';

type StartInfo = Parameters<NonNullable<StreamObserver['onStart']>>[0];
type ProgressInfo = Parameters<NonNullable<StreamObserver['onProgress']>>[0];
type EndInfo = Parameters<NonNullable<StreamObserver['onEnd']>>[0];
type LoadingInfo = Parameters<NonNullable<StreamObserver['onLoading']>>[0];

/** A request that is streaming right now. */
export interface LiveRequest {
  requestId: number;
  profileId: string;
  providerName: string;
  model: string;
  kind: SpeedSample['kind'];
  /** Running count of tokens received, estimated from characters (and calibrated, see `calibrated`). */
  tokens: number;
  /** Request sent → latest delta, on the provider layer's clock. */
  elapsedMs: number;
  ttftMs: number | null;
  /**
   * Decode rate so far: tokens after the first delta / time since the first delta,
   * the same definition as SpeedSample.tokensPerSecond. Null until enough has arrived.
   */
  tokensPerSecond: number | null;
  /** The server's own running decode figure, when its events carry one (llama.cpp `timings_per_token`). */
  serverTokensPerSecond?: number;
  /** The server answered that it is loading its model; the request is being sent again. */
  loading?: boolean;
  /**
   * True when the running count is characters × the tokens-per-character ratio learnt from the
   * server's own token counts on earlier requests to this provider and model; false when it is
   * the provider layer's character estimate (a first request, or a server that sends no usage).
   */
  calibrated: boolean;
}

export interface LiveSnapshot {
  /** The most recently started request still streaming. */
  active: LiveRequest | undefined;
  activeCount: number;
  /** The newest finished request that measured something (a first token arrived, no failure). */
  lastMeasured: SpeedSample | undefined;
  /** The newest finished request of any outcome. */
  lastEnded: SpeedSample | undefined;
}

export interface LiveMeterOptions {
  /** Upper bound on published snapshots per second. */
  maxUpdatesPerSecond?: number;
  /** A live figure needs at least this much decode time behind it, so the first chunks do not show noise. */
  minDecodeMs?: number;
  /** ...and at least this many tokens after the first delta. */
  minDecodeTokens?: number;
}

interface Tracked {
  live: LiveRequest;
  /** Characters received, as the provider layer reported them. */
  chars: number;
  /** The count (tokens, calibrated or not) and time at the first delta. */
  firstTokens: number | null;
  firstElapsedMs: number | null;
  /** Learnt tokens per character for this provider+model, when known. */
  tokensPerChar: number | undefined;
}

/** Too few characters make a noisy tokens-per-character ratio. */
const MIN_CALIBRATION_CHARS = 80;

/** Live decode rate from running counts; null when too little has arrived to mean anything. */
export function liveTokensPerSecond(
  firstTokens: number | null,
  firstElapsedMs: number | null,
  tokens: number,
  elapsedMs: number,
  minDecodeMs: number,
  minDecodeTokens: number,
): number | null {
  if (firstTokens === null || firstElapsedMs === null) return null;
  const decodeTokens = tokens - firstTokens;
  const decodeMs = elapsedMs - firstElapsedMs;
  if (decodeMs < minDecodeMs || decodeTokens < minDecodeTokens || decodeMs <= 0) return null;
  return (decodeTokens * 1000) / decodeMs;
}

/**
 * A StreamObserver that tracks every request and publishes LiveSnapshots. Publishing is
 * throttled (leading and trailing edge) so a 3,000 tokens/second stream repaints the status
 * bar ten times a second, not three thousand.
 */
export class LiveSpeedMeter implements StreamObserver {
  private readonly requests = new Map<number, Tracked>();
  /**
   * Tokens per character per provider+model, learnt from finished requests whose server reported
   * usage. Characters do not depend on how the stream is chunked, so the ratio carries over.
   */
  private readonly tokensPerChar = new Map<string, number>();
  private lastMeasured: SpeedSample | undefined;
  private lastEnded: SpeedSample | undefined;
  private readonly published = new Emitter<LiveSnapshot>();
  /** Listens to published snapshots. */
  readonly onUpdate = this.published.event;
  private readonly minIntervalMs: number;
  private readonly minDecodeMs: number;
  private readonly minDecodeTokens: number;
  private lastPublishAt = Number.NEGATIVE_INFINITY;
  private pending: TimerHandle | undefined;
  private disposed = false;

  constructor(
    private readonly clock: Clock,
    private readonly timers: Timers,
    options: LiveMeterOptions = {},
  ) {
    this.minIntervalMs = 1000 / (options.maxUpdatesPerSecond ?? 10);
    this.minDecodeMs = options.minDecodeMs ?? 150;
    this.minDecodeTokens = options.minDecodeTokens ?? 10;
  }

  onStart(info: StartInfo): void {
    const tokensPerChar = this.tokensPerChar.get(seriesKey(info));
    this.requests.set(info.requestId, {
      live: { ...info, tokens: 0, elapsedMs: 0, ttftMs: null, tokensPerSecond: null, calibrated: tokensPerChar !== undefined },
      chars: 0,
      firstTokens: null,
      firstElapsedMs: null,
      tokensPerChar,
    });
    this.schedule();
  }

  onLoading(info: LoadingInfo): void {
    const tracked = this.requests.get(info.requestId);
    if (!tracked) return;
    tracked.live.loading = true;
    this.schedule();
  }

  onProgress(info: ProgressInfo): void {
    const tracked = this.requests.get(info.requestId);
    if (!tracked) return;
    const live = tracked.live;
    live.loading = false;
    if (info.chars !== undefined) tracked.chars = info.chars;
    // Without a character count the learnt ratio cannot apply: fall back to the estimate.
    if (info.chars === undefined && live.calibrated) live.calibrated = false;
    const tokens = live.calibrated && tracked.tokensPerChar !== undefined ? tracked.chars * tracked.tokensPerChar : info.tokens;
    if (tracked.firstTokens === null && tokens > 0) {
      tracked.firstTokens = tokens;
      tracked.firstElapsedMs = info.elapsedMs;
    }
    live.tokens = Math.round(tokens);
    live.elapsedMs = info.elapsedMs;
    live.ttftMs = info.ttftMs ?? live.ttftMs;
    if (info.serverTokensPerSecond !== undefined) live.serverTokensPerSecond = info.serverTokensPerSecond;
    live.tokensPerSecond = liveTokensPerSecond(
      tracked.firstTokens,
      tracked.firstElapsedMs,
      tokens,
      info.elapsedMs,
      this.minDecodeMs,
      this.minDecodeTokens,
    );
    this.schedule();
  }

  onEnd(info: EndInfo): void {
    const tracked = this.requests.get(info.requestId);
    const { sample } = info;
    if (tracked && !sample.tokensEstimated && sample.error === undefined && tracked.chars >= MIN_CALIBRATION_CHARS) {
      // Keyed by what onStart named: the server may report a longer model name in the sample.
      this.tokensPerChar.set(seriesKey(tracked.live), sample.completionTokens / tracked.chars);
    }
    this.requests.delete(info.requestId);
    this.lastEnded = info.sample;
    if (info.sample.ttftMs !== null && info.sample.error === undefined) this.lastMeasured = info.sample;
    this.schedule();
  }

  snapshot(): LiveSnapshot {
    let active: LiveRequest | undefined;
    // Map iteration is insertion order, so the last one is the most recently started.
    for (const tracked of this.requests.values()) active = tracked.live;
    return {
      active: active && { ...active },
      activeCount: this.requests.size,
      lastMeasured: this.lastMeasured,
      lastEnded: this.lastEnded,
    };
  }

  /** The learnt tokens-per-character ratios, to keep across restarts. */
  calibration(): Record<string, number> {
    return Object.fromEntries(this.tokensPerChar);
  }

  /** Restores ratios saved by `calibration()`; ignores anything that is not a plausible ratio. */
  restoreCalibration(saved: unknown): void {
    if (typeof saved !== 'object' || saved === null) return;
    for (const [key, value] of Object.entries(saved)) {
      if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 10) this.tokensPerChar.set(key, value);
    }
  }

  /** Seeds the idle figures (for example from persisted history) without publishing. */
  seed(sample: SpeedSample | undefined): void {
    if (sample && !this.lastMeasured && sample.ttftMs !== null && sample.error === undefined) {
      this.lastMeasured = sample;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.pending?.cancel();
    this.pending = undefined;
    this.published.clear();
  }

  private schedule(): void {
    if (this.disposed || this.pending) return;
    const wait = this.lastPublishAt + this.minIntervalMs - this.clock.now();
    if (wait <= 0) {
      this.publish();
      return;
    }
    this.pending = this.timers.setTimeout(() => {
      this.pending = undefined;
      this.publish();
    }, wait);
  }

  private publish(): void {
    if (this.disposed) return;
    this.lastPublishAt = this.clock.now();
    const snapshot = this.snapshot();
    this.published.fire(snapshot);
  }
}
