// Keeps the status bar's view current: listens to the live meter, the history, the
// completion engine's state and the rate-limit gate, and publishes a StatusView whenever
// one of them changes (and every second while a countdown runs). Pure, so tests drive it
// with real observer events and an injected clock.
import type { SpeedSample, StreamObserver } from '../../providers/types';
import type { TimerHandle, Timers } from '../../shared/clock';
import { Emitter } from '../../shared/events';
import { DisposableStore, type Disposable } from '../../shared/lifecycle';
import type { CompletionStatus, CompletionStatusSource, CooldownSource } from './completionStatus';
import type { SpeedHistory } from './history';
import type { LiveSpeedMeter } from './liveMeter';
import { promptCacheShare, speedFigure } from './figure';
import { DEFAULT_STATS_WINDOW, summaryFor } from './stats';
import { buildStatusView, type StatusView } from './statusModel';

export interface ProviderRef {
  profileId: string;
  providerName: string;
  model: string;
}

export interface CurrentProviders {
  completion?: ProviderRef;
  chat?: ProviderRef;
}

export interface StatusControllerOptions {
  meter: LiveSpeedMeter;
  history: SpeedHistory;
  timers: Timers;
  /** Epoch ms (Date.now in production), for countdowns and "seconds ago". */
  wallNow: () => number;
  statsWindow?: number;
}

/**
 * Whether a finished request has figures worth showing at idle. A request cancelled before it
 * measured a rate (the user typed on) would replace good figures with a lone time to first token.
 */
function usable(sample: SpeedSample): boolean {
  if (sample.ttftMs === null || sample.error !== undefined) return false;
  return !sample.aborted || sample.tokensPerSecond !== null || sample.server !== null;
}

/** One provider+model's samples, oldest first. */
function seriesSamples(samples: readonly SpeedSample[], of: Pick<SpeedSample, 'profileId' | 'model'>): SpeedSample[] {
  return samples.filter((s) => s.profileId === of.profileId && s.model === of.model).sort((a, b) => a.startedAt - b.startedAt);
}

/** A StreamObserver that forwards to several, so one failing listener never breaks a request. */
export function fanOut(observers: readonly StreamObserver[], onError: (err: unknown) => void = () => undefined): StreamObserver {
  const call = (fn: (o: StreamObserver) => void) => {
    for (const observer of observers) {
      try {
        fn(observer);
      } catch (err) {
        onError(err);
      }
    }
  };
  return {
    onStart: (info) => call((o) => o.onStart?.(info)),
    onProgress: (info) => call((o) => o.onProgress?.(info)),
    onEnd: (info) => call((o) => o.onEnd?.(info)),
    onLoading: (info) => call((o) => o.onLoading?.(info)),
  };
}

/** Records every finished request into the history. */
export function historyRecorder(history: SpeedHistory): StreamObserver {
  return { onEnd: ({ sample }) => history.add(sample) };
}

export class StatusController {
  private completionSource: CompletionStatusSource | undefined;
  private cooldowns: CooldownSource | undefined;
  private providers: CurrentProviders = {};
  /** Epoch ms of the last switch of provider; chat figures from before it no longer describe what is in use. */
  private providersChangedAt = Number.NEGATIVE_INFINITY;
  private readonly viewChanged = new Emitter<StatusView>();
  readonly onView = this.viewChanged.event;
  private readonly subscriptions = new DisposableStore();
  private sourceSubscription: Disposable | undefined;
  private cooldownSubscription: Disposable | undefined;
  private tick: TimerHandle | undefined;
  private current: StatusView;

  constructor(private readonly options: StatusControllerOptions) {
    this.subscriptions.add(options.meter.onUpdate(() => this.refresh()));
    this.subscriptions.add(options.history.onChange(() => this.refresh()));
    this.current = this.compute();
  }

  get view(): StatusView {
    return this.current;
  }

  setCompletionStatus(source: CompletionStatusSource | undefined): void {
    this.sourceSubscription?.dispose();
    this.completionSource = source;
    this.sourceSubscription = source?.onDidChange(() => this.refresh());
    this.refresh();
  }

  setCooldowns(source: CooldownSource | undefined): void {
    this.cooldownSubscription?.dispose();
    this.cooldowns = source;
    this.cooldownSubscription = source?.onChange(() => this.refresh());
    this.refresh();
  }

  setProviders(providers: CurrentProviders): void {
    const before = this.providers;
    const changed =
      before.completion?.profileId !== providers.completion?.profileId || before.chat?.profileId !== providers.chat?.profileId;
    // The first call describes the providers at startup, not a switch.
    if (changed && (before.completion || before.chat)) this.providersChangedAt = this.options.wallNow();
    this.providers = providers;
    this.refresh();
  }

  /** Recomputes the view and tells listeners. */
  refresh(): void {
    this.tick?.cancel();
    this.tick = undefined;
    this.current = this.compute();
    this.viewChanged.fire(this.current);
    if (this.current.state === 'rate-limited' || this.current.state === 'snoozed') {
      // Countdowns change every second even when nothing else does.
      this.tick = this.options.timers.setTimeout(() => this.refresh(), 1000);
    }
  }

  dispose(): void {
    this.tick?.cancel();
    this.sourceSubscription?.dispose();
    this.cooldownSubscription?.dispose();
    this.subscriptions.dispose();
    this.viewChanged.clear();
  }

  /**
   * The finished request whose figures the idle status bar shows: the newest measured one to
   * the completion provider, or to the chat provider when that is newer and came after the
   * last switch of provider. Before any provider is known, the newest measured one.
   */
  idleSample(): SpeedSample | undefined {
    const { completion, chat } = this.providers;
    const wanted = (s: SpeedSample) => {
      if (!usable(s)) return false;
      if (!completion && !chat) return true;
      if (completion && s.profileId === completion.profileId) return true;
      return chat !== undefined && s.profileId === chat.profileId && s.startedAt >= this.providersChangedAt;
    };
    const live = this.options.meter.snapshot().lastMeasured;
    const samples = this.options.history.samples;
    let stored: SpeedSample | undefined;
    for (let i = samples.length - 1; i >= 0 && !stored; i--) if (wanted(samples[i])) stored = samples[i];
    const candidates = [live, stored].filter((s): s is SpeedSample => s !== undefined && wanted(s));
    return candidates.sort((a, b) => b.startedAt - a.startedAt)[0];
  }

  private compute(): StatusView {
    const now = this.options.wallNow();
    const live = this.options.meter.snapshot();
    const completion: CompletionStatus = this.completionSource?.status ?? { state: 'ready' };
    const completionProvider = this.providers.completion;
    const cooldownMs = completionProvider && this.cooldowns ? this.cooldowns.remainingMs(completionProvider.profileId) : 0;
    const idleSample = this.idleSample();
    const shown = live.active ?? idleSample;
    const stats = shown
      ? summaryFor(this.options.history.samples, shown.profileId, shown.model, this.options.statsWindow ?? DEFAULT_STATS_WINDOW)
      : null;
    const series = shown ? seriesSamples(this.options.history.samples, shown) : [];
    return buildStatusView({
      now, completion, completionProvider, cooldownMs, live, idleSample, stats, figure: speedFigure(series), promptCache: promptCacheShare(series),
    });
  }
}
