// bench:editor's results: the JSON written to bench/results/editor.json, the
// readable table printed by default, and bench/results/editor.md.
import { totalFigures, type FileFigures } from './analyse';
import type { EditorRun } from './run';

/** llama.vscode measured the same way (the issue), and the target set there. */
export const REFERENCE = {
  llamaVscode: { pausesCorrect: 26, pauses: 44, serverTokensPerFileToken: 30 },
  target: { correctShare: 0.95, serverTokensPerFileToken: 10 },
} as const;

export interface EditorBenchResult extends EditorRun {
  generatedAt: string;
  command: string;
  commit: string;
  machine: { cpus: number; cpu: string; node: string; loadAtStart: number[]; loadAtEnd: number[] };
  vscode: string;
  total: ReturnType<typeof totalFigures>;
  reference: typeof REFERENCE;
}

const n = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 1000) / 10} %`);

type Row = Omit<FileFigures, 'file' | 'pauseDetails'>;

const COLUMNS: Array<[string, (r: Row) => string]> = [
  ['keys', (r) => n(r.keystrokes)],
  ['pauses', (r) => n(r.pauses)],
  ['correct ghost text at pauses', (r) => `${n(r.pausesCorrect)} (${pct(r.correctShare)})`],
  ['wrong / none', (r) => `${n(r.pausesWrong)} / ${n(r.pausesNone)}`],
  ['key → correct ghost text p50 / p90 ms', (r) => `${n(r.timeToCorrectMs.p50)} / ${n(r.timeToCorrectMs.p90)}`],
  ['requests (per key)', (r) => `${n(r.requests)} (${n(r.requestsPerKeystroke, 3)})`],
  ['server tokens (per key)', (r) => `${n(r.serverTokens)} (${n(r.serverTokensPerKeystroke, 2)})`],
  ['server tokens ÷ typed tokens', (r) => `${n(r.serverTokensPerTypedToken, 2)} (${n(r.typedTokens)} typed)`],
  ['document = file', (r) => (r.documentMatches ? 'yes' : 'NO')],
];

function rows(result: EditorBenchResult): Array<[string, Row]> {
  const files: Array<[string, Row]> = result.files.map((f) => [`${f.trace} (lines ${f.lines.from}–${f.lines.to})`, f.figures]);
  return result.files.length > 1 ? [...files, ['total', result.total]] : files;
}

export function renderTable(result: EditorBenchResult): string {
  const data = rows(result);
  const header = ['', ...COLUMNS.map(([h]) => h)];
  const cells = data.map(([name, r]) => [name, ...COLUMNS.map(([, f]) => f(r))]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  const ref = result.reference;
  return [
    line(header),
    ...cells.map(line),
    '',
    `llama.vscode, measured the same way: correct ghost text at ${ref.llamaVscode.pausesCorrect} of ${ref.llamaVscode.pauses} pauses (${pct(ref.llamaVscode.pausesCorrect / ref.llamaVscode.pauses)}), about ${ref.llamaVscode.serverTokensPerFileToken}× the file's tokens. Target: ${pct(ref.target.correctShare)} of pauses, at most ${ref.target.serverTokensPerFileToken}×.`,
  ].join('\n');
}

export function markdownTable(result: EditorBenchResult): string[] {
  const data = rows(result);
  return [
    `| file | ${COLUMNS.map(([h]) => h).join(' | ')} |`,
    `| --- | ${COLUMNS.map(() => '---:').join(' | ')} |`,
    ...data.map(([name, r]) => `| ${name} | ${COLUMNS.map(([, f]) => f(r)).join(' | ')} |`),
  ];
}

const quote = (s: string) => `\`${s.replace(/`/g, 'ˋ').replace(/ /g, '·') || '∅'}\``;

function misses(result: EditorBenchResult): string[] {
  const out: string[] = [];
  for (const f of result.files) {
    const missed = f.figures.pauseDetails.filter((p) => p.verdict !== 'correct');
    if (missed.length === 0) continue;
    out.push(`**${f.trace}**`, '', '| key | line:col | after | expected | shown at the end of the pause | requests open during the pause |', '| ---: | --- | --- | --- | --- | --- |');
    for (const p of missed) {
      const reqs = p.requests.map((r) => `#${r.id} +${n(r.receivedAfterMs)} ms, ${r.tokensSent} tok, ${r.completed ? 'finished' : r.closedAfterMs === null ? 'open' : `closed +${n(r.closedAfterMs)} ms`}`).join('; ') || 'none';
      out.push(`| ${p.key} | ${p.line}:${p.column} | ${p.after} | ${quote(p.expected.slice(0, 40))} | ${quote(p.shown.slice(0, 40))} | ${reqs} |`);
    }
    out.push('');
  }
  return out;
}

export function renderMarkdown(result: EditorBenchResult): string {
  const e = result.endpoint;
  const p = result.plan;
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
  return [
    '# bench:editor: typing in the real VS Code, read from the screen',
    '',
    `\`${result.command}\` at ${result.generatedAt}, commit ${result.commit}; ${result.vscode} in headless Chromium; ` +
      `${result.machine.cpus} × ${result.machine.cpu}, Node ${result.machine.node}, load ${load(result.machine.loadAtStart)} at the start, ${load(result.machine.loadAtEnd)} at the end.`,
    '',
    `Fake server: ${n(e.tokensPerSecond)} tokens/s, ${n(e.ttftMs)} ms to the first token, oracle over the files (the rest of the current line right, then ${e.wrongLines} wrong lines). ` +
      `Typing: every character of the file, ${p.keyGapMs[0]}–${p.keyGapMs[1]} ms between keys, ${p.pauseMs[0]}–${p.pauseMs[1]} ms pauses at the start of non-blank lines and after \`(\` and \`= \` (seed ${p.seed}); nobody presses Tab.`,
    '',
    ...markdownTable(result),
    '',
    `llama.vscode, measured the same way (issue 4): correct ghost text at ${result.reference.llamaVscode.pausesCorrect} of ${result.reference.llamaVscode.pauses} pauses, about ${result.reference.llamaVscode.serverTokensPerFileToken}× the file's tokens generated. Target: ${pct(result.reference.target.correctShare)} of pauses with at most ${result.reference.target.serverTokensPerFileToken}× the tokens.`,
    '',
    '## Method',
    '',
    '- The packaged extension is installed in code-server (the e2e harness, `test/e2e/harness`), with the test profile (quick suggestions and the suggest widget off) and the editor\'s automatic edits off: `editor.autoClosingBrackets`, `autoClosingQuotes`, `autoClosingOvertype`, `autoSurround` never, `editor.autoIndent` none, `formatOnType` off. So every character of the file, indentation included, is one key, and the saved document must equal the file at the end. The completion profile points at the fake server (`completions-suffix`); every other setting of the extension is its default.',
    '- A file is typed whole, from an empty line (the document holds only the file\'s final line break); `--file NAME:FROM-TO` types a block of lines on an empty line opened where they were. Keys are sent by Playwright (`Enter` for a line break; a tab character is inserted as text, since the Tab key would accept a suggestion); nobody presses Tab or Escape.',
    '- In the page, a MutationObserver on the editor records every change of the cursor\'s line, the `ghost-text-decoration` / `ghost-text-decoration-preview` spans on it and the `.ghost-text` view zones below it, with `performance.now()` on the epoch scale; a keydown listener stamps each key on the same clock.',
    '- The fake server\'s log (requests, `tokensSent`, times) is read after each file; its clock is set beside the page\'s by the round trip with the smallest delay.',
    '',
    '## Definitions',
    '',
    '- **pause**: a key after which the plan waits 0.8–1.2 s: the key that starts a non-blank line (Enter), `(`, or the space of `= `, where the rest of the file\'s line is not empty. The pause lasts from that key\'s keydown to the next key\'s keydown, both stamped in the page.',
    '- **correct ghost text**: a moment in the pause at which the DOM (recorded by a MutationObserver on the editor) shows the cursor\'s line as the file has it up to the cursor, and the `ghost-text-decoration` spans on that line hold non-blank text that is a prefix of the rest of the file\'s line (tabs compared as the editor draws them). Lines of a multi-line suggestion below the cursor\'s line are recorded but not judged.',
    '- **wrong**: ghost text was drawn on the cursor\'s line during the pause but was never correct; **none**: no ghost text during the pause.',
    '- **key → correct ghost text**: from the pause\'s keydown to the first correct drawing; p50 and p90 by nearest rank over the pauses with correct ghost text.',
    '- **requests**, **server tokens**: generation requests in the fake server\'s log while the file was typed (speculative ones included), and the tokens it wrote for them (`tokensSent`, up to the end or the client\'s close).',
    '- **typed tokens**: the typed text by the fake server\'s token rule (`countTokens`); **server tokens ÷ typed tokens** is the figure comparable to llama.vscode\'s 30×.',
    '- **document = file**: the saved document equals the file at the end (the keys reproduced it exactly).',
    '',
    '## Pauses without correct ghost text',
    '',
    ...(result.files.some((f) => f.figures.pauseDetails.some((d) => d.verdict !== 'correct')) ? misses(result) : ['None.', '']),
  ].join('\n');
}
