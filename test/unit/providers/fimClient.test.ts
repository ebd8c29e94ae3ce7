// Every FIM transport's request shape, the auto-mode fallbacks and what is remembered.
import * as assert from 'node:assert/strict';
import { createInferenceClient, MemoryCapabilityStore, ProviderError } from '../../../src/providers';
import { fimCapabilityKey } from '../../../src/providers/capabilities';
import type { FimRequest } from '../../../src/providers/types';
import { chatChunk, collect, endpoint, jsonResponse, scriptedFetch, sseResponse, textChunk, type RecordedRequest } from './helpers';

const req: FimRequest = {
  prefix: 'def add(a, b):\n    ',
  suffix: '\n\nprint(add(1, 2))\n',
  filePath: 'math.py',
  languageId: 'python',
  maxTokens: 24,
  stop: ['\n\n'],
  extraContext: [{ filename: 'util.py', text: 'X = 1' }],
};
const signal = () => new AbortController().signal;
const path = (r: RecordedRequest) => new URL(r.url).pathname;

describe('FIM transports', () => {
  it('completions-suffix: prompt + suffix on /v1/completions, stops enforced client-side too', async () => {
    const { fetch, requests } = scriptedFetch(() => sseResponse([{ data: textChunk('return a') }, { data: textChunk(' + b\n\nextra') }]));
    const client = createInferenceClient(endpoint({ fimTransport: 'completions-suffix' }), { fetch });
    const stream = client.streamFim(req, signal());
    const got = await collect(stream);
    const outcome = await stream.outcome;
    assert.equal(got.content, 'return a + b');
    assert.equal(outcome.transport, 'completions-suffix');
    assert.equal(outcome.finishReason, 'stop');
    const body = requests[0].body;
    assert.equal(path(requests[0]), '/v1/completions');
    assert.equal(body.prompt, req.prefix);
    assert.equal(body.suffix, req.suffix);
    assert.equal(body.max_tokens, 24);
    assert.equal(body.stream, true);
    assert.deepEqual((body.stop as string[])[0], '\n\n');
    assert.ok((body.stop as string[]).length <= 4);
  });

  it('raw-template: the family’s FIM tokens in the prompt, its stop tokens cut the answer', async () => {
    const { fetch, requests } = scriptedFetch(() => sseResponse([{ data: textChunk('return a + b<|endoftext|>junk') }]));
    const client = createInferenceClient(endpoint({ fimTransport: 'raw-template', completionModel: 'qwen2.5-coder:7b-base' }), { fetch });
    const stream = client.streamFim({ ...req, stop: [] }, signal());
    assert.equal((await collect(stream)).content, 'return a + b');
    const prompt = requests[0].body.prompt as string;
    assert.ok(prompt.startsWith('<|repo_name|>workspace\n<|file_sep|>util.py\nX = 1\n<|file_sep|>math.py\n<|fim_prefix|>def add'));
    assert.ok(prompt.endsWith(`<|fim_suffix|>${req.suffix}<|fim_middle|>`));
    assert.equal(requests[0].body.suffix, undefined);
    assert.ok((requests[0].body.stop as string[]).includes('<|endoftext|>'));
  });

  it('raw-template with an unknown family says to set fimTemplate', async () => {
    const { fetch, requests } = scriptedFetch(() => sseResponse([]));
    const client = createInferenceClient(endpoint({ fimTransport: 'raw-template', completionModel: 'mystery-7b' }), { fetch });
    await assert.rejects(client.streamFim(req, signal()).outcome, (e: ProviderError) => /fimTemplate/.test(e.message));
    assert.equal(requests.length, 0);
  });

  it('llama-infill: /infill at the server root with input_extra, no [DONE] needed', async () => {
    const { fetch, requests } = scriptedFetch(() =>
      sseResponse(
        [
          { data: { content: 'return', stop: false } },
          { data: { content: ' a + b', stop: false } },
          { data: { content: '', stop: true, stop_type: 'eos', tokens_predicted: 4, timings: { predicted_n: 4, predicted_per_second: 250 } } },
        ],
        { done: false },
      ),
    );
    const client = createInferenceClient(endpoint({ fimTransport: 'llama-infill', baseUrl: 'http://127.0.0.1:9/v1' }), { fetch });
    const stream = client.streamFim(req, signal());
    const outcome = await stream.outcome;
    assert.equal(outcome.text, 'return a + b');
    assert.equal(outcome.sample.completionTokens, 4);
    assert.equal(outcome.sample.tokensEstimated, false);
    assert.deepEqual(outcome.sample.server, { tokensPerSecond: 250, promptTokensPerSecond: undefined, ttftMs: undefined, source: 'llama.cpp timings.predicted_per_second' });
    assert.equal(requests[0].url, 'http://127.0.0.1:9/infill');
    const body = requests[0].body;
    assert.equal(body.input_prefix, req.prefix);
    assert.equal(body.input_suffix, req.suffix);
    assert.equal(body.timings_per_token, true, 'timings on every event, not only the last');
    assert.equal(body.id_slot, 0, 'every completion in the slot that holds its cache');
    assert.deepEqual(body.input_extra, [{ filename: 'util.py', text: 'X = 1' }]);
    assert.equal(body.n_predict, 24);
    assert.equal(body.cache_prompt, true);
  });

  it('mistral-fim: /v1/fim/completions with prompt and suffix, chat-shaped chunks', async () => {
    const { fetch, requests } = scriptedFetch(() => sseResponse([{ data: chatChunk('return a + b') }]));
    const client = createInferenceClient(endpoint({ fimTransport: 'mistral-fim', completionModel: 'codestral-latest' }), { fetch });
    assert.equal((await client.streamFim(req, signal()).outcome).text, 'return a + b');
    assert.equal(path(requests[0]), '/v1/fim/completions');
    assert.equal(requests[0].body.prompt, req.prefix);
    assert.equal(requests[0].body.suffix, req.suffix);
    assert.equal(requests[0].body.model, 'codestral-latest');
  });

  it('chat: strict hole prompt, answer extracted, reasoning not yielded', async () => {
    const { fetch, requests } = scriptedFetch(() =>
      sseResponse([
        { data: { choices: [{ index: 0, delta: { reasoning: 'They want a sum.' } }] } },
        { data: chatChunk('Sure!\n<COMPLETION>return a') },
        { data: chatChunk(' + b</COMPLETION>') },
      ]),
    );
    const client = createInferenceClient(endpoint({ fimTransport: 'chat' }), { fetch });
    const stream = client.streamFim(req, signal());
    const got = await collect(stream);
    const outcome = await stream.outcome;
    assert.deepEqual(got, { content: 'return a + b', reasoning: '', deltas: got.deltas });
    assert.equal(outcome.reasoning, 'They want a sum.');
    assert.equal(path(requests[0]), '/v1/chat/completions');
    assert.deepEqual(requests[0].body.stop, ['</COMPLETION>']);
    const messages = requests[0].body.messages as { role: string; content: string }[];
    assert.ok(messages[1].content.includes('{{FILL_HERE}}'));
  });

  it('DeepSeek: FIM goes to the /beta base URL, chat stays on /v1', async () => {
    const { fetch, requests } = scriptedFetch(() => sseResponse([{ data: textChunk('x') }]));
    const client = createInferenceClient(
      endpoint({ fimTransport: 'completions-suffix', baseUrl: 'http://127.0.0.1:9/v1', fimBaseUrl: 'http://127.0.0.1:9/beta' }),
      { fetch },
    );
    await client.streamFim(req, signal()).outcome;
    assert.equal(requests[0].url, 'http://127.0.0.1:9/beta/completions');
  });

  it('Fireworks: asks for perf_metrics', async () => {
    const { fetch, requests } = scriptedFetch(() => sseResponse([{ data: textChunk('x') }]));
    const client = createInferenceClient(endpoint({ fimTransport: 'completions-suffix', serverTiming: 'fireworks' }), { fetch });
    await client.streamFim(req, signal()).outcome;
    assert.equal(requests[0].body.perf_metrics_in_response, true);
  });
});

describe('FIM auto mode', () => {
  const answer = (r: RecordedRequest) => (path(r).includes('chat') ? sseResponse([{ data: chatChunk('<COMPLETION>ok</COMPLETION>') }]) : sseResponse([{ data: textChunk('ok') }]));

  it('falls back from a 400 "suffix not supported" to the template prompt and remembers it', async () => {
    const store = new MemoryCapabilityStore();
    const { fetch, requests } = scriptedFetch((r) =>
      typeof r.body.suffix === 'string' ? jsonResponse(400, { object: 'error', message: 'suffix is not currently supported', code: 400 }) : answer(r),
    );
    const ep = endpoint({ fimOrder: ['completions-suffix', 'raw-template', 'chat'], completionModel: 'qwen2.5-coder:7b' });
    const client = createInferenceClient(ep, { fetch, capabilities: store });
    const first = await client.streamFim(req, signal()).outcome;
    assert.equal(first.transport, 'raw-template');
    assert.equal(store.get(fimCapabilityKey(ep.baseUrl, ep.completionModel)), 'raw-template');
    const before = requests.length;
    const second = await client.streamFim(req, signal()).outcome;
    assert.equal(second.transport, 'raw-template');
    assert.equal(requests.length - before, 1, 'the remembered transport is used directly');
  });

  it('falls back from 404 routes to chat, skipping the template for an unknown family', async () => {
    const { fetch, requests } = scriptedFetch((r) => (path(r).includes('chat') ? answer(r) : jsonResponse(404, { error: { message: 'Not found' } })));
    const client = createInferenceClient(endpoint({ completionModel: 'llama-3.1-8b-instant' }), { fetch });
    const outcome = await client.streamFim(req, signal()).outcome;
    assert.equal(outcome.transport, 'chat');
    assert.equal(outcome.text, 'ok');
    assert.deepEqual(requests.map(path), ['/v1/completions', '/infill', '/v1/chat/completions']);
  });

  it('after llama.cpp answers /infill with 501 (no FIM tokens), goes straight to chat', async () => {
    const { fetch, requests } = scriptedFetch((r) =>
      path(r) === '/infill' ? jsonResponse(501, { error: { code: 501, message: 'Infill is not supported by this model' } }) : answer(r),
    );
    const client = createInferenceClient(endpoint({ fimOrder: ['llama-infill', 'raw-template', 'chat'], completionModel: 'qwen2.5-coder' }), { fetch });
    const outcome = await client.streamFim(req, signal()).outcome;
    assert.equal(outcome.transport, 'chat');
    assert.deepEqual(requests.map(path), ['/infill', '/v1/chat/completions']);
  });

  it('tries again from the start when the remembered transport stops working', async () => {
    const store = new MemoryCapabilityStore();
    const ep = endpoint({ fimOrder: ['completions-suffix', 'chat'], completionModel: 'm' });
    store.set(fimCapabilityKey(ep.baseUrl, 'm'), 'completions-suffix');
    const { fetch } = scriptedFetch((r) => (path(r) === '/v1/completions' ? jsonResponse(404, { error: { message: 'gone' } }) : answer(r)));
    const outcome = await createInferenceClient(ep, { fetch, capabilities: store }).streamFim(req, signal()).outcome;
    assert.equal(outcome.transport, 'chat');
    assert.equal(store.get(fimCapabilityKey(ep.baseUrl, 'm')), 'chat');
  });

  it('does not fall back on real failures (401 stops the probing)', async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse(401, { error: { message: 'invalid key' } }));
    const client = createInferenceClient(endpoint(), { fetch });
    await assert.rejects(client.streamFim(req, signal()).outcome, (e: ProviderError) => e.kind === 'auth' && e.action === 'set-key');
    assert.equal(requests.length, 1);
  });

  it('explains when no transport works', async () => {
    const { fetch } = scriptedFetch(() => jsonResponse(404, { error: { message: 'Not found' } }));
    const client = createInferenceClient(endpoint({ fimOrder: ['completions-suffix', 'chat'] }), { fetch });
    await assert.rejects(client.streamFim(req, signal()).outcome, (e: ProviderError) => {
      assert.equal(e.kind, 'not-supported');
      assert.match(e.message, /tried completions-suffix → 404 Not found; chat → 404 Not found/);
      return true;
    });
  });
});
