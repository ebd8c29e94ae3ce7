import * as assert from 'node:assert/strict';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { countTokens } from '../../fake-server/tokens';
import { chatBody, chunks, send, streamedText } from './client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEXT = 'let x = 1;\nlet y = 2;';

describe('fake server: routes', function () {
  this.timeout(10000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 2, tokensPerSecond: 5000, response: { kind: 'text', text: TEXT } });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  const json = (r: { body: Buffer }) => JSON.parse(r.body.toString()) as Json;

  it('lists the configured models', async () => {
    server.configure({ models: ['a', 'b'] });
    const r = await send(`${server.baseUrl}/models`, undefined);
    assert.deepEqual(json(r).data.map((m: Json) => m.id), ['a', 'b']);
    assert.equal(json(r).object, 'list');
  });

  it('answers unknown routes and bad bodies with JSON errors', async () => {
    const unknown = await send(`${server.url}/v1/embeddings`, { input: 'x' });
    assert.equal(unknown.status, 404);
    assert.match(json(unknown).error.message, /Unknown route/);
    const bad = await send(`${server.baseUrl}/chat/completions`, '{not json');
    assert.equal(bad.status, 400);
    assert.ok(json(bad).error.message);
  });

  it('accepts routes without the /v1 prefix', async () => {
    const r = await send(`${server.url}/chat/completions`, chatBody());
    assert.equal(streamedText(r), TEXT);
  });

  it('records method, path, lower-cased headers with the bearer key, body, model and timing', async () => {
    await send(`${server.baseUrl}/chat/completions?x=1`, chatBody({ model: 'fake-coder' }), { headers: { Authorization: 'Bearer sk-123' } });
    const [rec] = server.requests();
    assert.equal(rec!.method, 'POST');
    assert.equal(rec!.path, '/v1/chat/completions');
    assert.equal(rec!.headers.authorization, 'Bearer sk-123');
    assert.equal((rec!.body as Json).messages[0].content, 'Say hello');
    assert.equal(rec!.model, 'fake-coder');
    assert.equal(rec!.stream, true);
    assert.equal(rec!.status, 200);
    assert.equal(rec!.completed, true);
    assert.equal(rec!.tokensSent, countTokens(TEXT));
    assert.ok(rec!.receivedAt <= rec!.firstByteAt! && rec!.firstByteAt! <= rec!.firstTokenAt! && rec!.firstTokenAt! <= rec!.endedAt!);
    assert.ok(Math.abs(rec!.receivedAt - Date.now()) < 5000);
  });

  it('stops at max_tokens with finish_reason length and counts what it sent', async () => {
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody({ max_tokens: 3, stream_options: { include_usage: true } }));
    const c = chunks(r) as Json[];
    assert.equal(streamedText(r), 'let x'); // 'let', ' ', 'x'
    assert.equal(c.find((x) => x.choices[0]?.finish_reason)!.choices[0].finish_reason, 'length');
    assert.equal(c.at(-1)!.usage.completion_tokens, 3);
  });

  it('stops before the first stop string', async () => {
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody({ stop: ['\n', 'zzz'] }));
    assert.equal(streamedText(r), 'let x = 1;');
    assert.equal((chunks(r) as Json[]).find((x) => x.choices[0]?.finish_reason)!.choices[0].finish_reason, 'stop');
  });

  it('ends without [DONE] when sendDone is off', async () => {
    server.configure({ sendDone: false });
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody());
    assert.ok(r.events.every((e) => e.data !== '[DONE]'));
    assert.equal(streamedText(r), TEXT);
  });

  it('usage always / never overrides what the request asked', async () => {
    server.configure({ usage: 'always' });
    assert.ok((chunks(await send(`${server.baseUrl}/chat/completions`, chatBody())) as Json[]).at(-1)!.usage);
    server.configure({ usage: 'never', flavour: 'groq' });
    const c = chunks(await send(`${server.baseUrl}/chat/completions`, chatBody({ stream_options: { include_usage: true } }))) as Json[];
    assert.ok(c.every((x) => !x.usage));
  });

  describe('/v1/completions', () => {
    it('streams text_completion chunks, non-streamed too', async () => {
      const r = await send(`${server.baseUrl}/completions`, { model: 'fake-coder', prompt: 'a', suffix: 'b', stream: true });
      const c = chunks(r) as Json[];
      assert.ok(c.every((x) => x.object === 'text_completion'));
      assert.equal(c.map((x) => x.choices[0].text).join(''), TEXT);
      const whole = json(await send(`${server.baseUrl}/completions`, { model: 'fake-coder', prompt: 'a' }));
      assert.equal(whole.choices[0].text, TEXT);
      assert.equal(whole.usage.completion_tokens, countTokens(TEXT));
    });

    it('rejects suffix like vLLM, or is absent, when so configured', async () => {
      server.configure({ capabilities: { suffix: 'reject' } });
      const r = await send(`${server.baseUrl}/completions`, { model: 'm', prompt: 'a', suffix: 'b' });
      assert.equal(r.status, 400);
      assert.equal(json(r).error.message, 'suffix is not currently supported');
      assert.equal((await send(`${server.baseUrl}/completions`, { model: 'm', prompt: 'a' })).status, 200);
      server.configure({ capabilities: { completions: false } });
      assert.equal((await send(`${server.baseUrl}/completions`, { model: 'm', prompt: 'a' })).status, 404);
    });
  });

  it('rejects stream_options and unknown models when so configured', async () => {
    server.configure({ capabilities: { streamOptions: 'reject' } });
    assert.equal((await send(`${server.baseUrl}/chat/completions`, chatBody({ stream_options: { include_usage: true } }))).status, 400);
    assert.equal((await send(`${server.baseUrl}/chat/completions`, chatBody())).status, 200);
    server.configure({ strictModels: true, models: ['only-this'] });
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody({ model: 'other' }));
    assert.equal(r.status, 404);
    assert.equal(json(r).error.code, 'model_not_found');
  });

  describe('llama.cpp /infill', () => {
    const infill = { input_prefix: 'def f():\n', input_suffix: '\n', input_extra: [{ filename: 'a.py', text: 'x = 1' }] };

    it('streams native {content, stop} events, a final one with timings, no [DONE]', async () => {
      server.configure({ tokensPerSecond: 2500 });
      const r = await send(`${server.url}/infill`, { ...infill, stream: true });
      const c = chunks(r) as Json[];
      assert.ok(r.events.every((e) => e.data !== '[DONE]'));
      assert.ok(c.slice(0, -1).every((x) => x.stop === false && typeof x.content === 'string'));
      const last = c.at(-1)!;
      assert.equal(last.stop, true);
      assert.equal(last.stop_type, 'eos');
      assert.ok(Math.abs(((last.timings.predicted_n - 1) * 1000) / last.timings.predicted_ms - 2500) < 1e-6);
      assert.equal(last.timings.predicted_n, countTokens(TEXT));
      assert.equal(c.map((x) => x.content).join(''), TEXT);
    });

    it('honours n_predict and answers whole when not streaming', async () => {
      const limited = chunks(await send(`${server.url}/infill`, { ...infill, stream: true, n_predict: 2 })) as Json[];
      assert.equal(limited.at(-1)!.stop_type, 'limit');
      assert.equal(limited.at(-1)!.tokens_predicted, 2);
      const whole = json(await send(`${server.url}/infill`, { ...infill, stream: false }));
      assert.equal(whole.content, TEXT);
      assert.equal(whole.stop, true);
      assert.ok(whole.timings);
    });

    it('answers 501 or 404 like servers without FIM support', async () => {
      server.configure({ capabilities: { infill: '501' } });
      const r = await send(`${server.url}/infill`, infill);
      assert.equal(r.status, 501);
      assert.equal(json(r).error.type, 'not_supported_error');
      server.configure({ capabilities: { infill: '404' } });
      assert.equal((await send(`${server.url}/infill`, infill)).status, 404);
    });
  });

  describe('Mistral /v1/fim/completions', () => {
    it('is absent unless enabled, then streams chat-shaped chunks', async () => {
      const body = { model: 'codestral-latest', prompt: 'a', suffix: 'b', stream: true };
      assert.equal((await send(`${server.baseUrl}/fim/completions`, body)).status, 404);
      server.configure({ flavour: 'mistral', capabilities: { mistralFim: true } });
      const r = await send(`${server.baseUrl}/fim/completions`, body);
      const c = chunks(r) as Json[];
      assert.ok(c.every((x) => x.object === 'chat.completion.chunk'));
      assert.equal(streamedText(r), TEXT);
      assert.equal(c.at(-1)!.usage.completion_tokens, countTokens(TEXT));
      const whole = json(await send(`${server.baseUrl}/fim/completions`, { ...body, stream: false }));
      assert.equal(whole.choices[0].message.content, TEXT);
    });
  });

  it('answers with filler code of an exact token count', async () => {
    server.configure({ response: { kind: 'tokens', count: 77 } });
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody());
    assert.equal(countTokens(streamedText(r)), 77);
  });

  it('echoes the last user message, or the prompt\'s last line', async () => {
    server.configure({ response: { kind: 'echo' } });
    const body = chatBody({ messages: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'x' }, { role: 'user', content: [{ type: 'text', text: 'second' }] }] });
    assert.equal(streamedText(await send(`${server.baseUrl}/chat/completions`, body)), 'second');
    const c = json(await send(`${server.baseUrl}/completions`, { model: 'm', prompt: 'line one\nline two' }));
    assert.equal(c.choices[0].text, 'line two');
  });
});
