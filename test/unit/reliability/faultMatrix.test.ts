// Every fault of the fault matrix against inline completions and chat, through the real
// provider client, completion engine and chat controller over real sockets to the fake
// server. For each: what the user sees, no unhandled rejection, nothing left spinning, no
// timer or connection left open. The rows become the table in docs/reliability.md.
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { ANSWER, FAULTS, FIRST_LINE, FIRST_TOKEN_TIMEOUT_MS, LONG_STALL_MS, STALL_TIMEOUT_MS, type FaultCase } from './faults';
import { activeResources, eventually, leftOpen, UnhandledRejections } from './guards';
import { ChatRig, ClientRig, CompletionRig, testEndpoint } from './rigs';
import { measured, RowRecorder } from './rows';

const PREFIX = 'function greet(name) {\n  ';
const SUFFIX = '\n}\n';
const PROMPT = 'Explain this error to me, please.';
/** What the engine keeps of ANSWER at PREFIX|SUFFIX once it has arrived: all of it, without the final line break. */
const BASELINE_SUGGESTION = ANSWER.trimEnd();

/** A URL where nothing listens: a port that was free a moment ago. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}

/** The status bar text as shown; a countdown in it is a measurement. */
function statusCell(text: string, errorKind: string): string {
  const countdown = /\s(\d+(?:m \d+)?s)$/.exec(text);
  // The idle figures (tokens/second, time to first token) are measured: shown, not compared.
  const figures = /\s([\d,.]+ tok\/s · )?[\d,]+ ms$/.exec(text);
  const shown = countdown
    ? `\`${text.slice(0, countdown.index)}\` ${measured(countdown[1]!)} counting down`
    : figures
      ? `\`${text.slice(0, figures.index)}\` ${measured(figures[0].trim())}`
      : `\`${text}\``;
  return `${shown}${errorKind ? ` (${errorKind})` : ''}`;
}

/** Messages name the server's URL; its port changes from run to run. */
const stablePort = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');

describe('reliability: fault matrix (completions and chat against the fake server)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let refusedUrl: string;
  let baseline: Record<string, number>;
  const unhandled = new UnhandledRejections();
  const rows = new RowRecorder('faults');
  const completionRows = new Map<string, Record<string, string | number>>();

  before(async () => {
    unhandled.install();
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 4000, response: { kind: 'text', text: ANSWER } });
    refusedUrl = await closedPortUrl();
    baseline = activeResources();
  });

  after(async () => {
    await server.close();
    unhandled.uninstall();
    rows.write({ faults: FAULTS.length, firstTokenTimeoutMs: FIRST_TOKEN_TIMEOUT_MS, stallTimeoutMs: STALL_TIMEOUT_MS, stallMs: LONG_STALL_MS });
  });

  function rigFor(fault: FaultCase): ClientRig {
    server.reset();
    if (fault.server) server.configure(fault.server);
    const url = fault.server ? server.baseUrl : refusedUrl;
    return new ClientRig(testEndpoint(url, { firstTokenTimeoutMs: FIRST_TOKEN_TIMEOUT_MS, stallTimeoutMs: fault.stallTimeoutMs ?? STALL_TIMEOUT_MS }));
  }

  /** Nothing of the case is left: the server finished or saw the client leave, no timer, no extra socket. */
  async function assertNothingLeft(label: string, rejectionsBefore: number): Promise<void> {
    assert.ok(await eventually(() => server.activeResponses() === 0), `${label}: the fake server still writes ${server.activeResponses()} response(s)`);
    for (const r of server.requests()) {
      assert.ok(r.completed || r.clientClosedAt !== undefined || r.endedAt !== undefined, `${label}: request ${r.id} ${r.path} neither finished nor was closed`);
    }
    assert.deepEqual(await leftOpen(baseline), [], `${label}: left open`);
    assert.deepEqual(unhandled.since(rejectionsBefore), [], `${label}: unhandled rejections`);
  }

  for (const fault of FAULTS) {
    it(`completions: ${fault.label}`, async () => {
      const rejections = unhandled.seen.length;
      const rig = rigFor(fault);
      const completion = await CompletionRig.create(rig);
      const open = new Set<number>();
      completion.engine.onEvent((e) => {
        if (e.type === 'request') open.add(e.sessionId);
        if (e.type === 'closed') open.delete(e.sessionId);
      });
      const suggestion = await completion.type(PREFIX, SUFFIX);
      assert.ok(await eventually(() => open.size === 0, 3000), `${fault.label}: the completion stream was not closed`);
      const bar = await completion.statusBar();
      const errorKind = completion.engine.activitySnapshot.lastError?.kind ?? '';
      const requests = server.requests().length;
      // The next keystroke's call at the same spot: what the engine kept from the stream.
      const kept = (await completion.type(PREFIX, SUFFIX))?.text ?? '';
      assert.equal(server.requests().length, requests, `${fault.label}: a failing endpoint was asked again at once`);
      completion.dispose();
      rig.dispose();

      const shown = suggestion?.text ?? '';
      const expected = expectedCompletion(fault.id);
      if (expected.shown === 'none') {
        assert.equal(shown, '', `${fault.label}: ghost text shown`);
        assert.equal(kept, '', `${fault.label}: ghost text kept`);
      } else {
        assert.ok(shown.startsWith(FIRST_LINE), `${fault.label}: ghost text ${JSON.stringify(shown)}`);
        // Cut mid-line, only the lines that arrived whole are kept; a finished answer is kept whole.
        // Undecodable bytes end the suggestion where they start, like a control token.
        const keptExpected = expected.state === 'error' ? FIRST_LINE : fault.id === 'invalid-utf8' ? `${FIRST_LINE}\nSecond` : BASELINE_SUGGESTION;
        assert.equal(kept, keptExpected, `${fault.label}: kept ${JSON.stringify(kept)}`);
      }
      assert.equal(bar.state, expected.state, `${fault.label}: status bar ${bar.text} (${bar.tooltip.status})`);
      if (expected.kind) assert.equal(errorKind, expected.kind, `${fault.label}: error kind`);
      assert.notEqual(bar.state, 'waiting');
      assert.equal(rig.meter.snapshot().activeCount, 0, `${fault.label}: the status bar still shows a request streaming`);
      for (const r of server.requests()) assert.equal(r.path, '/v1/completions');
      await assertNothingLeft(fault.label, rejections);
      completionRows.set(fault.id, {
        completionShown: kept === '' ? 'nothing' : `\`${kept.replace(/\n/g, '⏎')}\``,
        completionStatus: statusCell(bar.text, errorKind),
        completionRequests: requests,
      });
    });

    it(`chat: ${fault.label}`, async () => {
      const rejections = unhandled.seen.length;
      const rig = rigFor(fault);
      const chat = new ChatRig(rig);
      await chat.controller.handle({ type: 'ready' });
      await chat.controller.handle({ type: 'send', text: PROMPT });
      const [user, reply] = chat.store.active.messages;
      const finished = chat.of('messageFinished').at(-1);
      assert.ok(finished && reply, `${fault.label}: the reply never finished`);
      assert.equal(user?.content, PROMPT, 'the typed prompt is kept');
      assert.equal(chat.of('busy').at(-1)?.busy, false, `${fault.label}: the panel still shows the answer as running`);
      assert.equal(chat.controller.busy, false);
      assert.equal(rig.meter.snapshot().activeCount, 0);

      const expected = expectedChat(fault.id);
      assert.equal(reply.status, expected.status, `${fault.label}: reply ${reply.status} ${JSON.stringify(reply.error)}`);
      const partial = reply.content;
      // Undecodable bytes show as U+FFFD; the rest of the answer is all there.
      if (expected.status === 'done') assert.equal(partial.replace(/\uFFFD+\(/, ''), ANSWER);
      if (expected.kind) assert.equal(reply.error?.kind, expected.kind);
      if (reply.status === 'error') {
        assert.ok(reply.error?.buttons.includes('retry'), `${fault.label}: no Retry button`);
        assert.ok(ANSWER.startsWith(partial), `${fault.label}: the partial answer ${JSON.stringify(partial)} is not a start of the answer`);
        assert.equal(partial.length > 0, expected.partial, `${fault.label}: partial answer ${JSON.stringify(partial)}`);
        assert.equal(finished.contentLength, partial.length, 'the panel was told the kept length');
      }
      if (fault.id.startsWith('429')) assert.ok((reply.error?.retryAfterMs ?? 0) > 0, 'the Retry button counts down');

      // Retry, once the server behaves again.
      let retry = '';
      const chatRequests = server.requests().length;
      if (reply.status === 'error') {
        server.reset();
        const requestsBefore = server.requests().length;
        await chat.controller.handle({ type: 'retry', messageId: reply.id });
        const again = chat.store.active.messages.at(-1);
        assert.ok(again && again.id !== reply.id, 'Retry made a new reply');
        retry = again.status === 'done' ? `answered` : `${again.status} (${again.error?.kind})`;
        if (fault.id.startsWith('429')) {
          assert.equal(again.error?.kind, 'rate-limited', 'Retry during the cooldown waits for it');
          assert.equal(server.requests().length, requestsBefore, 'nothing is sent during the cooldown');
          retry += ', without a request';
        } else if (fault.id !== 'refused') {
          assert.equal(again.status, 'done', `${fault.label}: Retry did not answer: ${JSON.stringify(again.error)}`);
          assert.equal(again.content, ANSWER);
        }
      }
      await chat.dispose();
      rig.dispose();
      await assertNothingLeft(fault.label, rejections);

      rows.add({
        order: FAULTS.indexOf(fault),
        fault: fault.label,
        ...completionRows.get(fault.id),
        chatOutcome:
          reply.status === 'done'
            ? partial === ANSWER
              ? 'answered in full'
              : 'answered in full; the undecodable bytes show as �'
            : `${reply.error?.kind}: “${stablePort(reply.error?.message ?? '')}”`,
        chatButtons: reply.error?.buttons.join(', ') ?? '',
        chatPartial: reply.status === 'error' ? (partial.length > 0 ? `${partial.length} chars kept` : 'none arrived') : '',
        chatRetry: retry,
        chatRequests,
        leaks: 'none',
      });
    });
  }

  it('leaves no socket, server or timer behind once the server is closed', async () => {
    await server.close();
    assert.deepEqual(await leftOpen({ ...baseline, TCPServerWrap: (baseline.TCPServerWrap ?? 1) - 1 }, 0), []);
  });
});

interface CompletionExpectation {
  shown: 'none' | 'first-line';
  state: 'idle' | 'error' | 'rate-limited';
  kind?: string;
}

function expectedCompletion(id: string): CompletionExpectation {
  const error = (kind: string, shown: CompletionExpectation['shown'] = 'none'): CompletionExpectation => ({ shown, state: 'error', kind });
  switch (id) {
    case 'none':
    case 'no-done':
    case 'keep-alive':
    case 'invalid-utf8':
      return { shown: 'first-line', state: 'idle' };
    case '400':
      return error('bad-request');
    case '401':
      return error('auth');
    case '403':
      return error('forbidden');
    case '404':
      return error('not-supported');
    case '408':
    case 'no-first-token':
      return error('timeout');
    case '413':
      return error('payload-too-large');
    case '429-retry-after':
    case '429-reset':
      return { shown: 'none', state: 'rate-limited', kind: 'rate-limited' };
    case '500':
    case '502':
    case '503':
    case '503-once':
      return error('server');
    case 'html':
      return error('html-page');
    case 'malformed-json':
    case 'truncate':
    case 'huge-line':
      return error('stream-broken', 'first-line');
    case 'stall':
      return error('timeout', 'first-line');
    case 'reset':
    case 'reset-once':
      return error('stream-broken');
    case 'refused':
      return error('connection-refused');
    default:
      throw new Error(`no expectation for ${id}`);
  }
}

function expectedChat(id: string): { status: 'done' | 'error'; kind?: string; partial: boolean } {
  const c = expectedCompletion(id);
  // Chat retries once when a 502/503/504 or a reset comes before the first token.
  if (id === '503-once' || id === 'reset-once') return { status: 'done', partial: false };
  if (c.state !== 'error' && c.state !== 'rate-limited') return { status: 'done', partial: false };
  return { status: 'error', kind: c.kind, partial: c.shown === 'first-line' };
}
