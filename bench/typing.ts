// `npm run bench:typing -- [--base-url URL --model MODEL [--api-key KEY] [--fim-transport T]] [--json]`
//
// Replays recorded typing traces (bench/traces: TypeScript, Python, Go, Rust;
// human timing, pauses, typos, typing through suggestions) through the real
// completion engine and provider layer, calling the engine as VS Code calls an
// inline completion provider: once per key, the previous call cancelled. Without
// --base-url it starts the fake server (its own process) at 2,000 tokens/s with
// 30 ms to the first token, answering with its `oracle` over the traces' files,
// and reads the server's log to check that every superseded stream was closed
// at the server within 50 ms of the keystroke that superseded it.
//
// Options: --trace NAME (repeatable), --speed N (replay N times faster; 1 is
// real time), --ttft-ms, --tokens-per-second, --behaviour NAME (how the oracle
// answers: current-line, next-lines, noisy or wrong; bench/lib/models.ts),
// --wrong-lines N (current-line: oracle guesses after the correct line),
// --in-process (fake server in this process),
// --out FILE (write the JSON there too).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FimTransportId } from '../src/providers/types';
import { modelNamed, oracleResponse } from './lib/models';
import { checks, type TypingMetrics } from './typing/metrics';
import { promptCacheChecks, promptCacheTable, runPromptCacheBench, type PromptCacheRow } from './typing/promptCache';
import { benchTraceNames, loadTrace, runTyping, type EndpointChoice, type ServerLog } from './typing/run';
import type { ServerRecord } from './typing/metrics';

interface Options {
  baseUrl?: string;
  model: string;
  apiKey?: string;
  fimTransport?: FimTransportId | 'auto';
  traces: string[];
  speed: number;
  json: boolean;
  out?: string;
  ttftMs: number;
  tokensPerSecond: number;
  behaviour: string;
  wrongLines: number;
  inProcess: boolean;
  /** Only the prompt cache measurement (bench/typing/promptCache.ts). */
  promptCacheOnly: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { model: 'fake-coder', traces: [], speed: 1, json: false, ttftMs: 30, tokensPerSecond: 2000, behaviour: 'current-line', wrongLines: 2, inProcess: false, promptCacheOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    switch (argv[i]) {
      case '--base-url': o.baseUrl = value(); break;
      case '--model': o.model = value(); break;
      case '--api-key': o.apiKey = value(); break;
      case '--fim-transport': o.fimTransport = value() as FimTransportId | 'auto'; break;
      case '--trace': o.traces.push(value()); break;
      case '--speed': o.speed = Number(value()); break;
      case '--json': o.json = true; break;
      case '--out': o.out = value(); break;
      case '--ttft-ms': o.ttftMs = Number(value()); break;
      case '--tokens-per-second': o.tokensPerSecond = Number(value()); break;
      case '--behaviour': o.behaviour = modelNamed(value()).name; break;
      case '--wrong-lines': o.wrongLines = Number(value()); break;
      case '--in-process': o.inProcess = true; break;
      case '--prompt-cache': o.promptCacheOnly = true; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!(o.speed > 0)) throw new Error('--speed must be a positive number');
  return o;
}

interface FakeServerHandle {
  baseUrl: string;
  log: ServerLog;
  close(): Promise<void>;
}

async function startFakeServerProcess(config: object): Promise<FakeServerHandle> {
  const file = path.join(os.tmpdir(), `fi-bench-typing-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(config));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'test', 'fake-server', 'cli.ts'), '--config', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`fake server exited with ${code}`)));
    });
    return {
      baseUrl: `${url}/v1`,
      log: {
        clear: async () => void (await fetch(`${url}/__fake/reset`, { method: 'POST' })),
        records: async () => (await (await fetch(`${url}/__fake/requests`)).json()) as ServerRecord[],
      },
      close: async () => {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      },
    };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function startFakeServerHere(config: object): Promise<FakeServerHandle> {
  const { startFakeServer } = await import('../test/fake-server/server');
  const server = await startFakeServer(config);
  return {
    baseUrl: server.baseUrl,
    log: { clear: async () => server.clearLog(), records: async () => server.requests() },
    close: () => server.close(),
  };
}

function line(name: string, m: TypingMetrics): string {
  const f = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v));
  return [
    `${name}: ${m.keystrokes} keys, ${m.requests} requests (${m.speculativeRequests} speculative), ${m.aborted} aborted, ${m.stoppedByRules} stopped by rules`,
    `  reuse ${m.servedFromReuse} calls; typed through ${m.typedThrough}, without a request ${m.typedThroughServedFromReuse} (${f(m.typedThroughReuseRate)}), shown from reuse ${m.typedThroughShownFromReuse}`,
    `  shown ${m.suggestionsShown}; ghost text p50 ${f(m.timeToGhostTextMs.p50)} ms, p90 ${f(m.timeToGhostTextMs.p90)} ms (after a request: p50 ${f(m.timeToGhostTextAfterRequestMs.p50)}, p90 ${f(m.timeToGhostTextAfterRequestMs.p90)})`,
    `  streams open at once ≤ ${m.maxConcurrentStreams} (engine ${m.maxConcurrentStreamsClient}); superseded closed at server: max ${f(m.supersededClosedAtServerMs?.max)} ms over ${f(m.supersededClosedAtServerMs?.count)}`,
    `  pauses ${m.pauses}: ghost text at ${m.pausesWithGhostText}, correct at ${m.pausesWithCorrectGhostText}; server tokens ${f(m.serverTokens)} (${f(m.serverTokensPerKeystroke)}/key)`,
  ].join('\n');
}

/** Prompt tokens the server processes again per request, today's prompt layout as the comparison row. */
async function promptCacheSection(o: Options): Promise<PromptCacheRow[]> {
  const rows = await runPromptCacheBench();
  if (!o.json) {
    console.log(`\nPrompt cache: typing ${1500} characters into the middle of a 1,500-line file\n${promptCacheTable(rows)}`);
    for (const [name, ok] of Object.entries(promptCacheChecks(rows))) console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
  }
  return rows;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o.promptCacheOnly) {
    const rows = await promptCacheSection(o);
    const json = JSON.stringify({ promptCache: rows, checks: promptCacheChecks(rows) }, null, 2);
    if (o.out) fs.writeFileSync(o.out, json + '\n');
    if (o.json) console.log(json);
    return;
  }
  const names = o.traces.length > 0 ? o.traces : benchTraceNames();
  const traces = names.map(loadTrace);
  let fake: FakeServerHandle | undefined;
  let choice: EndpointChoice;
  if (o.baseUrl) {
    choice = { baseUrl: o.baseUrl, model: o.model, apiKey: o.apiKey ?? process.env.FAST_INFERENCE_API_KEY, fimTransport: o.fimTransport ?? 'auto' };
  } else {
    const config = {
      ttftMs: o.ttftMs,
      tokensPerSecond: o.tokensPerSecond,
      response: { ...oracleResponse(o.behaviour, traces.map((t) => ({ text: t.text }))), ...(o.behaviour === 'current-line' ? { wrongLines: o.wrongLines } : {}) },
    };
    fake = o.inProcess ? await startFakeServerHere(config) : await startFakeServerProcess(config);
    choice = { baseUrl: fake.baseUrl, model: o.model, fimTransport: o.fimTransport ?? 'completions-suffix' };
  }
  try {
    const result = await runTyping(traces, choice, {
      speed: o.speed,
      server: fake?.log,
      onTrace: (name, m) => {
        if (!o.json) console.log(line(name, m));
      },
    });
    const promptCache = fake ? await promptCacheSection(o) : undefined;
    const report = {
      ...(promptCache ? { promptCache, promptCacheChecks: promptCacheChecks(promptCache) } : {}),
      endpoint: o.baseUrl ? { baseUrl: o.baseUrl, model: o.model } : { fakeServer: { ttftMs: o.ttftMs, tokensPerSecond: o.tokensPerSecond, response: 'oracle', behaviour: o.behaviour, ...(o.behaviour === 'current-line' ? { wrongLines: o.wrongLines } : {}), process: o.inProcess ? 'same' : 'own' } },
      speed: o.speed,
      traces: result.perTrace.map(({ name, metrics }) => ({ name, ...metrics })),
      total: result.total,
      ...(fake ? { checks: checks(result.total) } : {}),
    };
    const json = JSON.stringify(report, null, 2);
    if (o.out) fs.writeFileSync(o.out, json + '\n');
    if (o.json) console.log(json);
    else {
      console.log(line('total', result.total));
      if (report.checks) for (const [name, ok] of Object.entries(report.checks)) console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
    }
  } finally {
    await fake?.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
