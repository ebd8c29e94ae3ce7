// Turns samples and comparison results into the column arrays uPlot draws.
// No DOM here, so the shapes are unit-tested in Node.
import type { SpeedSample } from '../../providers/types';
import type { CompareResult, CompareRow } from '../../speed/core/compare';
import { figureHistory } from '../../speed/core/figure';
import { groupBySeries } from '../../speed/core/stats';

export interface SampleSeries {
  key: string;
  label: string;
  /** Oldest first. */
  samples: SpeedSample[];
}

/** uPlot's aligned data: one x column, then one y column per series (null where a series has no point). */
export interface AlignedData {
  x: number[];
  ys: (number | null)[][];
}

export type SampleFigure = (s: SpeedSample) => number | null | undefined;
/** A figure per sample of one series (oldest first), where a value may depend on the samples before it. */
export type SeriesFigure = (samples: readonly SpeedSample[]) => (number | null | undefined)[];

/** A figure read from each sample alone. */
export const perSample = (figure: SampleFigure): SeriesFigure => (samples) => samples.map(figure);

export const ttftOf: SeriesFigure = perSample((s) => (s.error === undefined ? s.ttftMs : null));
/** The decode figure the status bar showed after each request: pooled, as figure.ts defines it. */
export const decodeRateOf: SeriesFigure = (samples) =>
  figureHistory(samples).map((figure, i) => (samples[i].error === undefined ? figure?.tokensPerSecond : null));

/** One series per provider profile and model, in order of first use. */
export function seriesOf(samples: readonly SpeedSample[]): SampleSeries[] {
  return [...groupBySeries(samples).entries()].map(([key, group]) => ({
    key,
    label: `${group[group.length - 1].providerName} · ${group[0].model}`,
    samples: [...group].sort((a, b) => a.startedAt - b.startedAt),
  }));
}

/** A figure over time (x in seconds since the epoch, as uPlot's time scale expects). */
export function overTime(series: readonly SampleSeries[], figure: SeriesFigure): AlignedData {
  const xs = new Set<number>();
  const points = series.map((s) => {
    const byX = new Map<number, number>();
    const values = figure(s.samples);
    for (const [i, sample] of s.samples.entries()) {
      const value = values[i];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const x = sample.startedAt / 1000;
      byX.set(x, value);
      xs.add(x);
    }
    return byX;
  });
  const x = [...xs].sort((a, b) => a - b);
  return { x, ys: points.map((byX) => x.map((at) => byX.get(at) ?? null)) };
}

/**
 * The distribution of a figure per series as a cumulative share: y is the fraction of a
 * series' requests at or below x. Reading across at 0.5 and 0.9 gives p50 and p90.
 */
export function cumulative(series: readonly SampleSeries[], figure: SeriesFigure, steps = 80): AlignedData {
  const values = series.map((s) =>
    figure(s.samples)
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
      .sort((a, b) => a - b),
  );
  const all = values.flat();
  if (all.length === 0) return { x: [], ys: series.map(() => []) };
  const min = Math.min(...all);
  const max = Math.max(...all);
  const x =
    max === min ? [min] : Array.from({ length: steps + 1 }, (_, i) => min + ((max - min) * i) / steps);
  const ys = values.map((sorted) => {
    if (sorted.length === 0) return x.map(() => null);
    let below = 0;
    return x.map((at) => {
      while (below < sorted.length && sorted[below] <= at + 1e-9) below++;
      return below / sorted.length;
    });
  });
  return { x, ys };
}

export interface BarData {
  /** One label per provider, in the order of the x positions 0..n-1. */
  labels: string[];
  /** One series per request kind present. */
  kinds: CompareRow['kind'][];
  ys: (number | null)[][];
}

/** Side-by-side bars of one p50 figure per provider, one bar per request kind. */
export function comparisonBars(result: CompareResult, figure: (row: CompareRow) => number | null | undefined): BarData {
  const providers: { profileId: string; label: string }[] = [];
  for (const row of result.rows) {
    if (!providers.some((p) => p.profileId === row.profileId)) providers.push({ profileId: row.profileId, label: row.providerName });
  }
  const kinds = [...new Set(result.rows.map((r) => r.kind))];
  const ys = kinds.map((kind) =>
    providers.map((p) => {
      const row = result.rows.find((r) => r.profileId === p.profileId && r.kind === kind);
      const value = row ? figure(row) : null;
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    }),
  );
  return { labels: providers.map((p) => p.label), kinds, ys };
}
