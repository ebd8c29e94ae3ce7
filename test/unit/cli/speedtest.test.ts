// `npm run speedtest` as users and other tools run it: a child process against the fake
// server, one JSON object on stdout, meaningful exit codes.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSpeedtestArgs, type SpeedtestArgs } from '../../../src/cli/args';
import { endpointFromArgs, runSpeedtest, type SpeedtestResult } from '../../../src/cli/speedtest';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { RECORDINGS_DIR, recordedStreams, skipForMissingRecordings } from '../support/recordings';
import type { RequestRecord } from '../../fake-server/types';

const ROOT = path.resolve(__dirname, '../../..');
const STREAMS = RECORDINGS_DIR;
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function speedtest(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/cli/speedtest.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The server's record of the one request, once it has seen the connection closed (mocha's timeout bounds the wait). */
async function closedAtServer(server: FakeServer): Promise<RequestRecord> {
  for (;;) {
    const record = server.requests()[0];
    if (record?.clientClosedAt !== undefined) return record;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function json(run: Run): SpeedtestResult {
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `exactly one line of JSON, got:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(lines[0]) as SpeedtestResult;
}

describe('speedtest arguments', () => {
  it('parses the documented interface', () => {
    const args = parseSpeedtestArgs([
      '--base-url', 'http://127.0.0.1:1/v1', '--model', 'm', '--api-key-env', 'KEY', '--fim', '--prompt', 'def f(', '--max-tokens', '12',
      '--abort-after-ms', '300', '--fim-transport', 'llama-infill', '--header', 'X-A: b', '--json',
    ]) as SpeedtestArgs;
    assert.deepEqual(args, {
      mode: 'fim', headers: { 'X-A': 'b' }, json: true, help: false, baseUrl: 'http://127.0.0.1:1/v1', model: 'm', apiKeyEnv: 'KEY',
      prompt: 'def f(', maxTokens: 12, abortAfterMs: 300, fimTransport: 'llama-infill',
    });
  });

  it('rejects bad arguments with a reason', () => {
    const bad: [string[], RegExp][] = [
      [['--model', 'm'], /--base-url is required/],
      [['--base-url', 'localhost:8080'], /must be an http\(s\) URL/],
      [['--base-url', 'http://x/v1', '--max-tokens', 'many'], /whole number/],
      [['--base-url', 'http://x/v1', '--chat', '--fim'], /either --chat or --fim/],
      [['--base-url', 'http://x/v1', '--bogus'], /unknown argument "--bogus"/],
      [['--base-url'], /--base-url needs a value/],
      [['--preset', 'nope'], /unknown preset/],
      [['--base-url', 'http://x/v1', '--fim-transport', 'chat'], /only applies with --fim/],
    ];
    for (const [argv, reason] of bad) assert.match(String(parseSpeedtestArgs(argv)), reason, argv.join(' '));
  });

  it('takes the base URL, models and FIM order from a preset', () => {
    const endpoint = endpointFromArgs(parseSpeedtestArgs(['--preset', 'groq', '--fim']) as SpeedtestArgs, 'k');
    assert.equal(endpoint.baseUrl, 'https://api.groq.com/openai/v1');
    assert.equal(endpoint.chatModel, 'llama-3.3-70b-versatile');
    assert.deepEqual(endpoint.fimOrder, ['chat']);
    assert.equal(endpoint.apiKey, 'k');
    const local = endpointFromArgs(parseSpeedtestArgs(['--preset', 'llamacpp', '--base-url', 'http://127.0.0.1:1/v1/', '--model', 'x']) as SpeedtestArgs, undefined);
    assert.equal(local.baseUrl, 'http://127.0.0.1:1/v1');
    assert.equal(local.completionModel, 'x');
    assert.equal(local.serverTiming, 'llama-cpp');
  });

  it('refuses a missing key variable before any request', async () => {
    const out: string[] = [];
    const code = await runSpeedtest(['--preset', 'groq', '--api-key-env', 'MISSING_KEY_VAR', '--json'], { out: (t) => out.push(t), err: (t) => out.push(t), env: {} });
    assert.equal(code, 2);
    assert.match(out.join(''), /MISSING_KEY_VAR is not set/);
  });
});

describe('npm run speedtest (child process, fake server)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 10, tokensPerSecond: 2000 });
  });
  beforeEach(() => server.reset());
  after(async () => {
    await server.close();
  });

  const recordings = recordedStreams().map((f) => path.basename(f));
  if (recordings.length === 0) {
    it('replays the recorded provider streams', function () {
      skipForMissingRecordings('npm run speedtest (reads each recording exactly)', 1);
      this.skip();
    });
  }
  for (const file of recordings) {
    const name = file.replace(/\.sse$/, '');
    it(`reads the recording ${name} exactly`, async () => {
      const expected = JSON.parse(readFileSync(path.join(STREAMS, `${name}.expected.json`), 'utf8')) as {
        content: string;
        reasoning_chars: number;
        completion_tokens: number | null;
        timings: { predicted_n: number; predicted_ms: number } | null;
        x_groq_usage: { completion_tokens: number; completion_time: number } | null;
      };
      server.configure({ replay: { file: path.join(STREAMS, file), pace: 'instant' } });
      const run = await speedtest(['--base-url', server.baseUrl, '--model', 'recorded', '--chat', '--json']);
      assert.equal(run.code, 0, run.stderr);
      const result = json(run);
      assert.equal(result.text, expected.content);
      assert.equal(result.reasoning.length, expected.reasoning_chars);
      assert.equal(result.error, null);
      assert.equal(result.aborted, false);
      if (expected.completion_tokens !== null) assert.equal(result.completionTokens, expected.completion_tokens);
      if (expected.timings) {
        // predicted_ms runs from the first generated token: it covers predicted_n − 1 decode steps.
        const { predicted_n: n, predicted_ms: ms } = expected.timings;
        assert.deepEqual(result.server, { tokensPerSecond: ((n - 1) * 1000) / ms, source: 'llama.cpp timings (predicted_n − 1)/predicted_ms' });
      } else if (expected.x_groq_usage) {
        assert.equal(result.server?.tokensPerSecond, expected.x_groq_usage.completion_tokens / expected.x_groq_usage.completion_time);
        assert.match(result.server?.source ?? '', /^groq .*completion_tokens\/completion_time$/);
      } else {
        assert.equal(result.server, null);
      }
      assert.equal(typeof result.ttftMs, 'number');
      assert.ok((result.totalMs ?? 0) >= (result.ttftMs ?? 0));
    });
  }

  it('--abort-after-ms: the answer is cut mid-stream and the server sees the client leave after the abort', async () => {
    // Order and counts, not milliseconds: the first token is due 30 ms after the request and the
    // abort after a full second, so text has arrived by then however busy the machine; the close
    // comes after the abort and long before the 20 s answer is done. How fast the close reaches
    // the server is a benchmark figure.
    server.configure({ ttftMs: 30, tokensPerSecond: 20, response: { kind: 'tokens', count: 400 } });
    server.clearLog();
    const run = await speedtest(['--base-url', server.baseUrl, '--model', 'fake-chat', '--chat', '--abort-after-ms', '1000', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const result = json(run);
    assert.equal(result.aborted, true);
    assert.equal(result.error, null);
    assert.ok(result.text.length > 0, 'some text arrived before the abort');
    const record = await closedAtServer(server);
    assert.equal(record.completed, false);
    assert.ok(record.tokensSent > 0 && record.tokensSent < 400, `the server stopped mid-answer (${record.tokensSent} of 400 tokens sent)`);
    // The server logs on this process's monotonic epoch, the CLI on the wall clock: two processes'
    // monotonic epochs can differ by tens of ms, the wall clock is shared. Server times are put on
    // the wall clock here; the allowance is for the wall clock's whole milliseconds.
    const toWall = (t: number) => t - (performance.timeOrigin + performance.now() - Date.now());
    assert.ok(record.firstTokenAt !== undefined && result.abortedAt !== undefined && toWall(record.firstTokenAt) < result.abortedAt, 'the first token was sent before the abort');
    const closedAt = toWall(record.clientClosedAt!);
    assert.ok(closedAt > result.abortedAt - 5, `closed ${(result.abortedAt - closedAt).toFixed(1)} ms before the abort`);
  });

  it('--fim through the same code, key from the environment as a Bearer header', async () => {
    server.configure({ response: { kind: 'text', text: 'return a + b' } });
    const run = await speedtest(['--base-url', server.baseUrl, '--model', 'fake-coder', '--fim', '--prompt', 'def add(a, b):\n    ', '--api-key-env', 'FI_TEST_KEY', '--json'], {
      FI_TEST_KEY: 'sk-cli-test-0123456789abcdef',
    });
    assert.equal(run.code, 0, run.stderr);
    const result = json(run);
    assert.equal(result.text, 'return a + b');
    assert.equal(result.transport, 'completions-suffix');
    assert.equal(server.requests()[0].headers.authorization, 'Bearer sk-cli-test-0123456789abcdef');
    assert.ok(!run.stdout.includes('sk-cli-test') && !run.stderr.includes('sk-cli-test'), 'the key is never printed');
  });

  it('exits 1 with a clear message when the request fails, 2 on bad arguments', async () => {
    server.configure({ fault: { type: 'status', status: 401 } });
    const failed = await speedtest(['--base-url', server.baseUrl, '--model', 'm', '--json']);
    assert.equal(failed.code, 1);
    assert.match(json(failed).error ?? '', /^auth: .*needs an API key/);
    assert.match(failed.stderr, /speedtest: auth:/);
    const bad = await speedtest(['--model', 'm']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--base-url is required/);
    assert.equal(bad.stdout, '');
  });

  it('prints a readable summary without --json', async () => {
    server.configure({ flavour: 'llamacpp', response: { kind: 'text', text: 'Hello there.' } });
    const run = await speedtest(['--base-url', server.baseUrl, '--model', 'fake-chat']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Hello there\./);
    assert.match(run.stdout, /time to first token\s+\d+ ms/);
    assert.match(run.stdout, /server speed\s+\d+ tokens\/s \(llama\.cpp timings \(predicted_n − 1\)\/predicted_ms\)/);
  });
});
