// Replays the short typing trace through the real engine and provider layer
// against the in-process fake server, and checks the four properties
// from the engine's records and the server's own log. Keys are replayed in real time over
// real sockets, so the checks are about order and counts (a superseded stream is closed at the
// server, and before the next one opens); how many milliseconds the close takes depends on
// the machine and is a benchmark figure (bench:typing, supersededClosedAtServerMs).
import { strict as assert } from 'node:assert';
import { checks, matchRecords, type ServerRecord } from '../../../bench/typing/metrics';
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

/** Streams closed because the user typed on (not because a stop rule ended them), with the server's record of each. */
function supersededStreams(run: TypingRun, records: ServerRecord[]): { keyAt: number; record: ServerRecord | undefined }[] {
  return run.runs.flatMap((trace) => {
    const matched = matchRecords(trace.sessions, records);
    return trace.sessions
      .filter((s) => s.abort && ['diverged', 'left', 'replaced'].includes(s.abort.reason))
      .map((s) => ({ keyAt: trace.keystrokes[s.abort!.keystroke]!.at, record: matched.get(s.id) }));
  });
}

/** Each superseded stream the server had not finished was seen closed by the client, after the key that superseded it. */
function assertClosedAtServer(superseded: ReturnType<typeof supersededStreams>): void {
  for (const { keyAt, record } of superseded) {
    assert.ok(record, 'the server logged every superseded request');
    if (record.completed) continue;
    assert.ok(record.clientClosedAt !== undefined, `a superseded stream stayed open at the server (${record.tokensSent} tokens sent)`);
    assert.ok(record.clientClosedAt >= keyAt, 'closed after the key that superseded it');
  }
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
    const run = await replayAgainst(server, 1);
    const { total } = run;
    const verdict = checks(total);
    assert.ok(total.keystrokes >= 80, `the whole trace was replayed (${total.keystrokes} keys)`);
    assert.ok(verdict.requestsAtMostAQuarterOfKeystrokes, `${total.requests} requests for ${total.keystrokes} keys`);
    assert.ok(total.typedThrough >= 40, `the person typed through suggestions (${total.typedThrough} keys)`);
    assert.ok(verdict.typedThroughServedFromReuseAtLeast90Percent, `typed-through keys served from reuse: ${total.typedThroughReuseRate}`);
    assert.ok(verdict.atMostOneStreamOpen, `server saw ${total.maxConcurrentStreams}, engine had ${total.maxConcurrentStreamsClient} open`);
    assertClosedAtServer(supersededStreams(run, server.requests()));
    // Ghost text was shown, and not only from requests asked ahead. (Whether the few requests' answers
    // land before the next key is a matter of milliseconds; the time-to-ghost-text figures are reported.)
    assert.ok(total.suggestionsShown > 0 && total.requests > total.speculativeRequests, `${total.suggestionsShown} shown, ${total.requests} requests`);
  });

  it('with a slow endpoint, every stream superseded by a key is closed at the server before the next one opens', async () => {
    // 1.5 s to the first token: every request but the last is still waiting when the next key
    // comes, however busy the machine, so the keys do supersede streams.
    server.configure({ ttftMs: 1500, tokensPerSecond: 150 });
    try {
      // No debounce: a request at every key, so that keys do supersede streams (the adaptive
      // debounce rarely lets one be superseded here); closing them is the same code either way.
      const run = await replayAgainst(server, 2, { debounce: 'fixed', fixedDebounceMs: 0 });
      const superseded = supersededStreams(run, server.requests());
      assert.ok(superseded.length >= 5, `streams were superseded (${JSON.stringify(run.total.abortedByReason)})`);
      assertClosedAtServer(superseded);
      assert.equal(run.total.supersededClosedAtServerMs?.count, superseded.length, 'the server saw each superseded stream closed');
      assert.ok(run.total.maxConcurrentStreams <= 1, `server saw ${run.total.maxConcurrentStreams} streams at once`);
    } finally {
      server.configure({ ttftMs: 30, tokensPerSecond: 2000 });
    }
  });
});
