import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from '../../fake-server/cli';
import { startFakeServer, type FakeServer, type RequestRecord } from '../../fake-server/server';
import { chatBody, send, streamedText } from './client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('fake server: control over HTTP and the CLI', function () {
  this.timeout(15000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 1, tokensPerSecond: 10000, response: { kind: 'text', text: 'start' } });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it('POST /__fake/config merges options; GET /__fake/requests returns the log; neither is logged', async () => {
    const cfg = await send(`${server.url}/__fake/config`, { response: { kind: 'text', text: 'configured' }, capabilities: { suffix: 'reject' } });
    assert.equal(cfg.status, 200);
    assert.equal(server.options().capabilities.suffix, 'reject');
    assert.equal(server.options().capabilities.infill, 'ok', 'other capabilities kept');
    assert.equal(streamedText(await send(`${server.baseUrl}/chat/completions`, chatBody())), 'configured');
    const log = JSON.parse((await send(`${server.url}/__fake/requests`, undefined)).body.toString()) as RequestRecord[];
    assert.equal(log.length, 1);
    assert.equal(log[0]!.path, '/v1/chat/completions');
    assert.equal(log[0]!.completed, true);
  });

  it('rejects invalid options with 400 and keeps the old ones', async () => {
    const r = await send(`${server.url}/__fake/config`, { tokensPerSecond: -1 });
    assert.equal(r.status, 400);
    assert.match((JSON.parse(r.body.toString()) as Json).error.message, /tokensPerSecond/);
    assert.equal(server.options().tokensPerSecond, 10000);
  });

  it('null clears a fault; POST /__fake/reset restores the start options and clears the log', async () => {
    await send(`${server.url}/__fake/config`, { fault: { type: 'status', status: 500 }, flavour: 'groq' });
    assert.equal((await send(`${server.baseUrl}/chat/completions`, chatBody())).status, 500);
    await send(`${server.url}/__fake/config`, { fault: null });
    assert.equal((await send(`${server.baseUrl}/chat/completions`, chatBody())).status, 200);
    assert.equal(server.requests().length, 2);
    assert.equal((await send(`${server.url}/__fake/reset`, {})).status, 200);
    assert.equal(server.requests().length, 0);
    assert.equal(server.options().flavour, 'openai');
  });

  it('waitForRequests resolves once enough requests arrived, and times out otherwise', async () => {
    const waiting = server.waitForRequests(2, 2000);
    await send(`${server.baseUrl}/models`, undefined);
    await send(`${server.baseUrl}/models`, undefined);
    assert.equal((await waiting).length, 2);
    await assert.rejects(server.waitForRequests(5, 50), /expected 5 requests/);
  });

  it('parses the CLI flags', () => {
    assert.deepEqual(parseArgs(['--port', '8089', '--ttft-ms', '30', '--tokens-per-second', '2000', '--tokens-per-chunk', '2', '--flavour', 'groq']), {
      port: 8089, ttftMs: 30, tokensPerSecond: 2000, tokensPerChunk: 2, flavour: 'groq',
    });
    assert.deepEqual(parseArgs(['--replay', 'x.sse', '--pace', 'instant']), { replay: { file: path.resolve('x.sse'), pace: 'instant' } });
    assert.equal(parseArgs(['--help']), 'help');
    assert.throws(() => parseArgs(['--bogus']), /unknown option/);
    assert.throws(() => parseArgs(['--port', 'x']), /needs a number/);
  });

  it('runs as a process: prints the listening line, serves, exits cleanly on SIGTERM', async () => {
    const cli = path.resolve(__dirname, '../../fake-server/cli.ts');
    const tsx = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
    const child = spawn(tsx, [cli, '--port', '0', '--ttft-ms', '5', '--text', 'from the cli'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /fake server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      assert.equal(streamedText(await send(`${url}/v1/chat/completions`, chatBody())), 'from the cli');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
