import * as assert from 'node:assert/strict';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { tokensDue, tokenDueMs } from '../../fake-server/stream';
import { chatBody, measuredRate, send } from './client';

// Figures are printed so a run on a busy machine shows how close the pacing came. What is
// asserted holds on any machine: never early, never faster than the pace (a busy machine only
// makes the server later and slower), and not far slower (a generous bound; the precise figures
// are what the benchmarks report).
const report = (label: string, value: string) => console.log(`      ${label}: ${value}`);
/** A busy machine may hold up a timer or a read for this long. */
const BUSY_MS = 1000;

describe('fake server: pacing', function () {
  this.timeout(20000);
  // Timing on a shared 2-core machine: a scheduling hiccup near the last chunk can
  // spoil one measurement; a broken pacer fails every attempt.
  this.retries(2);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 20 });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  describe('schedule arithmetic', () => {
    const p = { ttftMs: 0, tokensPerSecond: 1000, tokensPerChunk: 1 };
    it('puts token i at i / rate after the first token', () => {
      assert.equal(tokenDueMs(0, p), 0);
      assert.equal(tokenDueMs(10, p), 10);
      assert.equal(tokenDueMs(5, { ...p, tokensPerChunk: 4 }), 4);
    });
    it('sends every due token when a timer fires late, never one early', () => {
      assert.equal(tokensDue(-0.1, 100, p), 0);
      assert.equal(tokensDue(0, 100, p), 1);
      assert.equal(tokensDue(9.99, 100, p), 10);
      assert.equal(tokensDue(10, 100, p), 11);
      assert.equal(tokensDue(500, 100, p), 100);
      assert.equal(tokensDue(4.5, 100, { ...p, tokensPerChunk: 4 }), 8);
    });
  });

  for (const [rate, count] of [
    [200, 120],
    [1000, 400],
    [3000, 900],
    [5000, 1500],
  ] as const) {
    it(`streams ${count} tokens at ${rate} tokens/s, never faster, as measured by a client`, async () => {
      server.configure({ tokensPerSecond: rate, response: { kind: 'tokens', count } });
      const r = await send(`${server.baseUrl}/chat/completions`, chatBody());
      const m = measuredRate(r);
      report(`${rate} tok/s`, `measured ${m.rate.toFixed(1)} tok/s over ${m.tokens} tokens (${((m.rate / rate - 1) * 100).toFixed(2)}%)`);
      assert.equal(m.tokens, count);
      assert.ok(m.rate < rate * 1.05 && m.rate > rate / 2, `measured ${m.rate} tok/s for ${rate}`);
    });
  }

  it('keeps the average exact with several tokens per chunk', async () => {
    server.configure({ tokensPerSecond: 1000, tokensPerChunk: 5, response: { kind: 'tokens', count: 300 } });
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody());
    const m = measuredRate(r);
    report('1000 tok/s, 5 per chunk', `${m.rate.toFixed(1)} tok/s`);
    assert.ok(m.rate < 1000 * 1.05 && m.rate > 1000 / 2, `measured ${m.rate}`);
  });

  for (const ttftMs of [30, 150]) {
    it(`sends the first token ${ttftMs} ms after the request`, async () => {
      server.configure({ ttftMs, tokensPerSecond: 2000, response: { kind: 'tokens', count: 20 } });
      const r = await send(`${server.baseUrl}/chat/completions`, chatBody());
      const m = measuredRate(r);
      const [record] = server.requests();
      const serverTtft = record!.firstTokenAt! - record!.receivedAt;
      report(`ttft ${ttftMs} ms`, `client ${m.ttftMs.toFixed(1)} ms, server ${serverTtft.toFixed(1)} ms`);
      assert.ok(serverTtft >= ttftMs && serverTtft < ttftMs + BUSY_MS, `server ttft ${serverTtft}`);
      assert.ok(m.ttftMs >= ttftMs && m.ttftMs >= serverTtft - 1 && m.ttftMs < ttftMs + BUSY_MS, `client ttft ${m.ttftMs}`);
    });
  }

  it('delays a non-streamed answer by ttft plus the generation time', async () => {
    server.configure({ ttftMs: 40, tokensPerSecond: 1000, response: { kind: 'tokens', count: 101 } });
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody({ stream: false }));
    const elapsed = performance.now() - r.startedAt;
    assert.equal(r.status, 200);
    // 40 ms + 100 intervals of 1 ms
    assert.ok(elapsed >= 140 && elapsed < 140 + BUSY_MS, `answered after ${elapsed} ms`);
  });

  it('writes everything at once when the rate is unbounded', async () => {
    server.configure({ ttftMs: 0, tokensPerSecond: Infinity, response: { kind: 'tokens', count: 500 } });
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody());
    const content = r.events.filter((e) => e.data.includes('"content"'));
    assert.ok(content.length <= 3, `${content.length} content events`);
    assert.equal(server.requests()[0]!.tokensSent, 500);
  });
});
