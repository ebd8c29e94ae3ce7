// Dashboard webview entry (browser bundle): history charts and table, Compare Providers
// results, live updates from the host. uPlot and its stylesheet are bundled here.
import 'uplot/dist/uPlot.min.css';
import type uPlot from 'uplot';
import type { SpeedSample } from '../../providers/types';
import type { CompareResult } from '../../speed/core/compare';
import { DEFAULT_STATS_WINDOW } from '../../speed/core/stats';
import { isDashboardUpdate, type DashboardRequest, type DashboardSection, type DashboardUpdate } from '../../shared/dashboardProtocol';
import { comparisonBars, cumulative, decodeRateOf, overTime, seriesOf, ttftOf } from './chartData';
import { drawBars, drawDistribution, drawOverTime } from './charts';
import { compareTable, element, failureList, summaryTable } from './tables';
import { readTheme, watchTheme } from './theme';

interface VsCodeApi {
  postMessage(message: DashboardRequest): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

const state: {
  samples: SpeedSample[];
  limit: number;
  compare?: CompareResult;
  progress?: { done: number; total: number; label: string };
} = { samples: [], limit: 0 };

let charts: uPlot[] = [];
let renderQueued = false;

function button(label: string, title: string, onClick: () => void, secondary = false): HTMLButtonElement {
  const b = element('button', secondary ? 'secondary' : undefined, label);
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

function chartBox(id: string): HTMLDivElement {
  const box = element('div', 'chart');
  box.id = id;
  return box;
}

function historySection(): HTMLElement {
  const section = element('section');
  section.id = 'history';
  const actions = element('div', 'actions', undefined, [
    button('Compare Providers…', 'Run the same prompts against several providers', () => vscode.postMessage({ type: 'compareProviders' })),
    button('Export JSON', 'Save every sample as JSON', () => vscode.postMessage({ type: 'export', what: 'history', format: 'json' }), true),
    button('Export CSV', 'Save every sample as CSV', () => vscode.postMessage({ type: 'export', what: 'history', format: 'csv' }), true),
    button('Clear History', 'Forget every recorded sample', () => vscode.postMessage({ type: 'clearHistory' }), true),
  ]);
  section.append(element('div', 'section-head', undefined, [element('h2', undefined, 'Requests'), actions]));
  const measured = state.samples.filter((s) => s.error === undefined && s.ttftMs !== null);
  if (measured.length === 0) {
    section.append(
      element('p', 'empty', 'No requests measured yet. Completions and chat answers appear here as they finish; Compare Providers measures several providers at once.'),
    );
    return section;
  }
  section.append(
    element('p', 'note', `${state.samples.length} requests kept (at most ${state.limit}, setting fastInference.speed.historyLimit).`),
    summaryTable(state.samples, DEFAULT_STATS_WINDOW, Date.now()),
  );
  const grid = element('div', 'chart-grid', undefined, [chartBox('chart-ttft-time'), chartBox('chart-rate-time'), chartBox('chart-ttft-dist'), chartBox('chart-rate-dist')]);
  section.append(grid);
  return section;
}

function compareSection(): HTMLElement {
  const section = element('section');
  section.id = 'compare';
  const result = state.compare;
  const actions = element('div', 'actions', undefined, result
    ? [
        button('Export JSON', 'Save the comparison as JSON', () => vscode.postMessage({ type: 'export', what: 'compare', format: 'json' }), true),
        button('Export CSV', 'Save the comparison as CSV', () => vscode.postMessage({ type: 'export', what: 'compare', format: 'csv' }), true),
      ]
    : []);
  section.append(element('div', 'section-head', undefined, [element('h2', undefined, 'Compare Providers'), actions]));
  if (state.progress && state.progress.done < state.progress.total) {
    const bar = element('progress');
    bar.max = state.progress.total;
    bar.value = state.progress.done;
    section.append(element('p', 'note', `Running: ${state.progress.label} (${state.progress.done} of ${state.progress.total})`), bar);
  }
  if (!result) {
    if (!state.progress) section.append(element('p', 'empty', 'Run Compare Providers to measure the same prompts against each configured provider.'));
    return section;
  }
  section.append(compareTable(result));
  const failures = failureList(result);
  if (failures) section.append(failures);
  section.append(element('div', 'chart-grid', undefined, [chartBox('chart-compare-rate'), chartBox('chart-compare-ttft')]));
  return section;
}

function drawCharts(root: HTMLElement): void {
  for (const chart of charts) chart.destroy();
  charts = [];
  const theme = readTheme();
  const find = (id: string) => root.querySelector<HTMLElement>(`#${id}`);
  const series = seriesOf(state.samples);
  const labels = series.map((s) => s.label);
  const draws: [string, (el: HTMLElement) => uPlot][] = [
    ['chart-ttft-time', (el) => drawOverTime(el, 'Time to first token', 'ms', labels, overTime(series, ttftOf), theme)],
    ['chart-rate-time', (el) => drawOverTime(el, 'Decode tokens/second (as in the status bar)', 'tok/s', labels, overTime(series, decodeRateOf), theme)],
    ['chart-ttft-dist', (el) => drawDistribution(el, 'Time to first token, distribution', 'ms', labels, cumulative(series, ttftOf), theme)],
    ['chart-rate-dist', (el) => drawDistribution(el, 'Decode tokens/second, distribution', 'tok/s', labels, cumulative(series, decodeRateOf), theme)],
  ];
  if (state.compare) {
    const result = state.compare;
    draws.push(
      ['chart-compare-rate', (el) => drawBars(el, 'Decode tokens/second (p50)', 'tok/s', comparisonBars(result, (r) => r.tokensPerSecond?.p50), theme)],
      ['chart-compare-ttft', (el) => drawBars(el, 'Time to first token (p50)', 'ms', comparisonBars(result, (r) => r.ttftMs?.p50), theme)],
    );
  }
  for (const [id, draw] of draws) {
    const el = find(id);
    if (el) charts.push(draw(el));
  }
  vscode.postMessage({ type: 'rendered', charts: charts.length });
}

function render(): void {
  renderQueued = false;
  const root = document.getElementById('app');
  if (!root) return;
  const scrollY = window.scrollY;
  root.replaceChildren(element('h1', undefined, 'Fast Inference Speed'), historySection(), compareSection());
  drawCharts(root);
  window.scrollTo(0, scrollY);
}

/** Coalesces bursts of samples (a fast typist ends many requests a second) into one redraw. */
function queueRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  setTimeout(render, 250);
}

function reveal(section: DashboardSection): void {
  document.getElementById(section)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function handle(message: DashboardUpdate): void {
  switch (message.type) {
    case 'history':
      state.samples = message.samples;
      state.limit = message.limit;
      render();
      break;
    case 'sample':
      state.samples.push(message.sample);
      if (state.limit > 0 && state.samples.length > state.limit) state.samples.splice(0, state.samples.length - state.limit);
      queueRender();
      break;
    case 'compareProgress':
      state.progress = { done: message.done, total: message.total, label: message.label };
      queueRender();
      break;
    case 'compareResult':
      state.compare = message.result;
      state.progress = undefined;
      render();
      break;
    case 'reveal':
      reveal(message.section);
      break;
    default: {
      const never: never = message;
      void never;
    }
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isDashboardUpdate(event.data)) handle(event.data);
});

watchTheme(() => {
  const root = document.getElementById('app');
  if (root) drawCharts(root);
});

let lastWidth = 0;
new ResizeObserver((entries) => {
  const width = Math.floor(entries[0].contentRect.width);
  if (Math.abs(width - lastWidth) < 8) return;
  lastWidth = width;
  for (const chart of charts) chart.setSize({ width: Math.max(240, Math.floor(chart.root.parentElement?.clientWidth ?? width)), height: chart.height });
}).observe(document.body);

vscode.postMessage({ type: 'ready' });
