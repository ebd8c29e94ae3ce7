// uPlot charts for the dashboard: figures over time, their distribution per provider,
// and Compare Providers bars. Each function draws into an element it is given.
import uPlot from 'uplot';
import type { AlignedData, BarData } from './chartData';
import { colorAt, type ChartTheme } from './theme';

const HEIGHT = 220;
/** Legends name the series only; a live legend shows "--" until the pointer is over the chart. */
const LEGEND: uPlot.Legend = { show: true, live: false };
/** The shortest bar drawn, as a share of the tallest, so 60 stays visible next to 2,000. */
const MIN_BAR_SHARE = 0.02;
const BAR_MAX_WIDTH = 90;

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

/** A line chart of `data` in `el`: the parts every line chart of the dashboard shares. */
function drawLines(el: HTMLElement, title: string, data: AlignedData, options: Pick<uPlot.Options, 'scales' | 'axes' | 'series'>): uPlot {
  return new uPlot({ title, width: widthOf(el), height: HEIGHT, legend: LEGEND, ...options }, [data.x, ...data.ys] as uPlot.AlignedData, el);
}

/** A figure over time, one line with points per provider+model. */
export function drawOverTime(el: HTMLElement, title: string, unit: string, labels: string[], data: AlignedData, theme: ChartTheme): uPlot {
  return drawLines(el, title, data, {
    scales: { x: { time: true } },
    axes: [axis(theme), axis(theme, { label: unit, size: 60 })],
    series: [{}, ...labels.map((label, i) => lineSeries(label, colorAt(theme, i)))],
  });
}

/** Cumulative share of requests at or below a value: the distribution per provider. */
export function drawDistribution(el: HTMLElement, title: string, unit: string, labels: string[], data: AlignedData, theme: ChartTheme): uPlot {
  return drawLines(el, title, data, {
    scales: { x: { time: false }, y: { range: [0, 1] } },
    axes: [
      axis(theme, { label: unit }),
      axis(theme, { label: 'share of requests', size: 60, values: (_u, splits) => splits.map((v) => `${Math.round(v * 100)}%`) }),
    ],
    series: [
      { label: unit },
      ...labels.map((label, i) => ({ label, stroke: colorAt(theme, i), width: 2, spanGaps: true, points: { show: false } })),
    ],
  });
}

/** "2,000" or "60": the figure written above a bar. */
function barLabel(value: number): string {
  return value >= 10 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

/** Bars per provider, one per request kind side by side, each with its value written above it. */
export function drawBars(el: HTMLElement, title: string, unit: string, bars: BarData, theme: ChartTheme): uPlot {
  const positions = bars.labels.map((_, i) => i);
  const alignments: (-1 | 0 | 1)[] = bars.kinds.length === 1 ? [0] : [-1, 1];
  const barShare = bars.kinds.length === 1 ? 0.5 : 0.35;
  const maxValue = Math.max(1, ...bars.ys.flat().filter((v): v is number => v !== null));
  // Drawn heights have a floor; the labels and the data keep the measured values.
  const drawn = bars.ys.map((ys) => ys.map((v) => (v === null ? null : Math.max(v, maxValue * MIN_BAR_SHARE))));
  const writeValues = (u: uPlot) => {
    const ctx = u.ctx;
    const ratio = window.devicePixelRatio || 1;
    const slot = u.bbox.width / Math.max(1, bars.labels.length);
    ctx.save();
    ctx.font = theme.font.replace(/(\d+(?:\.\d+)?)px/, (_m, px: string) => `${Number(px) * ratio}px`);
    ctx.fillStyle = theme.foreground;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    // uPlot draws a bar right of its x position for align 1 and left of it for -1, at most 90 px wide.
    const barWidth = Math.min(slot * barShare, BAR_MAX_WIDTH * ratio);
    bars.ys.forEach((ys, k) => {
      const offset = (alignments[k % alignments.length] * barWidth) / 2;
      ys.forEach((value, i) => {
        if (value === null) return;
        const x = u.valToPos(i, 'x', true) + offset;
        const y = u.valToPos(drawn[k][i] as number, 'y', true) - 3 * ratio;
        ctx.fillText(barLabel(value), x, y);
      });
    });
    ctx.restore();
  };
  return new uPlot(
    {
      title,
      width: widthOf(el),
      height: HEIGHT,
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, bars.labels.length - 0.5)] }, y: { range: [0, maxValue * 1.18] } },
      axes: [
        axis(theme, { splits: () => positions, values: (_u, splits) => splits.map((v) => bars.labels[v] ?? '') }),
        axis(theme, { label: unit, size: 60 }),
      ],
      legend: LEGEND,
      cursor: { show: true, points: { show: false } },
      hooks: { draw: [writeValues] },
      series: [
        { label: 'provider', value: (_u, v) => (v === null ? '' : (bars.labels[v] ?? '')) },
        ...bars.kinds.map((kind, i) => ({
          label: kind,
          stroke: colorAt(theme, i),
          fill: colorAt(theme, i),
          width: 0,
          points: { show: false },
          paths: uPlot.paths.bars!({ size: [barShare, BAR_MAX_WIDTH], align: alignments[i % alignments.length] }),
        })),
      ],
    },
    [positions, ...drawn] as uPlot.AlignedData,
    el,
  );
}
