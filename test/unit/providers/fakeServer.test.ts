// The provider layer against the fake server in-process: real HTTP, real sockets, each
// provider's dialect, the FIM refusals, aborts that close the connection, rate limits.
import * as assert from 'node:assert/strict';
import { startFakeServer, type FakeServer, type RequestRecord } from '../../fake-server/server';
import { createInferenceClient, MemoryCapabilityStore, ProviderError, RateLimitGate } from '../../../src/providers';
import type { EndpointConfig, FimRequest, ServerTimingFormat } from '../../../src/providers/types';
import { systemClock } from '../../../src/shared/clock';
import { until } from '../support/until';
import { collect, endpoint } from './helpers';

const fim: FimRequest = { prefix: 'function add(a, b) {\n  return ', suffix: ';\n}\n', maxTokens: 16 };
const chat = { messages: [{ role: 'user' as const, content: 'hello' }] };
const signal = () => new AbortController().signal;

describe('provider layer against the fake server', function () {
  this.timeout(20_000);
  let server: FakeServer;
  const at = (overrides: Partial<EndpointConfig> = {}) => endpoint({ baseUrl: server.baseUrl, chatModel: 'fake-chat', completionModel: 'fake-coder', ...overrides });
  const lastRecord = (): RequestRecord => server.requests().at(-1) as RequestRecord;

  before(async () => {
    server = await startFakeServer({ ttftMs: 10, tokensPerSecond: 4000 });
  });
  beforeEach(() => server.reset());
  after(async () => {
    await server.close();
  });

  const flavours: { flavour: Parameters<FakeServer['configure']>[0]['flavour']; timing: ServerTimingFormat; source: RegExp | null }[] = [
    { flavour: 'openai', timing: 'none', source: null },
    { flavour: 'llamacpp', timing: 'llama-cpp', source: /^llama\.cpp timings \(predicted_n − 1\)\/predicted_ms$/ },
    { flavour: 'groq', timing: 'groq', source: /^groq x_groq\.usage completion_tokens\/completion_time$/ },
    { flavour: 'cerebras', timing: 'cerebras', source: /^cerebras / },
    { flavour: 'sambanova', timing: 'sambanova', source: /^sambanova usage\.completion_tokens_after_first_per_sec$/ },
    { flavour: 'fireworks', timing: 'fireworks', source: /^fireworks perf_metrics/ },
    { flavour: 'openrouter', timing: 'none', source: null },
    { flavour: 'deepseek', timing: 'none', source: null },
  ];
  for (const { flavour, timing, source } of flavours) {
    it(`chat in the ${flavour} dialect: text, exact token count and the server's own figure`, async () => {
      const text = 'The quick brown fox jumps over the lazy dog, twice: quick brown fox.';
      server.configure({ flavour, tokensPerSecond: 400, keepAliveComments: flavour === 'openrouter' || flavour === 'deepseek', response: { kind: 'text', text, reasoning: 'Let me think.', reasoningAs: 'reasoning_content' } });
      const stream = createInferenceClient(at({ serverTiming: timing }), {}).streamChat(chat, signal());
      const got = await collect(stream);
      const outcome = await stream.outcome;
      assert.equal(got.content, text);
      assert.equal(got.reasoning, 'Let me think.');
      const record = lastRecord();
      assert.equal(outcome.sample.completionTokens, record.tokensSent);
      assert.equal(outcome.sample.tokensEstimated, false);
      if (source) {
        assert.match(outcome.sample.server?.source ?? 'none', source);
        assert.ok(Math.abs((outcome.sample.server?.tokensPerSecond ?? 0) - 400) / 400 < 0.1, `server figure ${outcome.sample.server?.tokensPerSecond}`);
      } else {
        assert.equal(outcome.sample.server, null);
      }
      assert.ok((outcome.sample.tokensPerSecond ?? 0) > 0, 'a client rate is measured');
      assert.ok((outcome.sample.ttftMs ?? -1) >= 0 && outcome.sample.totalMs >= (outcome.sample.ttftMs ?? 0));
    });
  }

  it('the client decode rate follows the stream’s real pace', async () => {
    // One-second streams at 200 tokens/s, judged by the median of three: a loaded machine can
    // starve the reader for a while, bunching chunks, which skews a single run.
    server.configure({ tokensPerSecond: 200, response: { kind: 'tokens', count: 200 } });
    const rates: number[] = [];
    for (let i = 0; i < 3; i++) {
      const outcome = await createInferenceClient(at(), {}).streamChat(chat, signal()).outcome;
      assert.equal(outcome.sample.completionTokens, 200);
      rates.push(outcome.sample.tokensPerSecond ?? 0);
    }
    const median = [...rates].sort((a, b) => a - b)[1];
    assert.ok(median > 140 && median < 260, `median client rate ${median.toFixed(0)} tokens/s for a 200 tokens/s stream (runs: ${rates.map((r) => r.toFixed(0)).join(', ')})`);
  });

  it('think tags inside content become reasoning', async () => {
    server.configure({ response: { kind: 'text', text: 'Answer.', reasoning: 'Plan first.', reasoningAs: 'think-tags' } });
    const outcome = await createInferenceClient(at(), {}).streamChat(chat, signal()).outcome;
    assert.equal(outcome.text, 'Answer.');
    assert.equal(outcome.reasoning.trim(), 'Plan first.');
  });

  it('sends the key as a Bearer header, and none to a keyless server', async () => {
    const key = 'sk-fake-0123456789abcdefghij';
    await createInferenceClient(at({ apiKey: key }), {}).streamChat(chat, signal()).outcome;
    assert.equal(lastRecord().headers.authorization, `Bearer ${key}`);
    await createInferenceClient(at(), {}).streamChat(chat, signal()).outcome;
    assert.equal(lastRecord().headers.authorization, undefined);
  });

  describe('FIM routes', () => {
    const code = 'a + b';
    beforeEach(() => server.configure({ response: { kind: 'text', text: code } }));

    for (const transport of ['completions-suffix', 'llama-infill', 'raw-template', 'chat'] as const) {
      it(`${transport} returns the model's text`, async () => {
        server.configure({ flavour: transport === 'llama-infill' ? 'llamacpp' : 'openai' });
        const outcome = await createInferenceClient(at({ fimTransport: transport, completionModel: 'qwen2.5-coder' }), {}).streamFim(fim, signal()).outcome;
        assert.equal(outcome.text, code);
        assert.equal(outcome.transport, transport);
      });
    }

    it('mistral-fim returns the model’s text', async () => {
      server.configure({ flavour: 'mistral', capabilities: { mistralFim: true } });
      const outcome = await createInferenceClient(at({ fimTransport: 'mistral-fim' }), {}).streamFim(fim, signal()).outcome;
      assert.equal(outcome.text, code);
      assert.equal(lastRecord().path, '/v1/fim/completions');
    });

    it('auto: vLLM-like 400 on suffix falls back to the template prompt, then remembers', async () => {
      server.configure({ flavour: 'vllm', capabilities: { suffix: 'reject', infill: '404' } });
      const store = new MemoryCapabilityStore();
      const client = createInferenceClient(at({ completionModel: 'Qwen/Qwen2.5-Coder-7B' }), { capabilities: store });
      const first = await client.streamFim(fim, signal()).outcome;
      assert.equal(first.transport, 'raw-template');
      assert.equal(first.text, code);
      assert.deepEqual(server.requests().map((r) => `${r.path} ${r.status}`), ['/v1/completions 400', '/infill 404', '/v1/completions 200']);
      server.clearLog();
      await client.streamFim(fim, signal()).outcome;
      assert.deepEqual(server.requests().map((r) => r.path), ['/v1/completions']);
      assert.match(String((server.requests()[0].body as { prompt: string }).prompt), /^<\|fim_prefix\|>/);
    });

    it('auto: llama.cpp without FIM tokens (501) and no completions route ends on chat', async () => {
      server.configure({ flavour: 'llamacpp', capabilities: { completions: false, infill: '501' } });
      const outcome = await createInferenceClient(at({ fimOrder: ['llama-infill', 'raw-template', 'completions-suffix', 'chat'], completionModel: 'qwen2.5-coder' }), {})
        .streamFim(fim, signal()).outcome;
      assert.equal(outcome.transport, 'chat');
      assert.deepEqual(server.requests().map((r) => `${r.path} ${r.status}`), ['/infill 501', '/v1/completions 404', '/v1/chat/completions 200']);
    });

    it('stream_options refused: retried without it, and not sent again', async () => {
      server.configure({ capabilities: { streamOptions: 'reject' } });
      const client = createInferenceClient(at({ fimTransport: 'completions-suffix' }), {});
      assert.equal((await client.streamFim(fim, signal()).outcome).text, code);
      assert.equal((await client.streamFim(fim, signal()).outcome).text, code);
      assert.deepEqual(server.requests().map((r) => r.status), [400, 200, 200]);
    });
  });

  it('aborting closes the HTTP connection at once', async () => {
    // Judged in the server's own tokens, not in milliseconds: at 20 tokens/s the server writes a
    // token every 50 ms, so a close that reaches it at once stops it within a token or two. The
    // bound is generous (ten tokens) because server and client share this process and a busy
    // machine delays both; the close time itself is a benchmark figure.
    server.configure({ tokensPerSecond: 20, response: { kind: 'tokens', count: 400 } });
    for (let i = 0; i < 3; i++) {
      server.clearLog();
      const controller = new AbortController();
      const stream = createInferenceClient(at(), {}).streamChat(chat, controller.signal);
      let sentAtAbort = 0;
      for await (const _ of stream) {
        if (!controller.signal.aborted && lastRecord()?.tokensSent >= 3) {
          sentAtAbort = lastRecord().tokensSent;
          controller.abort();
        }
      }
      const outcome = await stream.outcome;
      assert.equal(outcome.aborted, true);
      assert.equal(outcome.sample.aborted, true);
      const record = await until(() => (lastRecord().clientClosedAt !== undefined ? lastRecord() : undefined), 'the server to see the client leave');
      assert.equal(record.completed, false);
      assert.ok(record.tokensSent - sentAtAbort <= 10, `the server wrote ${record.tokensSent - sentAtAbort} tokens after the abort`);
    }
  });

  it('no first token in time: a timeout error, and the connection is closed', async () => {
    server.configure({ fault: { type: 'no-first-token', stallMs: 5000 } });
    const stream = createInferenceClient(at({ firstTokenTimeoutMs: 300 }), {}).streamChat(chat, signal());
    await assert.rejects(stream.outcome, (e: ProviderError) => e.kind === 'timeout');
    await until(() => lastRecord().clientClosedAt !== undefined, 'the server to see the connection closed');
  });

  it('429 with reset headers starts a cooldown that keeps later requests off the network', async () => {
    server.configure({ fault: { type: 'status', status: 429, times: 1, headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '2m0s' } } });
    const gate = new RateLimitGate(systemClock);
    const client = createInferenceClient(at({ profileId: 'limited' }), { rateLimits: gate });
    await assert.rejects(client.streamChat(chat, signal()).outcome, (e: ProviderError) => e.kind === 'rate-limited' && (e.retryAfterMs ?? 0) > 119_000);
    await assert.rejects(client.streamFim(fim, signal()).outcome, (e: ProviderError) => e.kind === 'rate-limited');
    assert.equal(server.requests().length, 1);
  });

  it('an HTML gateway page becomes a short, actionable message', async () => {
    server.configure({ fault: { type: 'html', status: 502 } });
    await assert.rejects(createInferenceClient(at(), {}).streamChat(chat, signal()).outcome, (e: ProviderError) => {
      assert.equal(e.kind, 'html-page');
      assert.match(e.message, /502 Bad Gateway/);
      assert.ok(!e.message.includes('<'));
      return true;
    });
  });

  it('a refused connection asks whether the server is running', async () => {
    const closed = await startFakeServer();
    const url = closed.baseUrl;
    await closed.close();
    await assert.rejects(createInferenceClient(at({ baseUrl: url, providerName: 'llama.cpp' }), {}).streamChat(chat, signal()).outcome, (e: ProviderError) => {
      assert.equal(e.kind, 'connection-refused');
      assert.match(e.message, /Is the llama\.cpp server running\?/);
      return true;
    });
  });

  it('an unknown model lists the server’s models', async () => {
    server.configure({ strictModels: true });
    await assert.rejects(createInferenceClient(at({ chatModel: 'nope' }), {}).streamChat(chat, signal()).outcome, (e: ProviderError) => {
      assert.equal(e.kind, 'model-not-found');
      assert.deepEqual(e.availableModels, ['fake-coder', 'fake-chat']);
      return true;
    });
  });

  it('a broken stream is reported, not passed off as a complete answer', async () => {
    // Twice: chat retries a reset before the first token once.
    server.configure({ response: { kind: 'tokens', count: 50 }, fault: { type: 'reset', times: 2 } });
    await assert.rejects(createInferenceClient(at(), {}).streamChat(chat, signal()).outcome, (e: ProviderError) => e instanceof ProviderError);
    server.configure({ fault: { type: 'malformed-json', afterTokens: 2, times: 1 } });
    await assert.rejects(createInferenceClient(at(), {}).streamChat(chat, signal()).outcome, (e: ProviderError) => e.kind === 'stream-broken');
  });
});
