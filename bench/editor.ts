// `npm run bench:editor [-- --file NAME[:FROM-TO]]… [--json] [--ttft-ms N] [--tokens-per-second N] [--wrong-lines N] [--seed N] [--out-dir DIR | --no-write] [--raw-dir DIR]`
//
// The typing measurement from the user's chair: a file from bench/traces is
// typed into the real VS Code (code-server in headless Chromium, the packaged
// extension installed) at human pace, against the fake server's oracle (the
// rest of the current line right, the lines after it wrong). The ghost text is
// read from the editor's DOM as it is drawn. Reports the share of pauses with
// correct ghost text, the time from the key to it, and requests and server
// tokens per key (and per token typed). Writes bench/results/editor.json and
// editor.md. A benchmark: it reports, and fails only when it cannot run or the
// typed document does not come out equal to the file.
//
// --file NAME types that trace's file (default: python-grades and rust-wrap);
// NAME:FROM-TO types only those lines, the rest of the file already there.
// --raw-dir DIR writes each file's DOM record, plan and server log there.
// FI_E2E_VSIX=FILE uses a packaged VSIX instead of running `npm run package`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeServerDescription } from '../test/e2e/harness/codeServer';
import { totalFigures } from './editor/analyse';
import { KEY_GAP_MS, PAUSE_MS } from './editor/plan';
import { REFERENCE, renderMarkdown, renderTable, type EditorBenchResult } from './editor/report';
import { runEditorBench, type FileChoice } from './editor/run';

/** What `npm run bench:editor` (and `npm run bench -- --editor`) runs without options. */
export const EDITOR_DEFAULTS = { files: ['python-grades', 'rust-wrap'], ttftMs: 50, tokensPerSecond: 1500, wrongLines: 2, seed: 1 };
/** code-server's version, installed by test/e2e/install-code-server.sh. */

interface Options {
  files: FileChoice[];
  json: boolean;
  ttftMs: number;
  tokensPerSecond: number;
  wrongLines: number;
  seed: number;
  outDir: string | null;
  rawDir?: string;
}

export function parseFileChoice(spec: string): FileChoice {
  const m = /^([\w.-]+)(?::(\d+)-(\d+))?$/.exec(spec);
  if (!m) throw new Error(`--file wants NAME or NAME:FROM-TO, not ${spec}`);
  return m[2] ? { trace: m[1]!, fromLine: Number(m[2]), toLine: Number(m[3]) } : { trace: m[1]! };
}

function parseOptions(argv: string[]): Options {
  const { files: _files, ...defaults } = EDITOR_DEFAULTS;
  const o: Options = { files: [], json: false, ...defaults, outDir: path.join(__dirname, 'results') };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    const number = () => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${argv[i - 1]} needs a number ≥ 0`);
      return v;
    };
    switch (argv[i]) {
      case '--file': o.files.push(parseFileChoice(value())); break;
      case '--json': o.json = true; break;
      case '--ttft-ms': o.ttftMs = number(); break;
      case '--tokens-per-second': o.tokensPerSecond = number(); break;
      case '--wrong-lines': o.wrongLines = number(); break;
      case '--seed': o.seed = number(); break;
      case '--out-dir': o.outDir = path.resolve(value()); break;
      case '--no-write': o.outDir = null; break;
      case '--raw-dir': o.rawDir = path.resolve(value()); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (o.files.length === 0) o.files = EDITOR_DEFAULTS.files.map((trace) => ({ trace }));
  if (!(o.tokensPerSecond > 0)) throw new Error('--tokens-per-second must be positive');
  return o;
}

function gitCommit(): string {
  const run = (args: string[]) => spawnSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).stdout.trim();
  const head = run(['rev-parse', '--short', 'HEAD']);
  return run(['status', '--porcelain', '--untracked-files=no', '--', 'src']) ? `${head} (with uncommitted changes in src)` : head;
}

export interface EditorBenchOptions {
  files: FileChoice[];
  ttftMs: number;
  tokensPerSecond: number;
  wrongLines: number;
  seed: number;
  rawDir?: string;
  /** How the run was started, for the report. */
  command: string;
  log?: (line: string) => void;
}

/** Runs the benchmark and assembles its result (what `npm run bench` can call). */
export async function runEditorBenchResult(o: EditorBenchOptions): Promise<EditorBenchResult> {
  const loadAtStart = os.loadavg();
  // The VSIX is packaged from the tree as it is now.
  const commit = gitCommit();
  const run = await runEditorBench({
    files: o.files,
    endpoint: { ttftMs: o.ttftMs, tokensPerSecond: o.tokensPerSecond, wrongLines: o.wrongLines },
    planOptions: { seed: o.seed, keyGapMs: KEY_GAP_MS, pauseMs: PAUSE_MS },
    log: o.log,
    rawDir: o.rawDir,
  });
  return {
    generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: o.command,
    commit,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAtStart, loadAtEnd: os.loadavg() },
    // FI_CODE_SERVER picks the release, as for the e2e suite.
    vscode: codeServerDescription(),
    ...run,
    total: totalFigures(run.files.map((f) => f.figures)),
    reference: REFERENCE,
  };
}

/** Writes editor.json and editor.md into `outDir`; returns the markdown's path. */
export function writeEditorResults(result: EditorBenchResult, outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'editor.json'), `${JSON.stringify(result, null, 2)}\n`);
  const md = path.join(outDir, 'editor.md');
  fs.writeFileSync(md, `${renderMarkdown(result)}\n`);
  return md;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[bench:editor ${Math.round((Date.now() - started) / 1000)} s] ${line}\n`);
  const result = await runEditorBenchResult({
    ...o,
    command: `npm run bench:editor${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    log,
  });
  if (o.outDir) log(`wrote ${path.relative(process.cwd(), writeEditorResults(result, o.outDir))} and editor.json`);
  console.log(o.json ? JSON.stringify(result, null, 2) : renderTable(result));
  if (!result.total.documentMatches) {
    for (const f of result.files.filter((x) => x.documentDiff)) log(`${f.trace}: the document differs from the file at ${JSON.stringify(f.documentDiff)}`);
    throw new Error('the typed document is not the file: the keys did not reproduce it, so the figures are not a measurement of it');
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
