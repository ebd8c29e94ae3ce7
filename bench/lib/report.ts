// bench/results/latest.md from the results of one `npm run bench`.
import { markdownTable as editorTable, type EditorBenchResult } from '../editor/report';
import type { FootprintResult } from '../footprint';
import type { OverheadResult } from '../overhead';
import { STRATEGIES } from '../strategies';
import { modelNamed } from './models';
import type { GridCell } from './typingGrid';
import { checkCells, figuresOf, P50_TOLERANCE_MS, summarize, type CellCheck } from './typingSummary';

export interface BenchResults {
  generatedAt: string;
  command: string;
  commit: string;
  machine: { cpus: number; cpu: string; node: string; platform: string; loadAtStart: number[]; loadAtEnd: number[] };
  typing?: { segmentMs: number; traceMs?: number; traces: string[]; models: string[]; cells: GridCell[] };
  overhead?: OverheadResult | { error: string };
  chat?: { markdown: string; json: unknown } | { error: string };
  footprint?: FootprintResult | { error: string };
  /** bench:editor, with `--editor` only. */
  editor?: EditorBenchResult | { error: string };
  /** Parts kept from an earlier run rather than measured in this one, and which run that was. */
  earlier?: { parts: string[]; commit: string; generatedAt: string };
}

const n = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const x = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `×${n(v, v < 10 ? 2 : v < 100 ? 1 : 0)}`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)} %`);
const ms = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v < 10 ? n(v, 1) : n(v));
const mark = (ok: boolean) => (ok ? '✓' : '✗ (not met)');
const hasError = (v: unknown): v is { error: string } => typeof v === 'object' && v !== null && 'error' in v && typeof (v as { error: unknown }).error === 'string';

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function typingSection(t: NonNullable<BenchResults['typing']>): string[] {
  const out: string[] = ['## Typing', ''];
  const keys = t.cells[0]?.results[0]?.keystrokes ?? 0;
  const ttfts = [...new Set(t.cells.map((c) => c.ttftMs))].map((v) => n(v)).join(', ');
  out.push(
    `${t.traces.length} recorded traces (${t.traces.join(', ')}), ${n(keys)} keystrokes per strategy and cell, replayed in real time in segments of about ${n(t.segmentMs / 1000)} s side by side${t.traceMs ? ` (first ${n(t.traceMs / 1000)} s of each trace only: a quick run)` : ''}. ` +
      "Each strategy runs against its own fake server, whose oracle over the traces' files answers as one of these model behaviours:",
    '',
    ...t.models.map((m) => `- \`${m}\`: ${modelNamed(m).summary}.`),
    '',
    `Figures per endpoint speed are the **median over the times to first token** (${ttfts} ms); ×ours is the strategy's figure divided by ours.`,
    '',
  );
  out.push(...sideBySide(t), '');
  for (const model of t.models) {
    const cells = t.cells.filter((c) => (c.model ?? 'current-line') === model);
    if (cells.length === 0) continue;
    out.push(`### Model \`${model}\`: ${modelNamed(model).summary}`, '');
    out.push(...glance(cells), '');
    out.push(...checksSection(checkCells(cells), 'ours'));
    out.push(`<details><summary>Per endpoint speed and every cell (\`${model}\`)</summary>`, '');
    for (const { tokensPerSecond, rows } of summarize(cells)) {
      out.push(`#### ${n(tokensPerSecond)} tokens/s`, '');
      out.push(
        ...table(
          ['strategy', 'requests', '×ours', 'server tokens', '×ours', 'thrown away', '×ours', 'ghost text p50 ms', 'p90 ms', 'after a request p50 ms', 'shown', '×ours', 'correct at pauses'],
          rows.map((r) => [
            `\`${r.strategy}\``,
            n(r.requests),
            x(r.vsOurs.requests),
            n(r.serverTokens),
            x(r.vsOurs.serverTokens),
            n(r.thrownAwayTokens),
            x(r.vsOurs.thrownAwayTokens),
            ms(r.ghostP50),
            ms(r.ghostP90),
            ms(r.afterRequestP50),
            n(r.suggestionsShown),
            x(r.vsOurs.suggestionsShown),
            pct(r.correctAtPauses),
          ]),
        ),
        '',
      );
    }
    out.push('#### Every cell', '', 'requests / server tokens / thrown away / ghost text p50–p90 ms / shown, per strategy and cell', '');
    const strategies = cells[0]?.results.map((r) => r.strategy) ?? [];
    out.push(
      ...table(
        ['tokens/s', 'TTFT ms', 'load (1 min)', ...strategies.map((s) => `\`${s}\``)],
        cells.map((c) => [
          n(c.tokensPerSecond),
          n(c.ttftMs),
          `${n(c.load.before, 1)}→${n(c.load.after, 1)}`,
          ...strategies.map((s) => {
            const r = c.results.find((q) => q.strategy === s);
            if (!r) return '–';
            const f = figuresOf(r);
            return `${n(f.requests)} / ${n(f.serverTokens)} / ${n(f.thrownAwayTokens)} / ${ms(f.ghostP50)}–${ms(f.ghostP90)} / ${n(f.suggestionsShown)}`;
          }),
        ]),
      ),
      '',
      '</details>',
      '',
    );
  }
  return out;
}

/**
 * Every strategy against every model behaviour: one table per figure, a column per
 * behaviour, each entry the per-speed medians (slowest endpoint first).
 */
export function sideBySide(t: Pick<NonNullable<BenchResults['typing']>, 'models' | 'cells'>): string[] {
  const byModel = t.models.map((model) => ({ model, speeds: summarize(t.cells.filter((c) => (c.model ?? 'current-line') === model)) }));
  const speeds = byModel[0]?.speeds.map((s) => n(s.tokensPerSecond)).join(' · ') ?? '';
  const names = byModel[0]?.speeds[0]?.rows.map((r) => r.strategy) ?? [];
  type Row = ReturnType<typeof summarize>[number]['rows'][number];
  const figure = (title: string, pick: (r: Row) => string): string[] => [
    `**${title}** (per endpoint speed ${speeds} tokens/s)`,
    '',
    ...table(
      ['strategy', ...t.models.map((m) => `\`${m}\``)],
      names.map((name) => [
        `\`${name}\``,
        ...byModel.map(({ speeds: perSpeed }) =>
          perSpeed.map(({ rows }) => {
            const row = rows.find((r) => r.strategy === name);
            return row ? pick(row) : '–';
          }).join(' · '),
        ),
      ]),
    ),
    '',
  ];
  return [
    '### The model behaviours side by side',
    '',
    ...figure('Requests per keystroke', (r) => (r.keystrokes ? n(r.requests / r.keystrokes, 2) : '–')),
    ...figure('Correct ghost text at pauses', (r) => pct(r.correctAtPauses)),
    ...figure('Thrown-away tokens', (r) => n(r.thrownAwayTokens)),
    ...figure('Time to ghost text after a request, p50 ms', (r) => ms(r.afterRequestP50)),
  ];
}

/** One row per strategy, the three endpoint speeds side by side: the table for the README. */
export function glance(cells: GridCell[]): string[] {
  const bySpeed = summarize(cells);
  const names = bySpeed[0]?.rows.map((r) => r.strategy) ?? [];
  const per = (name: string, pick: (r: NonNullable<ReturnType<typeof summarize>[number]['rows'][number]>) => string) =>
    bySpeed.map(({ rows }) => {
      const row = rows.find((r) => r.strategy === name);
      return row ? pick(row) : '–';
    }).join(' · ');
  const speeds = bySpeed.map((s) => n(s.tokensPerSecond)).join(' · ');
  return [
    `**At a glance** (per endpoint speed ${speeds} tokens/s; each figure the median over 20, 200 and 800 ms to the first token; ×ours in brackets):`,
    '',
    ...table(
      ['strategy', 'model of', 'requests', 'thrown-away tokens', 'ghost text p50 / p90 ms', 'after a request p50 ms', 'correct ghost text at pauses'],
      names.map((name) => [
        `\`${name}\``,
        STRATEGIES.find((s) => s.name === name)?.modelOf ?? '',
        per(name, (r) => `${n(r.requests)} (${x(r.vsOurs.requests)})`),
        per(name, (r) => `${n(r.thrownAwayTokens)} (${x(r.vsOurs.thrownAwayTokens)})`),
        per(name, (r) => `${ms(r.ghostP50)} / ${ms(r.ghostP90)}`),
        per(name, (r) => ms(r.afterRequestP50)),
        per(name, (r) => pct(r.correctAtPauses)),
      ]),
    ),
  ];
}

function checksSection(checks: CellCheck[], ours: string): string[] {
  const out = [
    ours === 'ours' ? '### The issue\'s checks, cell by cell' : `### The same checks for \`${ours}\` (diagnostic row)`,
    '',
    `\`${ours}\` against each no-abort and fixed-debounce baseline: fewer requests, fewer tokens thrown away, and a p50 time to ghost text no worse than the fastest of those baselines (within ${P50_TOLERANCE_MS} ms).`,
    '',
  ];
  out.push(
    ...table(
      ['tokens/s', 'TTFT ms', 'against', 'requests ours / theirs', 'fewer', 'thrown away ours / theirs', 'fewer', 'p50 ours / fastest baseline', 'no worse'],
      checks.map((c) => [
        n(c.tokensPerSecond),
        n(c.ttftMs),
        `\`${c.against}\``,
        `${n(c.ours.requests)} / ${n(c.baseline.requests)}`,
        mark(c.fewerRequests),
        `${n(c.ours.thrownAwayTokens)} / ${n(c.baseline.thrownAwayTokens)}`,
        mark(c.fewerThrownAway),
        `${ms(c.ours.ghostP50)} / ${ms(c.fastestBaselineP50)}`,
        mark(c.p50NoWorseThanFastest),
      ]),
    ),
    '',
  );
  const failed = checks.filter((c) => !c.fewerRequests || !c.fewerThrownAway || !c.p50NoWorseThanFastest);
  out.push(failed.length === 0 ? 'All checks met in every cell.' : `${failed.length} of ${checks.length} comparisons miss a check; see the notes below.`, '');
  return out;
}

function overheadSection(o: BenchResults['overhead']): string[] {
  if (!o) return [];
  if (hasError(o)) return ['## Engine overhead', '', `Not measured: ${o.error}`, ''];
  return [
    '## Engine overhead',
    '',
    `Needed bytes in (the chunk that completes the first line, stamped as it leaves undici) → suggestion ready; ${n(o.iterations)} requests each, interleaved, fake server in its own process at ${n(o.tokensPerSecond)} tokens/s.`,
    '',
    ...table(
      ['client', 'p50 ms', 'p99 ms', 'max ms'],
      [
        ['engine (provider layer + openai SDK + engine)', n(o.engineMs.p50, 3), n(o.engineMs.p99, 3), n(o.engineMs.max, 3)],
        ['bare reader (fetch + split + JSON.parse)', n(o.bareMs.p50, 3), n(o.bareMs.p99, 3), n(o.bareMs.max, 3)],
        ['added by the engine', n(o.addedMs.p50, 3), n(o.addedMs.p99, 3), ''],
      ],
    ),
    '',
    `Targets: p50 under 1 ms ${o.engineMs.p50 < 1 ? '✓' : '✗'}, p99 under 5 ms ${o.engineMs.p99 < 5 ? '✓' : '✗'}.${o.failures ? ` ${o.failures} iterations failed.` : ''}`,
    '',
  ];
}

function footprintSection(f: BenchResults['footprint']): string[] {
  if (!f) return [];
  if (hasError(f)) return ['## Footprint', '', `Not measured: ${f.error}`, ''];
  const heap = hasError(f.heap)
    ? `not measured: ${f.heap.error}`
    : `${n(f.heap.heapAfterMiB, 1)} MiB used after GC right after the last one (${n(f.heap.heapBeforeMiB, 1)} MiB before them, +${n(f.heap.growthMiB, 1)} MiB); ` +
      `${n(f.heap.heapAfterIdleMiB, 1)} MiB (+${n(f.heap.growthAfterIdleMiB, 1)} MiB) after ${n(f.heap.idleMs / 1000)} s idle; RSS ${n(f.heap.rssMiB)} MiB`;
  return [
    '## Footprint',
    '',
    ...table(
      ['figure', 'value'],
      [
        ['activation time (VS Code Running Extensions)', f.activation.medianMs === null ? `not measured${f.activation.error ? `: ${f.activation.error}` : ''}` : `${n(f.activation.medianMs)} ms (median of ${f.activation.runsMs.join(', ')} ms)`],
        ['extension bundle (dist/extension.js)', `${n(f.bundles.extensionKiB, 1)} KiB`],
        ...Object.entries(f.bundles.webview).map(([name, size]) => [`webview bundle (dist/webview/${name})`, `${n(size, 1)} KiB`]),
        ['VSIX', `${n(f.bundles.vsixKiB, 1)} KiB`],
        ['heap after 1,000 completions (Node, --expose-gc)', heap],
      ],
    ),
    '',
  ];
}

function editorSection(e: BenchResults['editor']): string[] {
  if (!e) return [];
  const title = '## Typing in the real VS Code (bench:editor)';
  if (hasError(e)) return [title, '', `Not measured: ${e.error}`, ''];
  const ref = e.reference;
  return [
    title,
    '',
    `${e.vscode} in headless Chromium, the packaged extension with its defaults; fake server at ${n(e.endpoint.tokensPerSecond)} tokens/s and ${n(e.endpoint.ttftMs)} ms to the first token (oracle: the rest of the current line right, then ${e.endpoint.wrongLines} wrong lines); every character typed at 70–150 ms, pauses of 0.8–1.2 s at line starts and after \`(\` and \`= \`. Details and every miss in \`bench/results/editor.md\`.`,
    '',
    ...editorTable(e),
    '',
    `llama.vscode, measured the same way (issue 4): correct ghost text at ${ref.llamaVscode.pausesCorrect} of ${ref.llamaVscode.pauses} pauses, about ${ref.llamaVscode.serverTokensPerFileToken}× the file's tokens. Target: ${pct(ref.target.correctShare)} of pauses, at most ${ref.target.serverTokensPerFileToken}×.`,
    '',
  ];
}

export function renderMarkdown(r: BenchResults, notes: string): string {
  const out: string[] = [
    '# Benchmark results',
    '',
    `\`${r.command}\` at commit ${r.commit} on ${r.generatedAt}: ${r.machine.cpus} × ${r.machine.cpu}, Node ${r.machine.node}, ${r.machine.platform}. ` +
      `Load average (1/5/15 min) at the start ${r.machine.loadAtStart.map((v) => n(v, 1)).join(' / ')}, at the end ${r.machine.loadAtEnd.map((v) => n(v, 1)).join(' / ')}: ` +
      'the machine is shared, so absolute times carry that noise; every strategy of a typing cell ran at the same moment under the same load.',
    '',
  ];
  if (r.earlier) out.push(`Not measured in this run: ${r.earlier.parts.join(', ')}; those sections are from the run at commit ${r.earlier.commit} on ${r.earlier.generatedAt}.`, '');
  if (r.typing) out.push(...typingSection(r.typing));
  out.push(...overheadSection(r.overhead));
  if (r.chat) out.push('## Chat', '', hasError(r.chat) ? `Not measured: ${r.chat.error}` : r.chat.markdown.trim(), '');
  out.push(...footprintSection(r.footprint));
  out.push(...editorSection(r.editor));
  if (notes.trim()) out.push('## Notes', '', notes.trim(), '');
  return out.join('\n');
}
