// uPlot charts for the dashboard: figures over time, their distribution per provider,
// and Compare Providers bars. Each function draws into an element it is given.
import uPlot from 'uplot';
import type { AlignedData, BarData } from './chartData';
import { colorAt, type ChartTheme } from './theme';

const HEIGHT = 220;

function axis(theme: ChartTheme, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: theme.muted,
    font: theme.font,
    labelFont: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    ...extra,
  };
}

function widthOf(el: HTMLElement): number {
  return Math.max(240, Math.floor(el.clientWidth || 600));
}

function lineSeries(label: string, color: string): uPlot.Series {
  return { label, stroke: color, width: 1.5, spanGaps: true, points: { show: true, size: 4, fill: color, stroke: color } };
}

/** A figure over time, one line with points per provider+model. */
export function drawOverTime(el: HTMLElement, title: string, unit: string, labels: string[], data: AlignedData, theme: ChartTheme): uPlot {
  return new uPlot(
    {
      title,
      width: widthOf(el),
      height: HEIGHT,
      scales: { x: { time: true } },
      axes: [axis(theme), axis(theme, { label: unit, size: 60 })],
      series: [{}, ...labels.map((label, i) => lineSeries(label, colorAt(theme, i)))],
    },
    [data.x, ...data.ys] as uPlot.AlignedData,
    el,
  );
}

/** Cumulative share of requests at or below a value: the distribution per provider. */
export function drawDistribution(el: HTMLElement, title: string, unit: string, labels: string[], data: AlignedData, theme: ChartTheme): uPlot {
  return new uPlot(
    {
      title,
      width: widthOf(el),
      height: HEIGHT,
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [
        axis(theme, { label: unit }),
        axis(theme, { label: 'share of requests', size: 60, values: (_u, splits) => splits.map((v) => `${Math.round(v * 100)}%`) }),
      ],
      series: [
        { label: unit },
        ...labels.map((label, i) => ({ label, stroke: colorAt(theme, i), width: 2, spanGaps: true, points: { show: false } })),
      ],
    },
    [data.x, ...data.ys] as uPlot.AlignedData,
    el,
  );
}

/** Bars per provider, one per request kind side by side. */
export function drawBars(el: HTMLElement, title: string, unit: string, bars: BarData, theme: ChartTheme): uPlot {
  const positions = bars.labels.map((_, i) => i);
  const alignments: (-1 | 0 | 1)[] = bars.kinds.length === 1 ? [0] : [-1, 1];
  const maxValue = Math.max(1, ...bars.ys.flat().filter((v): v is number => v !== null));
  return new uPlot(
    {
      title,
      width: widthOf(el),
      height: HEIGHT,
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, bars.labels.length - 0.5)] }, y: { range: [0, maxValue * 1.1] } },
      axes: [
        axis(theme, { splits: () => positions, values: (_u, splits) => splits.map((v) => bars.labels[v] ?? '') }),
        axis(theme, { label: unit, size: 60 }),
      ],
      legend: { show: true },
      cursor: { show: true, points: { show: false } },
      series: [
        { label: 'provider', value: (_u, v) => (v === null ? '' : (bars.labels[v] ?? '')) },
        ...bars.kinds.map((kind, i) => ({
          label: kind,
          stroke: colorAt(theme, i),
          fill: colorAt(theme, i),
          width: 0,
          points: { show: false },
          paths: uPlot.paths.bars!({ size: [bars.kinds.length === 1 ? 0.5 : 0.35, 90], align: alignments[i % alignments.length] }),
        })),
      ],
    },
    [positions, ...bars.ys] as uPlot.AlignedData,
    el,
  );
}
