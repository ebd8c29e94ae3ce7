import * as assert from 'node:assert/strict';
import { readChunk } from '../../../src/providers/stream/chunks';
import { eventServerSpeed, readPromptCache, ServerTimingCollector, timingRequestParams } from '../../../src/providers/stream/serverTiming';
import { buildSpeedSample, ChunkTimeline, clientTokensPerSecond, estimateStreamTokens } from '../../../src/providers/stream/speed';

describe('readChunk', () => {
  it('reads chat deltas with content and either reasoning field', () => {
    assert.deepEqual(readChunk({ choices: [{ index: 0, delta: { content: 'Hi', reasoning_content: 'r1' }, finish_reason: null }] }), {
      content: 'Hi',
      reasoning: 'r1',
      finishReason: null,
    });
    const openrouter = readChunk({
      choices: [{ index: 0, delta: { content: '', reasoning: 'x', reasoning_details: [{ type: 'reasoning.text', text: 'x' }] } }],
    });
    assert.equal(openrouter.reasoning, 'x', 'reasoning_details is not counted twice');
  });

  it('reads legacy completions text, llama.cpp /infill events and usage-only chunks', () => {
    assert.equal(readChunk({ choices: [{ index: 0, text: 'abc', finish_reason: 'length' }] }).content, 'abc');
    assert.equal(readChunk({ choices: [{ index: 0, text: 'abc', finish_reason: 'length' }] }).finishReason, 'length');
    const infill = readChunk({ content: 'x', stop: true, stop_type: 'eos', timings: { predicted_n: 9 }, tokens_evaluated: 30 });
    assert.deepEqual(infill, { content: 'x', reasoning: '', finishReason: 'eos', usage: { completionTokens: 9, promptTokens: 30 } });
    assert.deepEqual(readChunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 5 } }).usage, { completionTokens: 5, promptTokens: 3 });
  });

  it('ignores other choice indexes and junk', () => {
    assert.equal(readChunk({ choices: [{ index: 1, delta: { content: 'other' } }] }).content, '');
    assert.equal(readChunk(null).content, '');
    assert.equal(readChunk({ choices: [{ index: 0, delta: { content: 42 } }] }).content, '');
  });
});

describe('server timing fields', () => {
  const collect = (format: Parameters<typeof timingRequestParams>[0], chunks: unknown[], tokens?: number) => {
    const c = new ServerTimingCollector(format);
    for (const chunk of chunks) c.observe(chunk);
    return c.result(tokens);
  };

  it('llama.cpp: (predicted_n − 1)/predicted_ms from any event, never the first token’s 1,000,000', () => {
    // timings_per_token events as llama-server writes them: predicted_ms runs from the first token.
    const event = (n: number, ms: number) => ({
      content: 'x', stop: false,
      timings: { cache_n: 300, prompt_n: 40, prompt_ms: 60, prompt_per_second: 666, predicted_n: n, predicted_ms: ms, predicted_per_second: (n * 1000) / ms },
    });
    assert.equal(collect('llama-cpp', [event(1, 0.001)]), null, 'one token: no decode step to measure');
    const closedEarly = collect('llama-cpp', [event(1, 0.001), event(2, 0.5), event(3, 1)]);
    assert.deepEqual(closedEarly, {
      tokensPerSecond: 2000, decodeTokens: 2, decodeMs: 1, promptTokensPerSecond: 666, ttftMs: 60, source: 'llama.cpp timings (predicted_n − 1)/predicted_ms',
    });
    // An absurd rate without predicted_ms is not believed either.
    assert.equal(collect('llama-cpp', [{ timings: { predicted_per_second: 1_000_000 } }]), null);
    assert.deepEqual(readPromptCache(event(3, 1)), { promptTokens: 340, cachedTokens: 300 });
    assert.deepEqual(eventServerSpeed(event(5, 2))?.tokensPerSecond, 2000);
    assert.deepEqual(readPromptCache({ usage: { prompt_tokens: 1000, prompt_tokens_details: { cached_tokens: 896 } } }), { promptTokens: 1000, cachedTokens: 896 });
    assert.equal(readPromptCache({ usage: { prompt_tokens: 1000 } }), undefined);
    assert.deepEqual(timingRequestParams('llama-cpp'), { timings_per_token: true });
  });

  it('llama.cpp: timings.predicted_per_second', () => {
    const s = collect('llama-cpp', [{ choices: [], timings: { predicted_per_second: 117.7, prompt_per_second: 111.2, prompt_ms: 9 } }]);
    assert.deepEqual(s, { tokensPerSecond: 117.7, promptTokensPerSecond: 111.2, ttftMs: 9, source: 'llama.cpp timings.predicted_per_second' });
  });

  it('Groq: x_groq.usage completion_tokens / completion_time', () => {
    const usage = { queue_time: 0.2, prompt_tokens: 20, prompt_time: 0.01, completion_tokens: 4, completion_time: 0.008 };
    // Groq repeats the figures in a bare usage chunk after the x_groq one.
    const s = collect('groq', [{ choices: [], x_groq: { id: 'r', usage }, usage }, { choices: [], usage }]);
    assert.equal(s?.tokensPerSecond, 500);
    assert.equal(s?.source, 'groq x_groq.usage completion_tokens/completion_time');
    assert.ok(Math.abs((s?.ttftMs ?? 0) - 210) < 1e-9);
    assert.equal(s?.promptTokensPerSecond, 2000);
    // Only `usage` with completion_time (Groq's separate usage chunk) is enough too.
    assert.equal(collect('none', [{ choices: [], usage }])?.source, 'groq usage completion_tokens/completion_time');
  });

  it('Cerebras: completion_tokens / time_info.completion_time', () => {
    const s = collect('cerebras', [{ choices: [], usage: { completion_tokens: 300 }, time_info: { queue_time: 0.001, prompt_time: 0.002, completion_time: 0.15 } }]);
    assert.equal(s?.tokensPerSecond, 2000);
    assert.equal(s?.source, 'cerebras usage.completion_tokens/time_info.completion_time');
    assert.ok(Math.abs((s?.ttftMs ?? 0) - 3) < 1e-9);
  });

  it('SambaNova: usage.completion_tokens_after_first_per_sec', () => {
    const s = collect('sambanova', [{ choices: [], usage: { completion_tokens: 10, completion_tokens_after_first_per_sec: 812.5, completion_tokens_per_sec: 700, time_to_first_token: 0.12 } }]);
    assert.deepEqual(s, { tokensPerSecond: 812.5, ttftMs: 120, source: 'sambanova usage.completion_tokens_after_first_per_sec' });
  });

  it('Fireworks: completion_tokens / (server-processing-time − server-time-to-first-token)', () => {
    const s = collect('fireworks', [{ choices: [], usage: { completion_tokens: 100 }, perf_metrics: { 'server-time-to-first-token': '0.25', 'server-processing-time': 0.75 } }]);
    assert.equal(s?.tokensPerSecond, 200);
    assert.equal(s?.ttftMs, 250);
    assert.match(s?.source ?? '', /^fireworks perf_metrics/);
    assert.deepEqual(timingRequestParams('fireworks'), { perf_metrics_in_response: true });
    assert.deepEqual(timingRequestParams('groq'), {});
  });

  it('Ollama: eval_count / eval_duration (nanoseconds)', () => {
    const s = collect('ollama', [{ eval_count: 50, eval_duration: 250_000_000, prompt_eval_count: 10, prompt_eval_duration: 5_000_000 }]);
    assert.equal(s?.tokensPerSecond, 200);
    assert.equal(s?.promptTokensPerSecond, 2000);
    assert.equal(s?.source, 'ollama eval_count/eval_duration');
  });

  it('reports null when the server sends no figures', () => {
    assert.equal(collect('none', [{ choices: [], usage: { completion_tokens: 7, prompt_tokens: 3 } }]), null);
  });
});

describe('client speed measurement', () => {
  it('apportions the first chunk by characters and divides by first-to-last chunk time', () => {
    const t = new ChunkTimeline();
    t.add(100, 10); // first chunk: 10 of 40 characters
    t.add(150, 10);
    t.add(200, 20);
    // 20 server tokens: the first chunk holds 20 × 10/40 = 5; 15 tokens over 100 ms.
    assert.equal(clientTokensPerSecond(t, 20), 150);
  });

  it('is null with fewer than two text chunks or no elapsed time', () => {
    const one = new ChunkTimeline();
    one.add(100, 30);
    assert.equal(clientTokensPerSecond(one, 10), null);
    const same = new ChunkTimeline();
    same.add(100, 5);
    same.add(100, 5);
    assert.equal(clientTokensPerSecond(same, 10), null);
  });

  it('estimates tokens from characters (never fewer than the text chunks) and flags it', () => {
    assert.equal(estimateStreamTokens(40, 3), 12);
    assert.equal(estimateStreamTokens(8, 5), 5);
    const timeline = new ChunkTimeline();
    timeline.add(1010, 12);
    timeline.add(1030, 28);
    const sample = buildSpeedSample({
      profileId: 'p',
      providerName: 'P',
      model: 'm',
      kind: 'chat',
      startedAtWall: 5,
      startedAt: 1000,
      endedAt: 1050,
      timeline,
      server: null,
      aborted: false,
    });
    assert.equal(sample.tokensEstimated, true);
    assert.equal(sample.completionTokens, 12);
    assert.equal(sample.ttftMs, 10);
    assert.equal(sample.totalMs, 50);
    // 12 tokens (40 characters at 3.5 each, rounded up), first chunk 12/40 of them = 3; 9 tokens over 20 ms.
    assert.equal(sample.tokensPerSecond, 450);
  });
});
