import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { countTokens } from '../../fake-server/tokens';
import { FLAVOURS } from '../../fake-server/types';
import { chatBody, chunks, send, streamedText } from './client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEXT = 'const answer = 42;\nreturn answer;';
const TOKENS = countTokens(TEXT);

describe('fake server: provider flavours', function () {
  this.timeout(10000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 4000, response: { kind: 'text', text: TEXT } });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  const chat = async (extra: Json = {}) => {
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody(extra));
    assert.equal(r.status, 200);
    return { r, c: chunks(r) as Json[] };
  };

  it('openai: role chunk, usage only when asked, in a choices: [] chunk, then [DONE]', async () => {
    const plain = await chat();
    assert.deepEqual(plain.c[0]!.choices[0].delta, { role: 'assistant', content: '', refusal: null });
    assert.ok(plain.c.every((x) => !('usage' in x)));
    assert.equal(plain.r.events.at(-1)!.data, '[DONE]');
    assert.equal(streamedText(plain.r), TEXT);

    const asked = await chat({ stream_options: { include_usage: true } });
    const last = asked.c.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage.completion_tokens, TOKENS);
    assert.ok(asked.c.slice(0, -1).every((x) => x.usage === null));
    assert.equal(asked.c.at(-2)!.choices[0].finish_reason, 'stop');
  });

  it('groq: x_groq id on the first chunk, x_groq.usage on the finish chunk, usage chunk always', async () => {
    server.configure({ flavour: 'groq', tokensPerSecond: 2000 });
    const { c } = await chat();
    assert.match(c[0]!.x_groq.id, /^req_/);
    const finish = c.find((x) => x.choices[0]?.finish_reason === 'stop')!;
    const usage = finish.x_groq.usage;
    assert.equal(finish.x_groq.id, c[0]!.x_groq.id);
    assert.equal(usage.completion_tokens, TOKENS);
    assert.equal(usage.completion_time, TOKENS / 2000);
    assert.deepEqual(finish.usage, usage);
    assert.deepEqual(c.at(-1)!.choices, []);
    assert.deepEqual(c.at(-1)!.usage, usage);
    assert.ok(usage.total_time >= usage.prompt_time + usage.completion_time - 1e-9);
  });

  it('llama.cpp: content null role chunk, usage chunk with timings at the configured rate', async () => {
    server.configure({ flavour: 'llamacpp', tokensPerSecond: 1500 });
    const { r, c } = await chat();
    assert.deepEqual(c[0]!.choices[0].delta, { role: 'assistant', content: null });
    assert.ok(r.events[0]!.data.startsWith('{"choices":'), 'llama.cpp writes choices first');
    const last = c.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage.completion_tokens, TOKENS);
    assert.equal(last.timings.predicted_n, TOKENS);
    // As llama-server: predicted_ms spans predicted_n − 1 decode steps, predicted_per_second = n ÷ ms.
    assert.ok(Math.abs(last.timings.predicted_ms - ((TOKENS - 1) / 1500) * 1000) < 1e-9);
    assert.ok(Math.abs(last.timings.predicted_per_second - (TOKENS * 1000) / last.timings.predicted_ms) < 1e-6);
    assert.ok(last.timings.prompt_ms >= 5, `prompt_ms ${last.timings.prompt_ms}`);
  });

  it('cerebras: time_info (and usage when asked) on the finish chunk', async () => {
    server.configure({ flavour: 'cerebras', tokensPerSecond: 1000 });
    const { c } = await chat({ stream_options: { include_usage: true } });
    const finish = c.at(-1)!;
    assert.equal(finish.choices[0].finish_reason, 'stop');
    assert.equal(finish.usage.completion_tokens, TOKENS);
    assert.equal(finish.time_info.completion_time, TOKENS / 1000);
    for (const k of ['queue_time', 'prompt_time', 'completion_time', 'total_time', 'created']) assert.equal(typeof finish.time_info[k], 'number');
  });

  it('sambanova: usage chunk with its speed fields, consistent with the rate', async () => {
    server.configure({ flavour: 'sambanova', tokensPerSecond: 800 });
    const { c } = await chat();
    const usage = c.at(-1)!.usage;
    assert.deepEqual(c.at(-1)!.choices, []);
    assert.equal(usage.is_last_response, true);
    assert.ok(Math.abs(usage.completion_tokens_after_first_per_sec - 800) < 1e-6);
    assert.ok(Math.abs(usage.total_latency - (usage.time_to_first_token + (TOKENS - 1) / 800)) < 1e-9);
    assert.ok(usage.end_time > usage.start_time);
  });

  it('fireworks: perf_metrics on the finish chunk only when perf_metrics_in_response is set', async () => {
    server.configure({ flavour: 'fireworks' });
    const without = await chat();
    assert.ok(!('perf_metrics' in without.c.at(-1)!));
    const withMetrics = await chat({ perf_metrics_in_response: true });
    const finish = withMetrics.c.at(-1)!;
    assert.equal(finish.choices[0].finish_reason, 'stop');
    assert.equal(finish.usage.completion_tokens, TOKENS);
    assert.ok(finish.perf_metrics['server-time-to-first-token'] > 0);
    assert.ok(finish.perf_metrics['server-processing-time'] > finish.perf_metrics['server-time-to-first-token']);
  });

  it('openrouter: processing comments, role in every delta, a second finish chunk with usage', async () => {
    server.configure({ flavour: 'openrouter', keepAliveComments: true });
    const { r, c } = await chat();
    assert.equal(r.events[0]!.raw, ': OPENROUTER PROCESSING');
    assert.ok(c.every((x) => x.choices[0].delta.role === 'assistant'));
    const finishes = c.filter((x) => x.choices[0].finish_reason === 'stop');
    assert.equal(finishes.length, 2);
    assert.equal(finishes[1]!.usage.completion_tokens, TOKENS);
    assert.equal(c[0]!.choices[0].native_finish_reason, null);
  });

  it('deepseek: keep-alive comments while the first token is pending', async () => {
    server.configure({ flavour: 'deepseek', keepAliveComments: true, keepAliveIntervalMs: 20, ttftMs: 90 });
    const { r } = await chat();
    const comments = r.events.filter((e) => e.raw === ': keep-alive');
    assert.ok(comments.length >= 3, `${comments.length} comments`);
    assert.equal(streamedText(r), TEXT);
  });

  it('vllm: usage on every chunk with continuous_usage_stats', async () => {
    server.configure({ flavour: 'vllm' });
    const { c } = await chat({ stream_options: { include_usage: true, continuous_usage_stats: true } });
    const content = c.filter((x) => x.choices[0]?.delta?.content);
    let written = 0;
    for (const x of content) {
      written += countTokens(x.choices[0].delta.content);
      assert.equal(x.usage.completion_tokens, written);
    }
    assert.equal(written, TOKENS);
  });

  it('reasoning: reasoning_content, reasoning or <think> tags, counted in usage', async () => {
    const reasoning = 'Think first.';
    server.configure({ flavour: 'llamacpp', response: { kind: 'text', text: 'Done.', reasoning } });
    const rc = await chat();
    const deltas = rc.c.map((x) => x.choices[0]?.delta ?? {});
    assert.equal(deltas.map((d) => d.reasoning_content ?? '').join(''), reasoning);
    assert.equal(rc.c.at(-1)!.usage.completion_tokens, countTokens(reasoning) + countTokens('Done.'));

    server.configure({ flavour: 'openrouter' });
    const r = await chat();
    assert.equal(r.c.map((x) => x.choices[0].delta.reasoning ?? '').join(''), reasoning);
    assert.equal(r.c.at(-1)!.usage.completion_tokens_details.reasoning_tokens, countTokens(reasoning));

    server.configure({ flavour: 'openai', response: { kind: 'text', text: 'Done.', reasoning, reasoningAs: 'think-tags' } });
    assert.equal(streamedText((await chat()).r), `<think>${reasoning}</think>\n\nDone.`);
  });

  it('every flavour streams through the openai SDK and ends with the whole text', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseUrl, maxRetries: 0 });
    for (const flavour of FLAVOURS) {
      server.configure({ flavour });
      const stream = await client.chat.completions.create({
        model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true },
      });
      let text = '';
      let usage: number | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.usage) usage = chunk.usage.completion_tokens;
      }
      assert.equal(text, TEXT, flavour);
      assert.equal(usage, TOKENS, flavour);
    }
  });

  it('non-streamed chat: the whole message, usage and the flavour timing object', async () => {
    server.configure({ flavour: 'llamacpp', tokensPerSecond: 3000 });
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody({ stream: false }));
    const body = JSON.parse(r.body.toString()) as Json;
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.choices[0].message.content, TEXT);
    assert.equal(body.usage.completion_tokens, TOKENS);
    assert.ok(Math.abs(((body.timings.predicted_n - 1) * 1000) / body.timings.predicted_ms - 3000) < 1e-6);
  });
});
