// Replays the short typing trace through the real engine and provider layer
// against the in-process fake server, and checks the four properties
// from the engine's records and the server's own log.
import { strict as assert } from 'node:assert';
import { checks } from '../../../bench/typing/metrics';
import { loadTrace, runTyping, type TypingRun } from '../../../bench/typing/run';
import type { EngineOptions } from '../../../src/completion/core/types';
import { startFakeServer, type FakeServer } from '../../fake-server/server';

async function replayAgainst(server: FakeServer, speed: number, engine: Partial<EngineOptions> = {}): Promise<TypingRun> {
  const trace = loadTrace('short-typescript');
  return runTyping([trace], { baseUrl: server.baseUrl, model: 'fake-coder', fimTransport: 'completions-suffix' }, {
    speed,
    engine,
    server: { clear: async () => server.clearLog(), records: async () => server.requests() },
  });
}

describe('typing trace against the fake server (real time)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let trace: ReturnType<typeof loadTrace>;

  before(async () => {
    trace = loadTrace('short-typescript');
    server = await startFakeServer({ ttftMs: 30, tokensPerSecond: 2000, response: { kind: 'oracle', documents: [{ text: trace.text }], wrongLines: 2 } });
  });

  after(() => server.close());

  it('at 2,000 tokens/s and 30 ms to first token: few requests, typed-through text from reuse, one stream at a time', async () => {
    const { total } = await replayAgainst(server, 1);
    const verdict = checks(total);
    assert.ok(total.keystrokes >= 80, `the whole trace was replayed (${total.keystrokes} keys)`);
    assert.ok(verdict.requestsAtMostAQuarterOfKeystrokes, `${total.requests} requests for ${total.keystrokes} keys`);
    assert.ok(total.typedThrough >= 40, `the person typed through suggestions (${total.typedThrough} keys)`);
    assert.ok(verdict.typedThroughServedFromReuseAtLeast90Percent, `typed-through keys served from reuse: ${total.typedThroughReuseRate}`);
    assert.ok(verdict.atMostOneStreamOpen, `server saw ${total.maxConcurrentStreams}, engine had ${total.maxConcurrentStreamsClient} open`);
    assert.ok(verdict.supersededStreamsClosedWithin50ms, `superseded streams closed after ${total.supersededClosedAtServerMs?.max} ms`);
    // Ghost text was shown, and not only from requests asked ahead. (Whether the few requests' answers
    // land before the next key is a matter of milliseconds; the time-to-ghost-text figures are reported.)
    assert.ok(total.suggestionsShown > 0 && total.requests > total.speculativeRequests, `${total.suggestionsShown} shown, ${total.requests} requests`);
  });

  it('with a slower endpoint, streams are superseded and the server sees each closed within 50 ms of the keystroke', async () => {
    server.configure({ ttftMs: 120, tokensPerSecond: 150 });
    try {
      // No debounce: a request at every key, so that keys do supersede streams (the adaptive
      // debounce rarely lets one be superseded here); closing them is the same code either way.
      const { total } = await replayAgainst(server, 2, { debounce: 'fixed', fixedDebounceMs: 0 });
      const superseded = total.supersededClosedAtServerMs!;
      assert.ok(superseded.count >= 1, `some streams were superseded (${JSON.stringify(total.abortedByReason)})`);
      assert.ok((superseded.max ?? Infinity) <= 50, `closed at the server ${superseded.max} ms after the keystroke`);
      assert.ok(total.maxConcurrentStreams <= 1, `server saw ${total.maxConcurrentStreams} streams at once`);
    } finally {
      server.configure({ ttftMs: 30, tokensPerSecond: 2000 });
    }
  });
});
