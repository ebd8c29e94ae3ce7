// The status bar item as data: given the live meter, the completion engine's state and
// the statistics, what text, colour and tooltip rows to show. The adapter only copies it
// onto a vscode.StatusBarItem.
import type { SpeedSample } from '../../providers/types';
import type { CompletionStatus } from './completionStatus';
import { formatCountdown, formatMs, formatRate, formatTokens } from './format';
import { describeFigure, type SpeedFigure } from './figure';
import type { LiveRequest, LiveSnapshot } from './liveMeter';
import type { SpeedSummary } from './stats';

export type StatusState = 'streaming' | 'loading' | 'idle' | 'disabled' | 'snoozed' | 'waiting' | 'error' | 'rate-limited';

export interface TooltipModel {
  title: string;
  /** One sentence about the state, when it is not plain idle. */
  status?: string;
  /** Label/value pairs shown as a two-column table. */
  rows: [string, string][];
  footer: string;
}

export interface StatusView {
  state: StatusState;
  text: string;
  severity: 'normal' | 'warning' | 'error';
  tooltip: TooltipModel;
}

export interface StatusInput {
  /** Epoch ms, for countdowns and "seconds ago". */
  now: number;
  completion: CompletionStatus;
  /** The configured completion provider, shown when nothing has been measured yet. */
  completionProvider?: { providerName: string; model: string };
  /** Cooldown left on the completion provider from the rate-limit gate. */
  cooldownMs: number;
  live: LiveSnapshot;
  /** The sample whose figures the idle text shows (the newest measured one for a current provider). */
  idleSample?: SpeedSample;
  /** Percentiles for the provider+model of the sample shown. */
  stats: SpeedSummary | null;
  /** The pooled decode figure for the provider+model shown (see figure.ts). */
  figure?: SpeedFigure | null;
  /** The server's prompt cache figure for that provider+model, when it reports one. */
  promptCache?: { share: number; requests: number } | null;
}

const ICONS: Record<StatusState, string> = {
  streaming: '$(zap)',
  loading: '$(loading~spin)',
  idle: '$(zap)',
  disabled: '$(circle-slash)',
  snoozed: '$(bell-slash)',
  waiting: '$(loading~spin)',
  error: '$(error)',
  'rate-limited': '$(watch)',
};

const FOOTER = 'Click for the Fast Inference menu';

/** Keeps provider text from turning into status bar icons. */
function plain(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

function ago(now: number, then: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

/** Rows describing one finished request. */
export function sampleRows(sample: SpeedSample, now: number): [string, string][] {
  const rows: [string, string][] = [
    ['Last request', `${sample.kind}, ${ago(now, sample.startedAt)}${sample.aborted ? ' (cancelled)' : ''}`],
    ['Time to first token', sample.ttftMs === null ? '–' : formatMs(sample.ttftMs)],
    ['Decode (client, this request)', sample.tokensPerSecond === null ? 'too few tokens' : formatRate(sample.tokensPerSecond)],
  ];
  if (sample.server) {
    rows.push([`Decode (server, this request: ${sample.server.source})`, formatRate(sample.server.tokensPerSecond)]);
    if (sample.server.promptTokensPerSecond !== undefined) {
      rows.push(['Prompt processing (server)', formatRate(sample.server.promptTokensPerSecond)]);
    }
    if (sample.server.ttftMs !== undefined) rows.push(['Time to first token (server)', formatMs(sample.server.ttftMs)]);
  }
  const tokens = formatTokens(sample.completionTokens, sample.tokensEstimated);
  rows.push(['Tokens', sample.promptTokens === undefined ? tokens : `${tokens} out, ${sample.promptTokens} in`]);
  rows.push(['Total time', formatMs(sample.totalMs)]);
  return rows;
}

/** p50/p90 rows over the recent requests of one provider and model. */
export function statsRows(stats: SpeedSummary): [string, string][] {
  const rows: [string, string][] = [];
  const n = `last ${stats.requests}`;
  if (stats.ttftMs) rows.push([`Time to first token p50 / p90 (${n})`, `${formatMs(stats.ttftMs.p50)} / ${formatMs(stats.ttftMs.p90)}`]);
  if (stats.tokensPerSecond) {
    rows.push([`Decode p50 / p90 (${n})`, `${formatRate(stats.tokensPerSecond.p50)} / ${formatRate(stats.tokensPerSecond.p90)}`]);
  }
  if (stats.serverTokensPerSecond) {
    const s = stats.serverTokensPerSecond;
    rows.push([`Decode (server) p50 / p90 (${n})`, `${formatRate(s.p50)} / ${formatRate(s.p90)}`]);
  }
  return rows;
}

function liveRows(live: LiveRequest): [string, string][] {
  const rows: [string, string][] = [
    ['Streaming', `${live.kind}`],
    ['Time to first token', live.ttftMs === null ? 'waiting…' : formatMs(live.ttftMs)],
  ];
  if (live.serverTokensPerSecond !== undefined) rows.push(['Decode (server, live)', formatRate(live.serverTokensPerSecond)]);
  rows.push(
    [live.calibrated ? 'Decode (client, live)' : 'Decode (client, live, from characters)', live.tokensPerSecond === null ? '–' : formatRate(live.tokensPerSecond)],
    ['Tokens so far', formatTokens(live.tokens, true)],
    ['Elapsed', formatMs(live.elapsedMs)],
  );
  return rows;
}

/** The live request's figure: the server's running one, else the client's once it means something. */
export function liveFigure(live: LiveRequest): number | null {
  return live.serverTokensPerSecond ?? live.tokensPerSecond;
}

/** Rows saying which decode figure the status bar shows and what is behind it, and the prompt cache figure. */
export function figureRows(input: Pick<StatusInput, 'figure' | 'promptCache'>, live?: LiveRequest): [string, string][] {
  const rows: [string, string][] = [];
  if (live && liveFigure(live) !== null) {
    const source = live.serverTokensPerSecond !== undefined ? "the server's own running figure" : 'measured here, this answer so far';
    rows.push(['Shown: decode, live', `${formatRate(liveFigure(live) as number)}, ${source}`]);
  } else if (input.figure) {
    const f = input.figure;
    rows.push([`Shown: decode (${f.basis})`, `${formatRate(f.tokensPerSecond)}, ${describeFigure(f)}`]);
    if (f.serverSource) rows.push(['Server figure from', f.serverSource]);
  } else {
    rows.push(['Shown: decode', 'not enough tokens measured yet']);
  }
  if (input.promptCache) {
    rows.push([`Prompt cache (last ${input.promptCache.requests})`, `prompt cache ${Math.round(input.promptCache.share * 100)}%`]);
  }
  return rows;
}

/** The longer of the gate's cooldown and the wait the completion engine reports. */
function cooldownLeft(input: StatusInput): number {
  const c = input.completion;
  return Math.max(input.cooldownMs, c.state === 'rate-limited' && c.until !== undefined ? c.until - input.now : 0);
}

function describe(completion: CompletionStatus, now: number, cooldownMs: number): { state: StatusState; status?: string } {
  if (cooldownMs > 0 || completion.state === 'rate-limited') {
    const wait = cooldownMs > 0 ? ` Next request in ${formatCountdown(cooldownMs)}.` : '';
    return { state: 'rate-limited', status: `Rate limited by the provider.${wait}` };
  }
  switch (completion.state) {
    case 'error':
      return { state: 'error', status: `Last completion failed: ${completion.message}` };
    case 'disabled':
      return { state: 'disabled', status: `Inline completions are off${completion.reason ? ` (${completion.reason})` : ''}.` };
    case 'snoozed':
      return { state: 'snoozed', status: `Inline completions are snoozed for ${formatCountdown(completion.until - now)}.` };
    case 'waiting':
      return { state: 'waiting', status: 'Waiting for a completion…' };
    case 'ready':
      return { state: 'idle' };
    default: {
      const never: never = completion;
      return never;
    }
  }
}

/** Builds the status bar item's text, colour and tooltip from the current state. */
export function buildStatusView(input: StatusInput): StatusView {
  const { live, now } = input;
  const idleSample = input.idleSample;
  const statRows = input.stats ? statsRows(input.stats) : [];
  if (live.active?.loading) {
    const a = live.active;
    return {
      state: 'loading',
      text: `${ICONS.loading} ${plain(a.providerName)} loading model…`,
      severity: 'normal',
      tooltip: {
        title: `${a.providerName} · ${a.model}`,
        status: 'The server is loading its model. Requests wait for it (sent again while it answers 503) until it answers or the first-token timeout passes; nothing is lost.',
        rows: statRows,
        footer: FOOTER,
      },
    };
  }
  if (live.active) {
    const a = live.active;
    // A short answer never gets a live figure of its own: the pooled one stands until it does.
    const rate = liveFigure(a) ?? input.figure?.tokensPerSecond ?? null;
    const figure = rate !== null ? ` ${formatRate(rate)}` : ' …';
    const icon = a.ttftMs === null ? ICONS.waiting : ICONS.streaming;
    return {
      state: 'streaming',
      text: `${icon} ${plain(a.providerName)}${figure}`,
      severity: 'normal',
      tooltip: { title: `${a.providerName} · ${a.model}`, rows: [...figureRows(input, a), ...liveRows(a), ...statRows], footer: FOOTER },
    };
  }
  const left = cooldownLeft(input);
  const { state, status } = describe(input.completion, now, left);
  const name = idleSample?.providerName ?? input.completionProvider?.providerName ?? 'Fast Inference';
  const model = idleSample?.model ?? input.completionProvider?.model;
  let suffix = '';
  if (state === 'rate-limited') {
    suffix = left > 0 ? ` ${formatCountdown(left)}` : '';
  } else if (state === 'snoozed' && input.completion.state === 'snoozed') {
    suffix = ` ${formatCountdown(input.completion.until - now)}`;
  } else if (state === 'idle' && idleSample) {
    const rate = input.figure?.tokensPerSecond ?? null;
    const parts = [rate === null ? undefined : formatRate(rate), idleSample.ttftMs === null ? undefined : formatMs(idleSample.ttftMs)];
    const shown = parts.filter((p): p is string => p !== undefined);
    suffix = shown.length > 0 ? ` ${shown.join(' · ')}` : '';
  }
  const displayName = input.completionProvider && state !== 'idle' ? input.completionProvider.providerName : name;
  return {
    state,
    text: `${ICONS[state]} ${plain(displayName)}${suffix}`,
    severity: state === 'error' ? 'error' : state === 'rate-limited' ? 'warning' : 'normal',
    tooltip: {
      title: model ? `${name} · ${model}` : name,
      status,
      rows: [...(idleSample ? [...figureRows(input), ...sampleRows(idleSample, now)] : []), ...statRows],
      footer: FOOTER,
    },
  };
}

/** Escapes text for a markdown table cell. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The tooltip as markdown (the adapter wraps it in a MarkdownString with codicons off). */
export function tooltipMarkdown(tooltip: TooltipModel): string {
  const lines = [`**${escapeMarkdown(tooltip.title)}**`, ''];
  if (tooltip.status) lines.push(escapeMarkdown(tooltip.status), '');
  if (tooltip.rows.length > 0) {
    lines.push('| | |', '|:--|--:|');
    for (const [label, value] of tooltip.rows) lines.push(`| ${escapeMarkdown(label)} | ${escapeMarkdown(value)} |`);
    lines.push('');
  }
  lines.push(`_${escapeMarkdown(tooltip.footer)}_`);
  return lines.join('\n');
}
