// The client's streaming behaviour with an injected fetch and clock: deltas, reasoning,
// speed samples, observer calls, aborts, timeouts, retries and errors.
import * as assert from 'node:assert/strict';
import { createInferenceClient, ProviderError, RateLimitGate } from '../../../src/providers';
import { SERVER_DEFAULT_MODEL, type SpeedSample, type StreamObserver } from '../../../src/providers/types';
import { silentLogger } from '../../../src/shared/log';
import { until } from '../support/until';
import { chatChunk, collect, endpoint, hangingResponse, jsonResponse, ManualClock, ManualTimers, pacingObserver, scriptedFetch, sseResponse } from './helpers';

const KEY = 'sk-test-abcdefghijklmnopqrstuvwxyz';
const chat = { messages: [{ role: 'user' as const, content: 'hi' }] };

function recordingObserver() {
  const events: string[] = [];
  const samples: SpeedSample[] = [];
  const observer: StreamObserver = {
    onStart: (i) => events.push(`start ${i.kind} ${i.model}`),
    onProgress: (i) => events.push(`progress ${i.tokens}`),
    onEnd: (i) => {
      events.push('end');
      samples.push(i.sample);
    },
  };
  return { observer, events, samples };
}

describe('InferenceClient.streamChat', () => {
  it('streams content, keeps reasoning apart and measures on the injected clock', async () => {
    const clock = new ManualClock();
    const { fetch, requests } = scriptedFetch(() =>
      sseResponse([
        { data: { choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] } },
        { data: { choices: [{ index: 0, delta: { reasoning_content: 'think' } }] } },
        { data: chatChunk('Hello <thi') },
        { data: chatChunk('nk>hidden</think> world') },
        { data: { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] } },
        { data: { choices: [], usage: { prompt_tokens: 9, completion_tokens: 12 } } },
      ]),
    );
    const recorded = recordingObserver();
    const { events, samples } = recorded;
    // First text 50 ms after sending, then 10 ms apart; the stream ends 5 ms after the last.
    const observer = pacingObserver(clock, [50, 10, 10, 5], recorded.observer);
    const client = createInferenceClient(endpoint({ apiKey: KEY, headers: { 'X-Extra': 'yes' } }), { fetch, clock, observer });
    const stream = client.streamChat(chat, new AbortController().signal);
    const got = await collect(stream);
    const outcome = await stream.outcome;

    assert.equal(got.content, 'Hello world');
    assert.equal(got.reasoning, 'thinkhidden');
    assert.equal(outcome.text, 'Hello world');
    assert.equal(outcome.finishReason, 'stop');
    assert.equal(outcome.aborted, false);
    const s = outcome.sample;
    assert.equal(s.ttftMs, 50, 'first reasoning token at +50 ms');
    assert.equal(s.totalMs, 75);
    assert.equal(s.completionTokens, 12);
    assert.equal(s.tokensEstimated, false);
    assert.equal(s.promptTokens, 9);
    // 12 tokens over 5+10+23 = 38 chars; the first chunk holds 5/38 of them, in whole tokens 1; 20 ms from first to last.
    assert.ok(Math.abs((s.tokensPerSecond ?? 0) - (12 - 1) / 0.02) < 1e-6);
    assert.deepEqual(samples, [s]);
    assert.equal(events[0], 'start chat chat-model');
    assert.equal(events.at(-1), 'end');
    assert.equal(events.filter((e) => e.startsWith('progress')).length, 3);

    const req = requests[0];
    assert.equal(req.url, 'http://127.0.0.1:9/v1/chat/completions');
    assert.equal(req.headers.get('authorization'), `Bearer ${KEY}`);
    assert.equal(req.headers.get('x-extra'), 'yes');
    assert.deepEqual(req.body.stream_options, { include_usage: true });
    assert.equal(req.body.max_tokens, 256);
  });

  it('a throwing observer does not break the request', async () => {
    const { fetch } = scriptedFetch(() => sseResponse([{ data: chatChunk('still ') }, { data: chatChunk('fine') }]));
    const observer: StreamObserver = {
      onStart: () => {
        throw new Error('listener bug');
      },
      onProgress: () => {
        throw new Error('listener bug');
      },
    };
    const outcome = await createInferenceClient(endpoint(), { fetch, observer }).streamChat(chat, new AbortController().signal).outcome;
    assert.equal(outcome.text, 'still fine');
  });

  it('sends no Authorization header to a keyless server', async () => {
    const { fetch, requests } = scriptedFetch(() => sseResponse([{ data: chatChunk('ok') }]));
    const client = createInferenceClient(endpoint(), { fetch });
    await collect(client.streamChat(chat, new AbortController().signal));
    assert.equal(requests[0].headers.get('authorization'), null);
  });

  it('estimates tokens from characters when the server sends no usage', async () => {
    const clock = new ManualClock();
    const { fetch } = scriptedFetch(() => sseResponse([{ data: chatChunk('abcdefgh') }, { data: chatChunk('ijklmnop') }]));
    const client = createInferenceClient(endpoint(), { fetch, clock, observer: pacingObserver(clock, [5, 5]) });
    const stream = client.streamChat(chat, new AbortController().signal);
    const outcome = await stream.outcome; // nobody iterates: the outcome still settles
    assert.equal(outcome.text, 'abcdefghijklmnop');
    assert.equal(outcome.sample.completionTokens, 4);
    assert.equal(outcome.sample.tokensEstimated, true);
    assert.equal(outcome.sample.tokensPerSecond, 400, '2 tokens after the first chunk over 5 ms');
  });

  it('abort ends the iteration quietly and the outcome says aborted, with a sample', async () => {
    const controller = new AbortController();
    let pulls = 0;
    const { fetch } = scriptedFetch((req) => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          pulls++;
          if (pulls === 1) return c.enqueue(encoder.encode(`data: ${JSON.stringify(chatChunk('first '))}\n\n`));
          return new Promise<void>((_, reject) => req.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const { observer, samples } = recordingObserver();
    const client = createInferenceClient(endpoint(), { fetch, observer });
    const stream = client.streamChat(chat, controller.signal);
    const seen: string[] = [];
    for await (const d of stream) {
      seen.push(d.text);
      controller.abort();
    }
    const outcome = await stream.outcome;
    assert.deepEqual(seen, ['first ']);
    assert.equal(outcome.aborted, true);
    assert.equal(outcome.sample.aborted, true);
    assert.equal(outcome.sample.error, undefined);
    assert.equal(samples.length, 1);
  });

  it('abort before the response arrives settles as aborted without an error', async () => {
    const controller = new AbortController();
    const { fetch, requests } = scriptedFetch((req) => hangingResponse(req.signal));
    const client = createInferenceClient(endpoint(), { fetch });
    const stream = client.streamChat(chat, controller.signal);
    await until(() => requests.length === 1, 'the request to be sent');
    controller.abort();
    const outcome = await stream.outcome;
    assert.equal(outcome.aborted, true);
    assert.equal(outcome.sample.ttftMs, null);
  });

  it('gives up when no first token arrives within the timeout', async () => {
    const clock = new ManualClock();
    const timers = new ManualTimers(clock);
    const { fetch } = scriptedFetch((req) => hangingResponse(req.signal));
    const { observer, samples } = recordingObserver();
    const client = createInferenceClient(endpoint({ firstTokenTimeoutMs: 3000 }), { fetch, clock, timers, observer });
    const stream = client.streamChat(chat, new AbortController().signal);
    await new Promise((r) => setImmediate(r));
    timers.advance(2999);
    await new Promise((r) => setImmediate(r));
    timers.advance(1);
    await assert.rejects(stream.outcome, (e: ProviderError) => {
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /No first token from Test \(chat-model\) within 3 s/);
      assert.equal(e.sample?.error, 'timeout');
      assert.equal(e.sample?.ttftMs, null);
      return true;
    });
    assert.equal(samples.length, 1);
  });

  it('retries once without stream_options when the server refuses it, and remembers', async () => {
    const { fetch, requests } = scriptedFetch((req) =>
      req.body.stream_options
        ? jsonResponse(400, { error: { message: 'Unrecognized request argument supplied: stream_options' } })
        : sseResponse([{ data: chatChunk('fine') }]),
    );
    const client = createInferenceClient(endpoint(), { fetch });
    assert.equal((await client.streamChat(chat, new AbortController().signal).outcome).text, 'fine');
    assert.equal((await client.streamChat(chat, new AbortController().signal).outcome).text, 'fine');
    assert.deepEqual(
      requests.map((r) => r.body.stream_options !== undefined),
      [true, false, false],
      'the second request skips the refused option',
    );
  });

  it('retries a chat request once after a 503 before the first token', async () => {
    const clock = new ManualClock();
    const timers = new ManualTimers(clock);
    let calls = 0;
    const { fetch } = scriptedFetch(() => (++calls === 1 ? jsonResponse(503, { error: { message: 'overloaded' } }) : sseResponse([{ data: chatChunk('ok') }])));
    const logged: string[] = [];
    const logger = { ...silentLogger, info: (m: string) => logged.push(m) };
    const client = createInferenceClient(endpoint(), { fetch, clock, timers, logger });
    const stream = client.streamChat(chat, new AbortController().signal);
    await until(() => logged.some((m) => m.includes('retrying once')), 'the 503 to be seen');
    timers.advance(499);
    await new Promise((r) => setImmediate(r));
    assert.equal(calls, 1, 'no retry before the delay');
    timers.advance(1);
    assert.equal((await stream.outcome).text, 'ok');
    assert.equal(calls, 2);
  });

  it('turns a 404 model into model-not-found with the server’s models', async () => {
    const { fetch } = scriptedFetch((req) =>
      req.url.endsWith('/models')
        ? jsonResponse(200, { object: 'list', data: [{ id: 'a' }, { id: 'b' }] })
        : jsonResponse(404, { error: { message: 'The model `chat-model` does not exist', code: 'model_not_found' } }),
    );
    const { observer, samples } = recordingObserver();
    const client = createInferenceClient(endpoint(), { fetch, observer });
    const stream = client.streamChat(chat, new AbortController().signal);
    await assert.rejects(collect(stream), (e: ProviderError) => e.kind === 'model-not-found' && e.action === 'pick-model');
    const error = await stream.outcome.catch((e: ProviderError) => e);
    assert.ok(error instanceof ProviderError);
    assert.deepEqual(error.availableModels, ['a', 'b']);
    assert.equal(samples.length, 1);
    assert.equal(samples[0].error, 'model-not-found');
  });

  it('uses the first model of /v1/models when the profile sets none', async () => {
    const { fetch, requests } = scriptedFetch((req) =>
      req.url.endsWith('/models') ? jsonResponse(200, { object: 'list', data: [{ id: 'loaded.gguf' }] }) : sseResponse([{ data: chatChunk('x') }]),
    );
    const client = createInferenceClient(endpoint({ chatModel: '' }), { fetch });
    const outcome = await client.streamChat(chat, new AbortController().signal).outcome;
    assert.equal(requests[1].body.model, 'loaded.gguf');
    assert.equal(outcome.sample.model, 'loaded.gguf');
  });

  describe('the model a request to the server\'s default is recorded under', () => {
    const named = (content: string, model: string) => ({ ...chatChunk(content), model });

    it('is the model the response names, and later requests start under it', async () => {
      const { fetch, requests } = scriptedFetch((req) =>
        req.url.endsWith('/models')
          ? jsonResponse(200, { object: 'list', data: [{ id: 'qwen' }] })
          : sseResponse([{ data: named('a', 'qwen2.5-coder-7b-q4') }, { data: named('b', 'qwen2.5-coder-7b-q4') }]),
      );
      const recorded = recordingObserver();
      const client = createInferenceClient(endpoint({ chatModel: '' }), { fetch, observer: recorded.observer });
      const first = await client.streamChat(chat, new AbortController().signal).outcome;
      assert.equal(requests[1].body.model, 'qwen', 'the request asks for the first listed model');
      assert.equal(first.sample.model, 'qwen2.5-coder-7b-q4');
      await client.streamChat(chat, new AbortController().signal).outcome;
      assert.deepEqual(recorded.events.filter((e) => e.startsWith('start')), ['start chat (server default)', 'start chat qwen2.5-coder-7b-q4']);
    });

    it('is the listed model when the request fails after the listing', async () => {
      const { fetch } = scriptedFetch((req) =>
        req.url.endsWith('/models') ? jsonResponse(200, { object: 'list', data: [{ id: 'qwen' }] }) : jsonResponse(400, { error: { message: 'template refused' } }),
      );
      const client = createInferenceClient(endpoint({ chatModel: '' }), { fetch });
      await assert.rejects(client.streamChat(chat, new AbortController().signal).outcome, (e: ProviderError) => e.sample?.model === 'qwen');
    });

    it('is "(server default)" only when the server never said (it could not be reached)', async () => {
      const { fetch } = scriptedFetch(() => {
        throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
      });
      const client = createInferenceClient(endpoint({ chatModel: '' }), { fetch });
      await assert.rejects(client.streamChat(chat, new AbortController().signal).outcome, (e: ProviderError) => e.sample?.model === SERVER_DEFAULT_MODEL);
    });

    it('a model the profile names is kept, whatever name the response gives it', async () => {
      const { fetch } = scriptedFetch(() => sseResponse([{ data: named('a', 'gpt-4o-mini-2024-07-18') }, { data: named('b', 'gpt-4o-mini-2024-07-18') }]));
      const client = createInferenceClient(endpoint({ chatModel: 'gpt-4o-mini' }), { fetch });
      const outcome = await client.streamChat(chat, new AbortController().signal).outcome;
      assert.equal(outcome.sample.model, 'gpt-4o-mini');
    });
  });

  it('reports a mid-stream error event (OpenRouter style) as a ProviderError', async () => {
    const { fetch } = scriptedFetch(() => sseResponse([{ data: chatChunk('partial') }, { data: { error: { code: 429, message: 'Rate limit exceeded upstream' } } }]));
    const client = createInferenceClient(endpoint(), { fetch });
    const stream = client.streamChat(chat, new AbortController().signal);
    await assert.rejects(stream.outcome, (e: ProviderError) => e.kind === 'rate-limited');
  });

  it('rejects a profile without a usable base URL before any request', async () => {
    const { fetch, requests } = scriptedFetch(() => sseResponse([]));
    const client = createInferenceClient(endpoint({ baseUrl: '' }), { fetch });
    await assert.rejects(client.streamChat(chat, new AbortController().signal).outcome, (e: ProviderError) => e.action === 'check-url');
    assert.equal(requests.length, 0);
  });

  it('fails before the network when the provider needs a key and none is set', async () => {
    const { fetch, requests } = scriptedFetch(() => sseResponse([]));
    const client = createInferenceClient(endpoint({ requiresKey: true, providerName: 'Groq' }), { fetch });
    await assert.rejects(client.streamChat(chat, new AbortController().signal).outcome, (e: ProviderError) => {
      assert.equal(e.kind, 'auth');
      assert.equal(e.action, 'set-key');
      assert.match(e.message, /No API key is set for Groq/);
      return true;
    });
    assert.equal(requests.length, 0);
  });

  it('lists models', async () => {
    const { fetch } = scriptedFetch(() => jsonResponse(200, { object: 'list', data: [{ id: 'm1' }, { id: 'm2' }] }));
    assert.deepEqual(await createInferenceClient(endpoint(), { fetch }).listModels(), ['m1', 'm2']);
  });
});

describe('rate limits in the client', () => {
  it('a 429 starts the profile’s cooldown; the next request fails fast without the network', async () => {
    const clock = new ManualClock();
    const gate = new RateLimitGate(clock, { wallNow: () => 0 });
    const { fetch, requests } = scriptedFetch(() => jsonResponse(429, { error: { message: 'Rate limit reached' } }, { 'retry-after': '20' }));
    const client = createInferenceClient(endpoint({ profileId: 'groq', providerName: 'Groq' }), { fetch, clock, rateLimits: gate });
    await assert.rejects(client.streamChat(chat, new AbortController().signal).outcome, (e: ProviderError) => {
      assert.equal(e.kind, 'rate-limited');
      assert.equal(e.retryAfterMs, 20_000);
      return true;
    });
    assert.equal(gate.remainingMs('groq'), 20_000);
    clock.t += 5000;
    const { observer, samples } = recordingObserver();
    const second = createInferenceClient(endpoint({ profileId: 'groq', providerName: 'Groq' }), { fetch, clock, rateLimits: gate, observer });
    await assert.rejects(second.streamFim({ prefix: 'a', suffix: '', maxTokens: 8 }, new AbortController().signal).outcome, (e: ProviderError) => {
      assert.equal(e.kind, 'rate-limited');
      assert.equal(e.retryAfterMs, 15_000);
      assert.match(e.message, /trying again in 15 s/);
      return true;
    });
    assert.equal(requests.length, 1, 'no request went out during the cooldown');
    assert.equal(samples[0].error, 'rate-limited');
    clock.t += 15_000;
    assert.equal(gate.remainingMs('groq'), 0);
  });

  it('a success that exhausts the quota starts a cooldown too (OpenAI-style reset durations)', async () => {
    const clock = new ManualClock();
    const gate = new RateLimitGate(clock);
    const { fetch } = scriptedFetch(() =>
      sseResponse([{ data: chatChunk('ok') }], { headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' } }),
    );
    const client = createInferenceClient(endpoint({ profileId: 'oa' }), { fetch, clock, rateLimits: gate });
    await client.streamChat(chat, new AbortController().signal).outcome;
    assert.equal(gate.remainingMs('oa'), 360_000);
  });
});
