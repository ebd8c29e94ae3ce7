// llama.cpp servers as they are. A server still loading its model: the fake server answers 503 "Loading model" until the
// test says it is ready; the client's time runs on an injected clock, so "within a second of
// ready" is decided by the clock, not by how busy the machine is.
import * as assert from 'node:assert/strict';
import { createInferenceClient } from '../../../src/providers';
import { ProviderError } from '../../../src/providers/errors';
import { boundedChatMaxTokens, contextSizeOf } from '../../../src/providers/llamaCpp';
import { isModelLoading, loadingBackoffMs } from '../../../src/providers/stream/loading';
import { LOAD_CHECK_AFTER_MS, lmStudioModelLoaded, modelLoadedProbe, ollamaModelLoaded } from '../../../src/providers/onDemandLoading';
import { until } from '../support/until';
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

describe('a server loading its model on demand (Ollama, LM Studio)', function () {
  this.timeout(20000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 1, tokensPerSecond: 5000, response: { kind: 'text', text: 'return total;' } });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it("reads Ollama's /api/ps and LM Studio's model state", () => {
    const ps = { models: [{ name: 'qwen2.5-coder:7b', model: 'qwen2.5-coder:7b' }, { name: 'llama3.2:latest', model: 'llama3.2:latest' }] };
    assert.equal(ollamaModelLoaded(ps, 'qwen2.5-coder:7b'), true);
    assert.equal(ollamaModelLoaded(ps, 'llama3.2'), true, 'no tag is the latest');
    assert.equal(ollamaModelLoaded(ps, 'qwen2.5-coder:1.5b-base'), false);
    assert.equal(ollamaModelLoaded({ models: [] }, 'llama3.2'), false);
    assert.equal(ollamaModelLoaded({ error: 'x' }, 'llama3.2'), undefined);
    assert.equal(ollamaModelLoaded(undefined, 'llama3.2'), undefined);
    assert.equal(lmStudioModelLoaded({ id: 'm', state: 'loaded' }), true);
    assert.equal(lmStudioModelLoaded({ id: 'm', state: 'not-loaded' }), false);
    assert.equal(lmStudioModelLoaded({ id: 'm' }), undefined);
    assert.equal(modelLoadedProbe('llamacpp', 'http://x', async () => ({})), undefined, 'llama.cpp answers 503 instead');
    assert.equal(modelLoadedProbe('vllm', 'http://x', async () => ({})), undefined);
  });

  for (const preset of ['ollama', 'lmstudio'] as const) {
    for (const kind of ['completion', 'chat'] as const) {
      it(`${preset}, ${kind}: a request held while the model loads shows "loading" once the first token is late, and is answered`, async () => {
        const time = new ManualTime();
        const meter = new LiveSpeedMeter(time, time);
        const status = new StatusController({ meter, history: new SpeedHistory(10), timers: time, wallNow: () => 1_800_000_000_000 + time.now() });
        const views: string[] = [];
        status.onView((v) => views.push(`${v.state} ${v.text}`));
        let loadingReports = 0;
        server.configure({ loadOnDemandMs: 600_000 });
        const client = createInferenceClient(
          endpoint({ baseUrl: server.baseUrl, presetId: preset, providerName: preset, chatModel: 'fake-chat', completionModel: 'fake-coder', fimTransport: 'completions-suffix', firstTokenTimeoutMs: 30_000 }),
          { clock: time, timers: time, observer: fanOut([meter, { onLoading: () => loadingReports++ }]) },
        );
        const signal = new AbortController().signal;
        const stream = kind === 'completion'
          ? client.streamFim({ prefix: 'function total() {\n  ', suffix: '\n}\n', maxTokens: 16 }, signal)
          : client.streamChat({ messages: [{ role: 'user', content: 'hello' }] }, signal);
        await until(() => server.requests().some((r) => r.model !== undefined), 'the request held at the server');
        assert.equal(loadingReports, 0, 'not called loading before the first token is late');
        time.advance(LOAD_CHECK_AFTER_MS);
        await until(() => loadingReports > 0, 'the loading state');
        assert.ok(views.some((v) => v.startsWith('loading ') && v.includes('loading model')), views.join('\n'));
        const probe = preset === 'ollama' ? '/api/ps' : '/api/v0/models/fake-';
        assert.ok(server.requests().some((r) => r.path.startsWith(probe)), `asked ${probe}`);
        // The model is in memory: the held request is answered, nothing failed.
        server.configure({ loadOnDemandMs: 0 });
        const outcome = await stream.outcome;
        assert.ok(outcome.text.length > 0, 'answered');
        time.advance(1000); // the status bar's next refresh
        assert.notEqual(status.view.state, 'loading');
        status.dispose();
        meter.dispose();
      });
    }
  }

  it('a late first token from a model already in memory is not called loading', async () => {
    const time = new ManualTime();
    let loadingReports = 0;
    server.configure({ ttftMs: 60_000 });
    const client = createInferenceClient(endpoint({ baseUrl: server.baseUrl, presetId: 'ollama', chatModel: 'fake-chat', firstTokenTimeoutMs: 30_000 }), {
      clock: time,
      timers: time,
      observer: { onLoading: () => loadingReports++ },
    });
    const controller = new AbortController();
    const stream = client.streamChat({ messages: [{ role: 'user', content: 'hello' }] }, controller.signal);
    await until(() => server.requests().some((r) => r.model !== undefined), 'the request at the server');
    time.advance(LOAD_CHECK_AFTER_MS);
    await until(() => server.requests().some((r) => r.path === '/api/ps' && r.endedAt !== undefined), 'the server asked');
    controller.abort();
    await stream.outcome.catch(() => undefined);
    assert.equal(loadingReports, 0);
  });
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
