import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { countTokens } from '../../fake-server/tokens';
import { chatBody, chunkContent, send, streamedText } from './client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEXT = 'alpha beta gamma delta epsilon';

describe('fake server: faults', function () {
  this.timeout(10000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 2, tokensPerSecond: 2000, response: { kind: 'text', text: TEXT } });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  const chat = (extra: Json = {}) => send(`${server.baseUrl}/chat/completions`, chatBody(extra));

  for (const status of [401, 403, 404, 408, 413, 500, 502, 503]) {
    it(`answers ${status} with an OpenAI-shaped error body`, async () => {
      server.configure({ fault: { type: 'status', status } });
      const r = await chat();
      assert.equal(r.status, status);
      const body = JSON.parse(r.body.toString()) as Json;
      assert.equal(typeof body.error.message, 'string');
      assert.equal(server.requests()[0]!.fault, 'status');
    });
  }

  it('answers 429 with retry-after and rate-limit reset headers, then recovers after `times`', async () => {
    server.configure({
      fault: {
        type: 'status', status: 429, times: 2, body: '{"error":{"message":"slow down","type":"rate_limit_error"}}',
        headers: { 'Retry-After': '2', 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' },
      },
    });
    const first = await chat();
    assert.equal(first.status, 429);
    assert.equal(first.headers['retry-after'], '2');
    assert.equal(first.headers['x-ratelimit-reset-requests'], '1s');
    assert.equal(first.headers['x-ratelimit-reset-tokens'], '6m0s');
    assert.equal(first.body.toString(), '{"error":{"message":"slow down","type":"rate_limit_error"}}');
    assert.equal((await chat()).status, 429);
    assert.equal((await chat()).status, 200);
  });

  it('applies a fault only to the matching path', async () => {
    server.configure({ fault: { type: 'status', status: 503, match: { path: '/v1/completions' } } });
    assert.equal((await chat()).status, 200);
    assert.equal((await send(`${server.baseUrl}/completions`, { model: 'm', prompt: 'x' })).status, 503);
    server.configure({ fault: { type: 'status', status: 401, match: { path: '/v1/models' } } });
    assert.equal((await send(`${server.baseUrl}/models`, undefined)).status, 401);
  });

  it('serves an HTML error page with status 502', async () => {
    server.configure({ fault: { type: 'html' } });
    const r = await chat();
    assert.equal(r.status, 502);
    assert.match(String(r.headers['content-type']), /text\/html/);
    assert.match(r.body.toString(), /<h1>502 Bad Gateway<\/h1>/);
  });

  it('writes a chunk of malformed JSON and goes on', async () => {
    server.configure({ fault: { type: 'malformed-json', afterTokens: 2 } });
    const r = await chat();
    const bad = r.events.filter((e) => {
      try {
        if (e.data && e.data !== '[DONE]') JSON.parse(e.data);
        return false;
      } catch {
        return true;
      }
    });
    assert.equal(bad.length, 1);
    const good = r.events.filter((e) => e.data && e.data !== '[DONE]' && !bad.includes(e));
    assert.equal(good.map((e) => chunkContent(JSON.parse(e.data) as Json)).join(''), TEXT);
  });

  it('cuts the stream in the middle of a data line', async () => {
    server.configure({ fault: { type: 'truncate', afterTokens: 3 } });
    const r = await chat();
    const tail = r.body.toString().split('\n\n').at(-1)!;
    assert.match(tail, /^data: \{/);
    assert.ok(!tail.endsWith('}'));
    const rec = server.requests()[0]!;
    assert.equal(rec.completed, false);
    assert.equal(rec.clientClosedAt, undefined, 'a server-side cut is not a client close');
    assert.equal(rec.tokensSent, 3);
  });

  it('stalls after the first token for stallMs, then finishes at the normal rate', async () => {
    server.configure({ fault: { type: 'stall-after-first', stallMs: 200 } });
    const r = await chat();
    const content = r.events.filter((e) => e.data.includes('"content":"') && !e.data.includes('"content":""'));
    // Measured at the client, which may read the first event late: the second one cannot come
    // before the stall has passed since the request; the gap may grow on a busy machine.
    assert.ok(content[1]!.at - r.startedAt >= 200, `second token ${content[1]!.at - r.startedAt} ms after the request`);
    const gap = content[1]!.at - content[0]!.at;
    assert.ok(gap < 200 + 1000, `gap ${gap}`);
    assert.equal(streamedText(r), TEXT);
  });

  it('resets the connection before any header', async () => {
    server.configure({ fault: { type: 'reset' } });
    const r = await chat();
    assert.equal(r.status, 0);
    assert.ok(r.error);
    const client = new OpenAI({ apiKey: 'k', baseURL: server.baseUrl, maxRetries: 0 });
    await assert.rejects(client.chat.completions.create({ model: 'm', messages: [] }), /Connection error/);
  });

  it('writes a single 10 MB line', async function () {
    this.timeout(60_000); // 10 MB through a parser takes seconds on a busy machine
    server.configure({ fault: { type: 'huge-line' } });
    const r = await chat();
    const lines = r.body.toString().split('\n');
    const longest = Math.max(...lines.map((l) => l.length));
    assert.ok(longest >= 10 * 1024 * 1024 - 100 && longest <= 10 * 1024 * 1024, `longest line ${longest}`);
    assert.equal(streamedText(r), TEXT);
  });

  it('writes bytes that are not UTF-8 inside a chunk', async () => {
    server.configure({ fault: { type: 'invalid-utf8', afterTokens: 1 } });
    const r = await chat();
    assert.ok(r.body.includes(Buffer.from([0xff, 0xfe])));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(r.body));
  });

  it('sends headers and then nothing until stallMs', async () => {
    server.configure({ ttftMs: 0, fault: { type: 'no-first-token', stallMs: 250 } });
    const r = await chat();
    const rec = server.requests()[0]!;
    // Headers at once, the first token after the stall: in that order, never early.
    assert.ok(rec.firstByteAt! - rec.receivedAt < 250, 'headers before the stall ends');
    const wait = rec.firstTokenAt! - rec.receivedAt;
    assert.ok(wait >= 250 && wait < 250 + 1000, `first token after ${wait} ms`);
    assert.equal(streamedText(r), TEXT);
  });

  it('ends a stream without [DONE]', async () => {
    server.configure({ fault: { type: 'no-done', times: 1 } });
    const r = await chat();
    assert.ok(r.events.every((e) => e.data !== '[DONE]'));
    assert.equal(server.requests()[0]!.completed, true);
    assert.equal((await chat()).events.at(-1)!.data, '[DONE]');
  });

  it('applies body faults to non-streamed answers too', async () => {
    server.configure({ fault: { type: 'malformed-json' } });
    const r = await chat({ stream: false });
    assert.throws(() => JSON.parse(r.body.toString()));
    server.configure({ fault: { type: 'truncate' } });
    const cut = await chat({ stream: false });
    assert.ok(cut.body.length > 0);
    assert.equal(server.requests().at(-1)!.completed, false);
    assert.equal(countTokens(TEXT), server.requests().at(-1)!.tokensSent);
  });
});
