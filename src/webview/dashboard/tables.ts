// The dashboard's tables, built with DOM calls and textContent only: provider and
// model names come from servers and settings and are never parsed as HTML.
import type { SpeedSample } from '../../providers/types';
import type { CompareResult } from '../../speed/core/compare';
import { formatMs, formatRate, groupThousands } from '../../speed/core/format';
import { promptCacheShare, speedFigure } from '../../speed/core/figure';
import { groupBySeries, seriesKey, summarizeBySeries, type FigureSummary } from '../../speed/core/stats';

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const child of children) node.appendChild(child);
  return node;
}

/** A table whose columns from `firstNumeric` on hold figures (right-aligned). */
function table(headers: string[], rows: string[][], caption: string, firstNumeric: number): HTMLTableElement {
  const head = element('tr', undefined, undefined, headers.map((h) => element('th', undefined, h)));
  const body = rows.map((cells) =>
    element(
      'tr',
      undefined,
      undefined,
      cells.map((c, i) => element('td', i >= firstNumeric ? 'num' : undefined, c)),
    ),
  );
  return element('table', 'summary', undefined, [
    element('caption', undefined, caption),
    element('thead', undefined, undefined, [head]),
    element('tbody', undefined, undefined, body),
  ]);
}

const pair = (f: FigureSummary | null, fmt: (n: number) => string) => (f ? `${fmt(f.p50)} / ${fmt(f.p90)}` : '–');

function ago(now: number, then: number): string {
  const minutes = Math.round((now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} d ago`;
}

/** One row per provider+model: request counts and p50/p90 of the latest `window` requests. */
export function summaryTable(samples: readonly SpeedSample[], window: number, now: number): HTMLTableElement {
  const groups = groupBySeries(samples);
  const rows = summarizeBySeries(samples, window).map((s) => {
    // The status bar's figure and the server's prompt cache share, from the same definitions.
    const series = [...(groups.get(seriesKey(s)) ?? [])].sort((a, b) => a.startedAt - b.startedAt);
    const figure = speedFigure(series);
    const cache = promptCacheShare(series);
    return [
      s.providerName,
      s.model,
      groupThousands(s.requests),
      `${s.aborted} / ${s.failed}`,
      pair(s.ttftMs, formatMs),
      pair(s.tokensPerSecond, formatRate),
      pair(s.serverTokensPerSecond, formatRate),
      figure ? `${formatRate(figure.tokensPerSecond)} (${figure.basis})` : '–',
      cache ? `prompt cache ${Math.round(cache.share * 100)}%` : '–',
      ago(now, s.lastStartedAt),
    ];
  });
  return table(
    ['Provider', 'Model', 'Requests', 'Cancelled / failed', 'Time to first token p50 / p90', 'Decode p50 / p90 (client)', 'Decode p50 / p90 (server)', 'Decode as in the status bar', 'Prompt cache', 'Last used'],
    rows,
    `Latest ${window} requests per provider and model`,
    2,
  );
}

/** Compare Providers results side by side. */
export function compareTable(result: CompareResult): HTMLTableElement {
  const rows = result.rows.map((r) => [
    r.providerName,
    r.model || '–',
    r.kind,
    `${r.runs}${r.failures > 0 ? ` (+${r.failures} failed)` : ''}`,
    pair(r.ttftMs, formatMs),
    pair(r.tokensPerSecond, formatRate),
    pair(r.serverTokensPerSecond, formatRate),
    r.totalMs ? formatMs(r.totalMs.p50) : '–',
    r.completionTokens ? groupThousands(r.completionTokens.mean) : '–',
  ]);
  const when = new Date(result.startedAt).toLocaleString();
  return table(
    ['Provider', 'Model', 'Kind', 'Runs', 'Time to first token p50 / p90', 'Decode p50 / p90 (client)', 'Decode p50 / p90 (server)', 'Total p50', 'Tokens (mean)'],
    rows,
    `${result.runsPerProvider} runs per provider, ${when}${result.cancelled ? ' (cancelled)' : ''}`,
    3,
  );
}

/** The failures of a comparison, one line each. */
export function failureList(result: CompareResult): HTMLElement | undefined {
  if (result.failures.length === 0) return undefined;
  const items = result.failures.map((f) => element('li', undefined, `${f.profileId} · ${f.kind} · run ${f.run}: ${f.message}`));
  return element('ul', 'failures', undefined, items);
}
