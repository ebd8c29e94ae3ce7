// `npm run bench [-- --quick] [--only typing,overhead,chat,footprint,editor] [--editor] [--segment-seconds N] [--out-dir DIR]`
// `  [--strategies a,b] [--models current-line,next-lines,noisy,wrong] [--tokens-per-second 100,500] [--ttft-ms 20,200]`
// `npm run bench -- --render` rewrites latest.md from latest.json (after editing results/notes.md).
//
// Runs every benchmark and writes bench/results/latest.json and latest.md:
// - typing: the recorded traces through ours and the models of the anchors'
//   strategies, side by side, at 100/500/2,000 tokens/s × 20/200/800 ms to the
//   first token, against each of four model behaviours (bench/lib/models.ts;
//   see docs/benchmarks.md for the method and definitions);
// - overhead: what the engine adds between the endpoint's bytes and a ready suggestion;
// - chat: bench:chat's figures;
// - footprint: activation time in VS Code, bundle and VSIX sizes, heap after 1,000 completions;
// - editor (only with --editor, about 8 minutes): bench:editor, typing in the real VS Code
//   read from the screen; also writes bench/results/editor.json and editor.md.
// Benchmarks report; nothing here fails because the machine was slow.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EDITOR_DEFAULTS, runEditorBenchResult, writeEditorResults } from './editor';
import { runFootprint } from './footprint';
import { renderMarkdown, type BenchResults } from './lib/report';
import { MODEL_NAMES, modelNamed } from './lib/models';
import { runTypingGrid } from './lib/typingGrid';
import { runOverhead } from './overhead';
import { STRATEGIES } from './strategies';
import { benchTraceNames } from './typing/run';

type Part = 'typing' | 'overhead' | 'chat' | 'footprint' | 'editor';

interface Options {
  quick: boolean;
  only: Part[];
  segmentMs: number;
  outDir: string;
  strategies: string[];
  models: string[];
  tokensPerSecond: number[];
  ttftMs: number[];
  render: boolean;
}

/**
 * The rows of the table: ours, the diagnostic rows without speculative requests and without the
 * wait for pauses when suggestions are passed by (the engine before that rule), and the models of the anchors.
 * The other `ours-without-<rule>` rows are run with --strategies (bench/results/notes.md).
 */
const DEFAULT_STRATEGIES = ['ours', 'ours-no-speculative', 'ours-without-wait-when-ignored', 'no-abort', 'no-abort-debounced', 'fixed-debounce', 'adaptive-debounce', 'keep-through'];

function parseOptions(argv: string[]): Options {
  const o: Options = { quick: false, only: ['typing', 'overhead', 'chat', 'footprint'], segmentMs: 30000, outDir: path.join(__dirname, 'results'), strategies: DEFAULT_STRATEGIES, models: [...MODEL_NAMES], tokensPerSecond: [100, 500, 2000], ttftMs: [20, 200, 800], render: false };
  let editor = false;
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? '';
    switch (argv[i]) {
      case '--quick': o.quick = true; break;
      case '--only': o.only = value().split(',') as Part[]; break;
      case '--editor': editor = true; break;
      case '--segment-seconds': o.segmentMs = Number(value()) * 1000; break;
      case '--out-dir': o.outDir = path.resolve(value()); break;
      case '--strategies': o.strategies = value().split(','); break;
      case '--models': o.models = value().split(','); break;
      case '--tokens-per-second': o.tokensPerSecond = value().split(',').map(Number); break;
      case '--ttft-ms': o.ttftMs = value().split(',').map(Number); break;
      case '--render': o.render = true; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  for (const name of o.strategies) if (!STRATEGIES.some((s) => s.name === name)) throw new Error(`unknown strategy ${name}`);
  for (const name of o.models) modelNamed(name);
  if (editor && !o.only.includes('editor')) o.only.push('editor');
  return o;
}

/** The commit the run measured, marked when the working tree had changes. */
function gitCommit(): string {
  const run = (args: string[]) => spawnSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).stdout.trim();
  const head = run(['rev-parse', '--short', 'HEAD']);
  return run(['status', '--porcelain', '--untracked-files=no']) ? `${head} (with uncommitted changes)` : head;
}

const errorOf = (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) });

function runChat(quick: boolean): BenchResults['chat'] {
  const prefix = path.join(os.tmpdir(), `fi-bench-chat-${process.pid}`);
  const args = ['run', 'bench:chat', '--', '--out', prefix, ...(quick ? ['--runs', '1', '--tokens', '5000'] : [])];
  const result = spawnSync('npm', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    if (result.status !== 0) return { error: `npm run bench:chat exited with ${result.status}` };
    const json = JSON.parse(fs.readFileSync(`${prefix}.json`, 'utf8')) as { options?: { out?: unknown } };
    // The temporary file's path says nothing about the results.
    if (json.options) delete json.options.out;
    return { markdown: fs.readFileSync(`${prefix}.md`, 'utf8'), json };
  } finally {
    fs.rmSync(`${prefix}.md`, { force: true });
    fs.rmSync(`${prefix}.json`, { force: true });
  }
}

function notes(): string {
  const file = path.join(__dirname, 'results', 'notes.md');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o.render) {
    const results = JSON.parse(fs.readFileSync(path.join(o.outDir, 'latest.json'), 'utf8')) as BenchResults;
    fs.writeFileSync(path.join(o.outDir, 'latest.md'), `${renderMarkdown(results, notes())}\n`);
    return;
  }
  const started = Date.now();
  const results: BenchResults = {
    generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    // Where the results were written says nothing about them (and may be a machine's path).
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ').replace(/ ?--out-dir \S+/, '')}` : ''}`,
    commit: gitCommit(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}`, loadAtStart: os.loadavg(), loadAtEnd: [] },
  };
  const log = (line: string) => process.stderr.write(`[bench ${Math.round((Date.now() - started) / 1000)} s] ${line}\n`);

  if (o.only.includes('typing')) {
    const traces = benchTraceNames();
    const grid = {
      tokensPerSecond: o.tokensPerSecond,
      ttftMs: o.ttftMs,
      strategies: o.strategies,
      models: o.models,
      traces,
      segmentMs: o.quick ? 20000 : o.segmentMs,
      traceMs: o.quick ? 20000 : undefined,
    };
    log(`typing: ${grid.models.length} model behaviours × ${grid.tokensPerSecond.length * grid.ttftMs.length} cells × ${grid.strategies.length} strategies`);
    const cells = await runTypingGrid({
      ...grid,
      onCell: (c) => log(`typing ${c.model}, ${c.tokensPerSecond} tok/s, ${c.ttftMs} ms: ${c.results.map((r) => `${r.strategy} ${r.requests} req`).join(', ')} (${Math.round(c.wallMs / 1000)} s, load ${c.load.before.toFixed(1)})`),
    });
    results.typing = { segmentMs: grid.segmentMs, traceMs: grid.traceMs, traces, models: grid.models, cells };
  }
  if (o.only.includes('overhead')) {
    log('overhead');
    results.overhead = await runOverhead({ iterations: o.quick ? 150 : 400 }).catch(errorOf);
  }
  if (o.only.includes('chat')) {
    log('chat (npm run bench:chat)');
    results.chat = runChat(o.quick);
  }
  if (o.only.includes('footprint')) {
    log('footprint (npm run package, VS Code launches, heap)');
    results.footprint = await runFootprint({ launches: o.quick ? 1 : 3, completions: 1000 }).catch(errorOf);
  }
  if (o.only.includes('editor')) {
    log('editor (bench:editor: the real VS Code, about 8 minutes)');
    const { files, ...endpoint } = EDITOR_DEFAULTS;
    results.editor = await runEditorBenchResult({ files: files.map((trace) => ({ trace })), ...endpoint, command: results.command, log: (line) => log(`editor: ${line}`) })
      .then((editorResult) => {
        writeEditorResults(editorResult, o.outDir);
        return editorResult;
      })
      .catch(errorOf);
  }
  results.machine.loadAtEnd = os.loadavg();

  fs.mkdirSync(o.outDir, { recursive: true });
  fs.writeFileSync(path.join(o.outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(o.outDir, 'latest.md'), `${renderMarkdown(results, notes())}\n`);
  log(`wrote ${path.relative(process.cwd(), path.join(o.outDir, 'latest.md'))} and latest.json`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
