// Load: 1,000 completion requests in a row (typing on, some calls cancelled by the next
// keystroke, speculation on as by default) and 50 chat answers streaming at once (10 of them
// stopped), through the real engine, controller and client against the fake server. Every
// request is answered or cleanly cancelled (the server sees the connection closed), nothing
// stays open, and the heap after a full collection grows by less than 20 MB.
import * as assert from 'node:assert/strict';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { activeResources, eventually, leftOpen, UnhandledRejections } from './guards';
import { MB, settledHeapBytes } from './heap';
import { ChatRig, ClientRig, CompletionRig, testEndpoint } from './rigs';
import { measured, RowRecorder } from './rows';

const COMPLETIONS = 1000;
const CHATS = 50;
const STOPPED_CHATS = 10;
const HEAP_LIMIT_MB = 20;
/** Idle keep-alive connections fetch may pool after many requests (both ends are in this process). */
const POOLED_SOCKETS = 8;
const CHAT_ANSWER = Array.from({ length: 40 }, (_, i) => `Point ${i}: the value is kept in a map keyed by id.`).join('\n');

describe('reliability: load', function () {
  this.timeout(120_000);
  let server: FakeServer;
  let baseline: Record<string, number>;
  const unhandled = new UnhandledRejections();
  const rows = new RowRecorder('load');

  before(async () => {
    unhandled.install();
    server = await startFakeServer({ ttftMs: 1, tokensPerSecond: 20_000, tokensPerChunk: 4, response: { kind: 'text', text: 'compute(value, 2);\n' } });
    baseline = activeResources();
  });

  after(async () => {
    await server.close();
    unhandled.uninstall();
    rows.write({ heapLimitMb: HEAP_LIMIT_MB });
  });

  after(async () => {
    // Once the server is gone, the pooled connections go too: nothing at all is left.
    const left = await leftOpen({ ...baseline, TCPServerWrap: (baseline.TCPServerWrap ?? 1) - 1 }, 0);
    assert.deepEqual(left, []);
  });

  /** Most requests the server was answering at one moment. */
  function peakConcurrency(fake: FakeServer): number {
    const edges = fake.requests().flatMap((r) => [
      { at: r.receivedAt, delta: 1 },
      { at: r.endedAt ?? r.clientClosedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
    ]);
    edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
    let now = 0;
    let peak = 0;
    for (const e of edges) peak = Math.max(peak, (now += e.delta));
    return peak;
  }

  /** Every request the server saw ended: written in full, or the client closed it. */
  function assertAllEnded(): { completed: number; closedByClient: number } {
    const records = server.requests();
    const open = records.filter((r) => !r.completed && r.clientClosedAt === undefined);
    assert.deepEqual(open.map((r) => r.id), [], 'requests neither answered nor closed by the client');
    return { completed: records.filter((r) => r.completed).length, closedByClient: records.filter((r) => !r.completed).length };
  }

  it(`${COMPLETIONS} completion requests in a row: all answered or cleanly cancelled, heap growth under ${HEAP_LIMIT_MB} MB`, async () => {
    const rig = new ClientRig(testEndpoint(server.baseUrl, { firstTokenTimeoutMs: 10_000 }));
    const completion = await CompletionRig.create(rig, { speculative: true });
    let answered = 0;
    let cancelled = 0;
    const typeAt = async (i: number) => {
      // Each call is another spot (a new line of code), so none is served from an earlier answer.
      const prefix = `${Array.from({ length: i % 40 }, (_, k) => `const v${k} = ${k};`).join('\n')}\nconst total${i} = `;
      const controller = new AbortController();
      // Every tenth call is cancelled by the next keystroke while its request runs.
      if (i % 10 === 9) setTimeout(() => controller.abort(), 1);
      const suggestion = await completion.type(prefix, '\n', controller.signal, `file:///w/f${i % 7}.js`);
      if (controller.signal.aborted) cancelled++;
      else {
        assert.ok(suggestion, `call ${i} got no suggestion`);
        answered++;
      }
    };
    for (let i = 0; i < 50; i++) await typeAt(i);
    const heapBefore = await settledHeapBytes();
    for (let i = 50; i < COMPLETIONS; i++) await typeAt(i);
    completion.dispose();
    rig.dispose();
    assert.ok(await eventually(() => server.activeResponses() === 0, 5000), `${server.activeResponses()} responses still open`);
    assert.ok(await eventually(() => rig.meter.snapshot().activeCount === 0), `${rig.meter.snapshot().activeCount} streams never ended`);
    const heapGrowth = ((await settledHeapBytes()) - heapBefore) / MB;
    const ended = assertAllEnded();
    assert.equal(answered + cancelled, COMPLETIONS);
    assert.ok(cancelled >= 50, `only ${cancelled} calls were cancelled`);
    assert.ok(heapGrowth < HEAP_LIMIT_MB, `heap grew by ${heapGrowth.toFixed(1)} MB`);
    assert.deepEqual(await leftOpen(baseline, POOLED_SOCKETS), []);
    assert.deepEqual(unhandled.since(0), []);
    console.log(`      ${COMPLETIONS} calls: ${answered} answered, ${cancelled} cancelled; ${server.requests().length} requests: ${ended.completed} answered, ${ended.closedByClient} closed by the client; heap growth ${heapGrowth.toFixed(2)} MB`);
    rows.add({ order: 0, load: `${COMPLETIONS} completion calls in a row (every 10th cancelled by the next keystroke, speculation on)`, outcome: `${answered} answered, ${cancelled} cancelled`, requests: measured(server.requests().length), ended: 'all answered or closed by the client', heapGrowth: `${measured(heapGrowth.toFixed(1))} MB` });
    server.clearLog();
  });

  it(`${CHATS} chat answers streaming at once (${STOPPED_CHATS} stopped): all answered or stopped, heap growth under ${HEAP_LIMIT_MB} MB`, async () => {
    // Answers of about five seconds, so that all fifty are still open when the last one begins,
    // however busy the machine is while they start.
    server.configure({ tokensPerSecond: 100, tokensPerChunk: 2, response: { kind: 'text', text: CHAT_ANSWER } });
    const rig = new ClientRig(testEndpoint(server.baseUrl, { firstTokenTimeoutMs: 20_000 }));
    server.clearLog();
    // A warm-up round so the heap baseline includes what the first answers allocate once.
    server.configure({ response: { kind: 'text', text: CHAT_ANSWER.slice(0, 200) } });
    const warm = new ChatRig(rig);
    await warm.controller.handle({ type: 'send', text: 'warm up' });
    await warm.dispose();
    server.configure({ response: { kind: 'text', text: CHAT_ANSWER } });
    const heapBefore = await settledHeapBytes();
    server.clearLog();

    const chats = Array.from({ length: CHATS }, () => new ChatRig(rig));
    await Promise.all(chats.map((c) => c.controller.handle({ type: 'ready' })));
    const sending = chats.map((c, i) => c.controller.handle({ type: 'send', text: `Question ${i}` }));
    // Stop ten of them once every answer has begun.
    assert.ok(await eventually(() => chats.every((c) => (c.store.active.messages.at(-1)?.content.length ?? 0) > 0), 10_000), 'not every answer began');
    for (const c of chats.slice(0, STOPPED_CHATS)) await c.controller.handle({ type: 'stop' });
    await Promise.all(sending);
    const peak = peakConcurrency(server);
    assert.equal(peak, CHATS, 'all answers streamed at the same time');

    const statuses = chats.map((c) => c.store.active.messages.at(-1)?.status);
    const done = statuses.filter((s) => s === 'done').length;
    const stopped = statuses.filter((s) => s === 'stopped').length;
    assert.equal(done, CHATS - STOPPED_CHATS, `statuses: ${JSON.stringify(statuses)}`);
    assert.equal(stopped, STOPPED_CHATS);
    for (const c of chats.slice(STOPPED_CHATS)) assert.equal(c.store.active.messages.at(-1)?.content, CHAT_ANSWER);
    for (const c of chats) assert.equal(c.controller.busy, false);
    await Promise.all(chats.map((c) => c.dispose()));
    chats.length = 0;
    rig.dispose();
    assert.ok(await eventually(() => server.activeResponses() === 0, 5000));
    assert.equal(rig.meter.snapshot().activeCount, 0, 'streams that never ended');
    const heapGrowth = ((await settledHeapBytes()) - heapBefore) / MB;
    const ended = assertAllEnded();
    assert.equal(ended.closedByClient, STOPPED_CHATS, 'each Stop closed its connection');
    assert.ok(heapGrowth < HEAP_LIMIT_MB, `heap grew by ${heapGrowth.toFixed(1)} MB`);
    // Each finished answer may leave its connection pooled for reuse until the server's keep-alive ends.
    assert.deepEqual(await leftOpen(baseline, 2 * CHATS), []);
    assert.deepEqual(unhandled.since(0), []);
    console.log(`      ${CHATS} chats: ${peak} streaming at once; ${done} answered, ${stopped} stopped; heap growth ${heapGrowth.toFixed(2)} MB`);
    rows.add({ order: 1, load: `${CHATS} chat answers streaming at once through one client (${STOPPED_CHATS} stopped mid-answer)`, outcome: `${done} answered in full, ${stopped} stopped with their partial answer`, requests: server.requests().length, ended: `all answered; the ${STOPPED_CHATS} stopped ones closed by the client`, heapGrowth: `${measured(heapGrowth.toFixed(1))} MB` });
  });
});
