// Speed statistics over recorded samples: percentiles per provider and model.
// Pure: the inputs are plain SpeedSamples, so the same code serves the status bar
// tooltip, the dashboard and Compare Providers.
import { SERVER_DEFAULT_MODEL, type SpeedSample } from '../../providers/types';

/** How many of the latest samples per provider and model feed the percentiles. */
export const DEFAULT_STATS_WINDOW = 50;

/**
 * The p-th percentile (0..100) with linear interpolation between the closest ranks,
 * so p50 of an even-sized set is the mean of the two middle values. Null when empty.
 */
export function percentile(values: readonly number[], p: number): number | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const clamped = Math.min(100, Math.max(0, p));
  const rank = (clamped / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}

/** The distribution of one figure. */
export interface FigureSummary {
  count: number;
  p50: number;
  p90: number;
  mean: number;
  min: number;
  max: number;
}

export function summarizeValues(values: readonly number[]): FigureSummary | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  return {
    count: finite.length,
    p50: percentile(finite, 50) as number,
    p90: percentile(finite, 90) as number,
    mean: finite.reduce((a, b) => a + b, 0) / finite.length,
    min: Math.min(...finite),
    max: Math.max(...finite),
  };
}

/** Statistics for one provider profile and model. */
export interface SpeedSummary {
  profileId: string;
  providerName: string;
  model: string;
  /** Samples considered (the latest `window`), including aborted and failed ones. */
  requests: number;
  aborted: number;
  failed: number;
  ttftMs: FigureSummary | null;
  /** Client-measured decode tokens/second. */
  tokensPerSecond: FigureSummary | null;
  /** The server's own decode figure, where it sent one. */
  serverTokensPerSecond: FigureSummary | null;
  totalMs: FigureSummary | null;
  /** startedAt of the newest sample considered. */
  lastStartedAt: number;
}

/** Identifies the provider+model series a sample belongs to. */
export function seriesKey(sample: Pick<SpeedSample, 'profileId' | 'model'>): string {
  return `${sample.profileId}\u0000${sample.model}`;
}

/** Failed requests measure the failure, not the provider's speed, so they feed no figure. */
function measurable(sample: SpeedSample): boolean {
  return sample.error === undefined;
}

/** Summarises the latest `window` samples of one series (samples in any order). */
export function summarizeSeries(samples: readonly SpeedSample[], window = DEFAULT_STATS_WINDOW): SpeedSummary | null {
  if (samples.length === 0) return null;
  const latest = [...samples].sort((a, b) => a.startedAt - b.startedAt).slice(-Math.max(1, window));
  const newest = latest[latest.length - 1];
  const ok = latest.filter(measurable);
  const numbers = (pick: (s: SpeedSample) => number | null | undefined) =>
    ok.map(pick).filter((v): v is number => typeof v === 'number');
  return {
    profileId: newest.profileId,
    providerName: newest.providerName,
    model: newest.model,
    requests: latest.length,
    aborted: latest.filter((s) => s.aborted).length,
    failed: latest.length - ok.length,
    ttftMs: summarizeValues(numbers((s) => s.ttftMs)),
    tokensPerSecond: summarizeValues(numbers((s) => s.tokensPerSecond)),
    serverTokensPerSecond: summarizeValues(numbers((s) => s.server?.tokensPerSecond)),
    totalMs: summarizeValues(numbers((s) => (s.aborted ? undefined : s.totalMs))),
    lastStartedAt: newest.startedAt,
  };
}

/**
 * Requests to a server's default model that failed before the server named its model carry
 * SERVER_DEFAULT_MODEL. They belong to the model that profile was last answered by, so they
 * are shown under it rather than as a row of their own; they stay apart only while the
 * profile has no named model at all.
 */
export function nameServerDefaults(samples: readonly SpeedSample[]): SpeedSample[] {
  const named = new Map<string, SpeedSample>();
  for (const s of samples) {
    if (s.model === SERVER_DEFAULT_MODEL) continue;
    const newest = named.get(s.profileId);
    if (!newest || s.startedAt >= newest.startedAt) named.set(s.profileId, s);
  }
  if (named.size === 0) return [...samples];
  return samples.map((s) => {
    const model = s.model === SERVER_DEFAULT_MODEL ? named.get(s.profileId)?.model : undefined;
    return model === undefined ? s : { ...s, model };
  });
}

/** Groups samples by provider profile and model (see nameServerDefaults). */
export function groupBySeries(samples: readonly SpeedSample[]): Map<string, SpeedSample[]> {
  const groups = new Map<string, SpeedSample[]>();
  for (const sample of nameServerDefaults(samples)) {
    const key = seriesKey(sample);
    const group = groups.get(key);
    if (group) group.push(sample);
    else groups.set(key, [sample]);
  }
  return groups;
}

/** One summary per provider+model, most recently used first. */
export function summarizeBySeries(samples: readonly SpeedSample[], window = DEFAULT_STATS_WINDOW): SpeedSummary[] {
  return [...groupBySeries(samples).values()]
    .map((group) => summarizeSeries(group, window))
    .filter((s): s is SpeedSummary => s !== null)
    .sort((a, b) => b.lastStartedAt - a.lastStartedAt);
}

/** The summary of one provider+model, or null when it has no samples. */
export function summaryFor(
  samples: readonly SpeedSample[],
  profileId: string,
  model: string,
  window = DEFAULT_STATS_WINDOW,
): SpeedSummary | null {
  return summarizeSeries(
    nameServerDefaults(samples.filter((s) => s.profileId === profileId)).filter((s) => s.model === model),
    window,
  );
}
