// `npm run bench:chat [-- --tokens-per-second 5000 --tokens 15000 --runs 3 --json]`
//
// Streams a long Markdown answer from the fake server (in its own process) at
// 5,000 tokens/s through the real host pipeline (provider client → chat
// controller → delta batcher → postMessage) into the real webview bundle in
// headless Chromium, and reports: messages per second to the webview, the lag
// behind the stream at its end (last token written by the server → in the
// host's last post → in the rendered DOM), extension-host CPU per 1,000
// tokens, and the webview's frame times. Unbatched and host-only runs show
// what the batching buys and what the transport costs.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseWebviewMessage, type HostMessage } from '../src/shared/chatProtocol';
import { END_MARKER, longAnswer } from './chat/answer';
import { createHost } from './chat/host';
import { openWebview, type WebviewPage } from './chat/page';
import type { RequestRecord } from '../test/fake-server/types';

interface Options {
  tokensPerSecond: number;
  tokens: number;
  runs: number;
  json: boolean;
  out?: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { tokensPerSecond: 5000, tokens: 15000, runs: 3, json: false };
  for (let i = 0; i < argv.length; i++) {
    const next = () => Number(argv[++i]);
    if (argv[i] === '--tokens-per-second') o.tokensPerSecond = next();
    else if (argv[i] === '--tokens') o.tokens = next();
    else if (argv[i] === '--runs') o.runs = next();
    else if (argv[i] === '--json') o.json = true;
    else if (argv[i] === '--out') o.out = argv[++i];
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return o;
}

const epochNow = () => performance.timeOrigin + performance.now();

async function startFakeServerProcess(config: object): Promise<{ url: string; child: ChildProcess }> {
  const file = path.join(os.tmpdir(), `fi-bench-chat-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'test', 'fake-server', 'cli.ts'), '--config', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`fake server exited with ${code}`)));
  });
  fs.rmSync(file, { force: true });
  return { url, child };
}

interface Mode {
  name: string;
  flushIntervalMs: number;
  webview: boolean;
}

const MODES: Mode[] = [
  { name: 'batched 16 ms → webview', flushIntervalMs: 16, webview: true },
  { name: 'unbatched → webview', flushIntervalMs: 0, webview: true },
  { name: 'batched 16 ms, host only', flushIntervalMs: 16, webview: false },
];

export interface RunResult {
  mode: string;
  tokens: number;
  streamMs: number;
  serverTokensPerSecond: number;
  messagesToWebview: number;
  deltaMessages: number;
  messagesPerSecond: number;
  bytesToWebview: number;
  hostLagAtEndMs: number;
  domLagAtEndMs: number | null;
  hostCpuMsPer1000Tokens: number;
  webviewCpuMsPer1000Tokens: number | null;
  frames: number | null;
  frameP50Ms: number | null;
  frameP95Ms: number | null;
  frameMaxMs: number | null;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function taskSeconds(page: WebviewPage): Promise<number> {
  const { metrics } = (await page.cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

async function lastChatRecord(url: string): Promise<RequestRecord> {
  const records = (await (await fetch(`${url}/__fake/requests`)).json()) as RequestRecord[];
  const chat = records.filter((r) => r.path === '/v1/chat/completions');
  const last = chat[chat.length - 1];
  if (!last?.endedAt || !last.firstTokenAt) throw new Error('the fake server has no finished chat request');
  return last;
}

async function runOnce(mode: Mode, url: string): Promise<RunResult> {
  await fetch(`${url}/__fake/reset`, { method: 'POST' });
  let deltas = 0;
  let messages = 0;
  let bytes = 0;
  let counting = false;
  let finishedAt = 0;
  let page: WebviewPage | undefined;
  const sink = (message: HostMessage) => {
    if (message.type === 'delta') {
      counting = true;
      deltas++;
    }
    if (counting) {
      messages++;
      // VS Code serialises every posted message; so does this sink.
      bytes += JSON.stringify(message).length;
    }
    if (message.type === 'messageFinished') {
      finishedAt = epochNow();
      counting = false;
    }
    if (page) page.post(message);
    else early.push(message);
  };
  // The page says `ready` while it loads, before openWebview returns: hold what the host answers.
  const early: HostMessage[] = [];
  const host = createHost(`${url}/v1`, sink, mode.flushIntervalMs);

  let cpuStart: NodeJS.CpuUsage | undefined;
  let reply: Promise<void> | undefined;
  const fromPage = (raw: unknown) => {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    if (message.type === 'send') {
      cpuStart = process.cpuUsage();
      reply = host.handle(message);
    } else void host.handle(message);
  };

  let webviewTaskStart = 0;
  if (mode.webview) {
    page = await openWebview(fromPage);
    for (const message of early.splice(0)) page.post(message);
    await page.page.waitForFunction(() => document.querySelector('.welcome') !== null);
    await page.page.evaluate((marker) => ((window as unknown as { __bench: { marker: string } }).__bench.marker = marker), END_MARKER);
    webviewTaskStart = await taskSeconds(page);
    await page.page.fill('textarea.prompt-input', 'Refactor the data loader step by step.');
    await page.page.press('textarea.prompt-input', 'Enter');
    const deadline = Date.now() + 10_000;
    while (!reply && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  } else {
    await host.handle({ type: 'ready' });
    fromPage({ type: 'send', text: 'Refactor the data loader step by step.' });
  }
  if (!reply || !cpuStart) throw new Error('the prompt never reached the host');
  await reply;
  const cpu = process.cpuUsage(cpuStart);

  let domAt: number | null = null;
  let frames: number[] | null = null;
  let webviewCpuMs: number | null = null;
  if (page) {
    await page.page.waitForFunction(() => (window as unknown as { __bench: { markerAt: number | null } }).__bench.markerAt !== null, undefined, { timeout: 15_000 });
    const probe = await page.page.evaluate(() => (window as unknown as { __bench: { markerAt: number; frames: number[] } }).__bench);
    domAt = probe.markerAt;
    frames = probe.frames;
    webviewCpuMs = ((await taskSeconds(page)) - webviewTaskStart) * 1000;
    await page.close();
  }
  await host.dispose();

  const record = await lastChatRecord(url);
  const tokens = record.tokensSent;
  const streamMs = record.endedAt! - record.firstTokenAt!;
  const per1000 = tokens / 1000;
  return {
    mode: mode.name,
    tokens,
    streamMs,
    serverTokensPerSecond: tokens / (streamMs / 1000),
    messagesToWebview: messages,
    deltaMessages: deltas,
    messagesPerSecond: deltas / (streamMs / 1000),
    bytesToWebview: bytes,
    hostLagAtEndMs: finishedAt - record.endedAt!,
    domLagAtEndMs: domAt === null ? null : domAt - record.endedAt!,
    hostCpuMsPer1000Tokens: (cpu.user + cpu.system) / 1000 / per1000,
    webviewCpuMsPer1000Tokens: webviewCpuMs === null ? null : webviewCpuMs / per1000,
    frames: frames?.length ?? null,
    frameP50Ms: frames ? percentile(frames, 50) : null,
    frameP95Ms: frames ? percentile(frames, 95) : null,
    frameMaxMs: frames ? Math.max(...frames) : null,
  };
}

function median(results: RunResult[]): RunResult {
  const pick = <K extends keyof RunResult>(key: K): RunResult[K] => {
    const values = results.map((r) => r[key]).filter((v): v is NonNullable<RunResult[K]> => v !== null);
    if (values.length === 0) return null as RunResult[K];
    if (typeof values[0] === 'string') return values[0];
    return percentile(values as number[], 50) as RunResult[K];
  };
  return Object.fromEntries(Object.keys(results[0]).map((k) => [k, pick(k as keyof RunResult)])) as unknown as RunResult;
}

const fmt = (v: number | null, digits = 0) => (v === null ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function table(rows: RunResult[], options: Options): string {
  const header = ['mode', 'tokens', 'server tok/s', 'msgs/s to webview', 'msgs total', 'host lag at end (ms)', 'DOM lag at end (ms)', 'host CPU ms / 1k tok', 'webview CPU ms / 1k tok', 'frames', 'frame p50 / p95 / max (ms)'];
  const lines = rows.map((r) => [
    r.mode,
    fmt(r.tokens),
    fmt(r.serverTokensPerSecond),
    fmt(r.messagesPerSecond, 1),
    fmt(r.messagesToWebview),
    fmt(r.hostLagAtEndMs, 1),
    fmt(r.domLagAtEndMs, 1),
    fmt(r.hostCpuMsPer1000Tokens, 1),
    fmt(r.webviewCpuMsPer1000Tokens, 1),
    fmt(r.frames),
    r.frameP50Ms === null ? '–' : `${fmt(r.frameP50Ms, 1)} / ${fmt(r.frameP95Ms, 1)} / ${fmt(r.frameMaxMs, 1)}`,
  ]);
  const md = [
    `Chat pipeline at ${options.tokensPerSecond.toLocaleString('en-US')} tokens/s, ${options.tokens.toLocaleString('en-US')}-token Markdown answer, median of ${options.runs} runs (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version})`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
  ];
  return md.join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const text = longAnswer(options.tokens);
  const { url, child } = await startFakeServerProcess({
    ttftMs: 30,
    tokensPerSecond: options.tokensPerSecond,
    usage: 'always',
    response: { kind: 'text', text },
  });
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  try {
    const summary: RunResult[] = [];
    const all: RunResult[] = [];
    for (const mode of MODES) {
      const runs: RunResult[] = [];
      for (let i = 0; i < options.runs; i++) {
        const r = await runOnce(mode, url);
        runs.push(r);
        all.push(r);
        if (!options.json) process.stderr.write(`  ${mode.name}: run ${i + 1}/${options.runs} done\n`);
      }
      summary.push(median(runs));
    }
    const result = { options, machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version }, summary, runs: all };
    if (options.out) {
      fs.writeFileSync(`${options.out}.json`, `${JSON.stringify(result, null, 2)}\n`);
      fs.writeFileSync(`${options.out}.md`, `${table(summary, options)}\n`);
    }
    console.log(options.json ? JSON.stringify(result, null, 2) : table(summary, options));
  } finally {
    stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
