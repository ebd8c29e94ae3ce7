// The fake server's modes that make it behave as real servers do: a prompt cache with
// llama-server's slot choice, timings on every event, cached_tokens for OpenAI-style clouds,
// prompt processing charged per uncached token, a loading start-up and the decode step
// before a closed connection is noticed.
import * as assert from 'node:assert/strict';
import { PromptCache, promptTokenList, reusedTokens } from '../../fake-server/promptCache';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { fillerCode, splitTokens } from '../../fake-server/tokens';
import { send } from './client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const events = (r: Awaited<ReturnType<typeof send>>): Json[] =>
  r.events.filter((e) => e.data && e.data !== '[DONE]').map((e) => JSON.parse(e.data) as Json);
const infill = (prefix: string, extra: Json = {}) => ({ input_prefix: prefix, input_suffix: '\n}\n', prompt: '', stream: true, n_predict: 8, ...extra });

describe('fake server: prompt cache slots (llama-server’s choice)', () => {
  const tokens = (text: string) => splitTokens(text);
  const lease = (cache: PromptCache, prompt: string[]) => {
    let got: Parameters<Parameters<PromptCache['acquire']>[1]>[0] | undefined;
    cache.acquire(prompt, (l) => (got = l));
    return got;
  };

  it('sends a prompt to the idle slot sharing the longest prefix above 10% of it, else the least recently used one', () => {
    const cache = new PromptCache({ kind: 'slots', slots: 2 });
    const a = tokens(fillerCode(200));
    const b = tokens('const other = 1;\n'.repeat(40));
    lease(cache, a)!.release([]);
    lease(cache, b)!.release([]);
    // a, typed on: back to a's slot, everything before the new text cached.
    const typed = [...a, ...tokens(' more')];
    const first = lease(cache, typed)!;
    assert.equal(first.slot, 0);
    assert.equal(first.cachedTokens, a.length);
    first.release(['x']);
    // A prompt whose shared prefix is under 10% of it goes to the least recently used slot (b's).
    const unlike = [...a.slice(0, 10), ...tokens(fillerCode(400)).map((t) => `${t}!`)];
    const second = lease(cache, unlike)!;
    assert.equal(second.slot, 1);
    assert.equal(second.cachedTokens, 0);
    second.release([]);
    // The same prompt again: all but the last token come from the cache.
    const again = lease(cache, unlike)!;
    assert.equal(again.cachedTokens, unlike.length - 1);
    again.release([]);
  });

  it('keeps a slot busy until the request is over, and queues a request when every slot is', () => {
    const cache = new PromptCache({ kind: 'slots', slots: 1 });
    const held = lease(cache, tokens('abc def'))!;
    assert.equal(lease(cache, tokens('abc def ghi')), undefined, 'waits for the slot');
    assert.equal(cache.busySlots(), 1);
    held.release([]);
    assert.equal(cache.busySlots(), 1, 'the waiting request took the slot');
  });

  it('makes a request that asks for a slot by id (id_slot) wait for that slot', () => {
    const cache = new PromptCache({ kind: 'slots', slots: 2 });
    const held = lease(cache, tokens('abc def'))!;
    assert.equal(held.slot, 0);
    let pinned: number | undefined;
    cache.acquire(tokens('abc def ghi'), (l) => (pinned = l.slot), 0);
    assert.equal(pinned, undefined, 'slot 1 is idle, but slot 0 was asked for');
    held.release([]);
    assert.equal(pinned, 0);
  });

  it('with --cache-reuse, shifts a long enough run found further on in the cache instead of processing it', () => {
    const body = Array.from({ length: 600 }, (_, i) => `t${i}`);
    const cached = ['<|fim_prefix|>', ...body];
    // The prompt's start moved 100 tokens on: only the marker is shared as a prefix.
    const moved = ['<|fim_prefix|>', ...body.slice(100), 'new'];
    assert.equal(reusedTokens(cached, moved, 0), 1);
    assert.equal(reusedTokens(cached, moved, 256), 501);
    // Runs shorter than the threshold are not reused.
    assert.equal(reusedTokens(cached, ['<|fim_prefix|>', ...body.slice(400)], 256), 1);
  });

  it('lays an /infill prompt out as llama-server does: other files, prefix, suffix, middle', () => {
    const list = promptTokenList('infill', { input_extra: [{ filename: 'a.ts', text: 'x' }], input_prefix: 'let a', input_suffix: ';' });
    assert.deepEqual(list, ['<|file_sep|>', 'a', '.', 'ts', '\n', 'x', '<|fim_prefix|>', 'let', ' ', 'a', '<|fim_suffix|>', ';', '<|fim_middle|>']);
  });
});

describe('fake server: real-server modes over HTTP', function () {
  this.timeout(10000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 4000, flavour: 'llamacpp', response: { kind: 'tokens', count: 6 } });
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  it('reports cache_n and prompt_n from the slot cache, timings on every event with timings_per_token', async () => {
    // 20 ms a token, so the first event holds one token even on a busy machine.
    server.configure({ promptCache: { kind: 'slots', slots: 4 }, tokensPerSecond: 50 });
    const prefix = fillerCode(300);
    const cold = events(await send(`${server.url}/infill`, infill(prefix, { timings_per_token: true })));
    assert.ok(cold.every((e) => e.timings), 'every event carries timings');
    // As llama-server: the first event's predicted_ms is 0.001, so predicted_per_second is 1,000,000.
    assert.equal(cold[0].timings.predicted_n, 1);
    assert.equal(cold[0].timings.predicted_per_second, 1_000_000);
    assert.equal(cold[0].timings.cache_n, 0);
    const warm = events(await send(`${server.url}/infill`, infill(`${prefix}ab`, { timings_per_token: true })));
    const last = warm.at(-1)!.timings;
    const record = server.requests()[1];
    assert.equal(last.cache_n, record.cachedTokens);
    assert.equal(last.cache_n + last.prompt_n, record.promptTokens);
    assert.ok(last.prompt_n <= 10, `only the typed text and the suffix are processed again: prompt_n ${last.prompt_n}`);
    assert.equal(record.slot, server.requests()[0].slot);
    // Without timings_per_token only the last event carries them.
    const plain = events(await send(`${server.url}/infill`, infill(prefix)));
    assert.deepEqual(plain.map((e) => e.timings !== undefined), [...plain.slice(1).map(() => false), true]);
  });

  it('reports usage.prompt_tokens_details.cached_tokens with an OpenAI-style prefix cache', async () => {
    server.configure({ flavour: 'openai', promptCache: { kind: 'prefix' } });
    const body = (text: string) => ({ model: 'fake-chat', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: text }] });
    const text = fillerCode(400);
    await send(`${server.baseUrl}/chat/completions`, body(text));
    const usage = events(await send(`${server.baseUrl}/chat/completions`, body(`${text} more`))).find((e) => e.usage)!.usage;
    assert.ok(usage.prompt_tokens_details.cached_tokens >= 400, JSON.stringify(usage));
    assert.ok(usage.prompt_tokens_details.cached_tokens < usage.prompt_tokens);
  });

  it('charges prompt processing per token not taken from the cache', async () => {
    server.configure({ promptCache: { kind: 'slots', slots: 4 }, promptMsPerToken: 0.5 });
    const prefix = fillerCode(400);
    const cold = await send(`${server.url}/infill`, infill(prefix));
    const coldRecord = server.requests()[0];
    const uncached = coldRecord.promptTokens! - coldRecord.cachedTokens!;
    // A lower bound only: a busy machine makes it later, never earlier.
    assert.ok(cold.events[0].at - cold.startedAt >= 5 + uncached * 0.5 - 1, `first token after ${cold.events[0].at - cold.startedAt} ms`);
    const last = events(cold).at(-1)!.timings;
    assert.equal(last.prompt_n, uncached);
  });

  it('answers 503 "Loading model" while loading, then serves', async () => {
    server.configure({ loadingMs: 60_000 });
    assert.equal(server.loading(), true);
    const loading = await send(`${server.url}/infill`, infill('x'));
    assert.equal(loading.status, 503);
    assert.equal(JSON.parse(loading.body.toString()).error.message, 'Loading model');
    assert.equal((await send(`${server.url}/health`, undefined)).status, 503);
    server.configure({ loadingMs: 0 });
    assert.equal(server.loading(), false);
    assert.equal((await send(`${server.url}/infill`, infill('x'))).status, 200);
  });

  it('frees a cancelled request’s slot only a decode step after the client left, so a request in between misses the cache', async () => {
    server.configure({ promptCache: { kind: 'slots', slots: 2 }, abortNoticeMs: 60_000, response: { kind: 'tokens', count: 500 }, tokensPerSecond: 100 });
    const prefix = fillerCode(300);
    await send(`${server.url}/infill`, infill(prefix, { n_predict: 1 }));
    // The same prefix, cancelled after its first event.
    await send(`${server.url}/infill`, infill(`${prefix}a`, { n_predict: 500 }), { onEvent: (_e, abort) => abort() });
    await waitFor(() => server.requests()[1]?.closeNoticedAt !== undefined);
    const cancelled = server.requests()[1];
    assert.equal(cancelled.closeNoticedAt! - cancelled.clientClosedAt!, 60_000);
    assert.equal(server.promptCache()!.busySlots(), 1, 'the slot is still busy');
    await send(`${server.url}/infill`, infill(`${prefix}ab`, { n_predict: 1 }));
    const next = server.requests()[2];
    assert.notEqual(next.slot, cancelled.slot);
    assert.equal(next.cachedTokens, 0, 'the other slot held nothing');
  });
});

/** Waits for a condition the server reaches on its own (no fixed sleep). */
async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}
