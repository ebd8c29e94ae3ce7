// llama.cpp servers as they are. A server still loading its model: the fake server answers 503 "Loading model" until the
// test says it is ready; the client's time runs on an injected clock, so "within a second of
// ready" is decided by the clock, not by how busy the machine is.
import * as assert from 'node:assert/strict';
import { createInferenceClient } from '../../../src/providers';
import { ProviderError } from '../../../src/providers/errors';
import { boundedChatMaxTokens, contextSizeOf } from '../../../src/providers/llamaCpp';
import { isModelLoading, loadingBackoffMs } from '../../../src/providers/stream/loading';
import { SpeedHistory } from '../../../src/speed/core/history';
import { LiveSpeedMeter } from '../../../src/speed/core/liveMeter';
import { StatusController, fanOut, historyRecorder } from '../../../src/speed/core/statusController';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { ManualTime } from '../speed/fakes';
import { endpoint } from './helpers';

describe('a server loading its model', function () {
  this.timeout(20000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 1, tokensPerSecond: 5000, flavour: 'llamacpp', response: { kind: 'text', text: 'return total;' } });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it('knows the loading answers from other 503s, and backs off to once a second', () => {
    assert.equal(isModelLoading(new ProviderError({ kind: 'server', status: 503, message: 'llama.cpp answered 503: Loading model' })), true);
    assert.equal(isModelLoading(new ProviderError({ kind: 'server', status: 503, message: 'Service overloaded' })), false);
    assert.equal(isModelLoading(new ProviderError({ kind: 'server', status: 500, message: 'Loading model' })), false);
    assert.deepEqual([0, 1, 2, 3, 9].map(loadingBackoffMs), [250, 500, 1000, 1000, 1000]);
  });

  for (const kind of ['completion', 'chat'] as const) {
    it(`${kind}: 503 "Loading model" for 3 s, then answered within 1 s of ready; the status bar said "loading" meanwhile`, async () => {
      const time = new ManualTime();
      const meter = new LiveSpeedMeter(time, time);
      const history = new SpeedHistory(10);
      const status = new StatusController({ meter, history, timers: time, wallNow: () => 1_800_000_000_000 + time.now() });
      const views: string[] = [];
      status.onView((v) => views.push(`${v.state} ${v.text}`));
      // Each wait for the model is reported; the test moves the client's clock past it.
      const waits: number[] = [];
      let wake: (() => void) | undefined;
      const loading = { onLoading: (info: { waitMs: number }) => (waits.push(info.waitMs), wake?.()) };
      const nextWait = (seen: number) => new Promise<void>((resolve) => (waits.length > seen ? resolve() : (wake = resolve)));
      server.configure({ loadingMs: 600_000 });
      const client = createInferenceClient(
        endpoint({ baseUrl: server.baseUrl, presetId: 'llamacpp', providerName: 'llama.cpp', fimTransport: 'llama-infill', serverTiming: 'llama-cpp', firstTokenTimeoutMs: 30_000 }),
        { clock: time, timers: time, observer: fanOut([meter, historyRecorder(history), loading]) },
      );
      const signal = new AbortController().signal;
      const stream = kind === 'completion'
        ? client.streamFim({ prefix: 'function total() {\n  ', suffix: '\n}\n', maxTokens: 16 }, signal)
        : client.streamChat({ messages: [{ role: 'user', content: 'hello' }] }, signal);
      let settled = false;
      void stream.outcome.then(() => (settled = true), () => (settled = true));
      // Three seconds of loading on the client's clock: every try is answered 503.
      while (time.now() < 3000) {
        await nextWait(waits.length);
        time.advance(waits.at(-1)!);
      }
      await nextWait(waits.length);
      assert.ok(waits.length >= 5, `${waits.length} tries during loading`);
      assert.ok(server.requests().every((r) => r.status === 503));
      assert.equal(settled, false, 'nothing failed');
      assert.ok(views.some((v) => v.startsWith('loading ') && v.includes('loading model')), views.join('\n'));
      // Ready just as the client began a wait, the longest case: the next try is answered.
      server.configure({ loadingMs: 0 });
      const readyAt = time.now();
      time.advance(waits.at(-1)!);
      const outcome = await stream.outcome;
      assert.ok(outcome.text.length > 0, 'answered');
      assert.ok(server.requests().some((r) => r.status === 200), 'a try after ready was answered');
      assert.ok(time.now() - readyAt <= 1000, `answered ${time.now() - readyAt} ms after ready`);
      assert.notEqual(status.view.state, 'loading');
      status.dispose();
      meter.dispose();
    });
  }
});

describe('llama.cpp limits', function () {
  this.timeout(10000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ flavour: 'llamacpp', ttftMs: 1, tokensPerSecond: 5000, contextTokens: 4096, response: { kind: 'text', text: 'def f():\n    return 1<|EOT|>\n\nmore text' } });
  });
  after(() => server.close());

  const llama = () =>
    createInferenceClient(endpoint({ baseUrl: server.baseUrl, presetId: 'llamacpp', fimTransport: 'llama-infill', serverTiming: 'llama-cpp', chatMaxTokens: 4096 }));

  it('stops /infill and chat at the model’s end-of-text tokens', async () => {
    const fim = llama().streamFim({ prefix: 'x = ', suffix: '', maxTokens: 64 }, new AbortController().signal);
    assert.equal((await fim.outcome).text, 'def f():\n    return 1');
    const infill = server.requests().find((r) => r.path === '/infill')!.body as { stop: string[] };
    for (const token of ['<|EOT|>', '<|endoftext|>', '<|im_end|>', '<|file_sep|>']) assert.ok(infill.stop.includes(token), token);
    const chat = llama().streamChat({ messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal);
    assert.equal((await chat.outcome).text, 'def f():\n    return 1');
  });

  it('bounds a chat answer by half the server’s context (/props n_ctx)', async () => {
    server.clearLog();
    const client = llama();
    await client.streamChat({ messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal).outcome;
    await client.streamChat({ messages: [{ role: 'user', content: 'again' }] }, new AbortController().signal).outcome;
    const chats = server.requests().filter((r) => r.path.endsWith('/chat/completions'));
    assert.deepEqual(chats.map((r) => (r.body as { max_tokens: number }).max_tokens), [2048, 2048]);
    assert.equal(server.requests().filter((r) => r.path === '/props').length, 1, '/props is read once');
    // A server without /props: the configured limit.
    assert.equal(boundedChatMaxTokens(4096, undefined), 4096);
    assert.equal(contextSizeOf({ n_ctx: 8192 }), 8192);
  });
});
