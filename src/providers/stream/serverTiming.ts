// The providers' own speed figures, read from the fields each one sends. Every figure
// names its source so the speed display can say where a number came from.
import type { PromptCacheReading, ServerSpeed, ServerTimingFormat } from '../types';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Numbers, or numeric strings (Fireworks sends some metrics as strings). */
function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}
const positive = (v: number | undefined): v is number => v !== undefined && v > 0;
/** No server decodes this fast; llama.cpp reports 1,000,000 for a single token. */
const ABSURD_TOKENS_PER_SECOND = 100_000;

type Reader = (chunk: Json, completionTokens: number | undefined) => ServerSpeed | undefined;

/** Readers whose figure from an earlier chunk beats a later, less specific one. */
const SPECIFIC = (speed: ServerSpeed) => !/ usage completion_tokens\/completion_time$/.test(speed.source);

/**
 * llama-server's `predicted_per_second` is predicted_n ÷ predicted_ms, but predicted_ms runs from
 * the first generated token, so it covers predicted_n − 1 decode steps: the field overstates the
 * rate by n/(n−1) (2× for a two-token completion, and 1,000,000 on the first event of a
 * `timings_per_token` stream). The honest figure is (predicted_n − 1) ÷ predicted_ms.
 */
function llamaCpp(chunk: Json): ServerSpeed | undefined {
  const t = isObject(chunk.timings) ? chunk.timings : undefined;
  if (!t) return undefined;
  const n = num(t.predicted_n);
  const ms = num(t.predicted_ms);
  const base = { promptTokensPerSecond: num(t.prompt_per_second), ttftMs: num(t.prompt_ms) };
  if (n !== undefined && ms !== undefined) {
    // One token has no decode step behind it: nothing to measure yet.
    if (n < 2 || !positive(ms)) return undefined;
    return { ...base, tokensPerSecond: ((n - 1) * 1000) / ms, decodeTokens: n - 1, decodeMs: ms, source: 'llama.cpp timings (predicted_n − 1)/predicted_ms' };
  }
  const tps = num(t.predicted_per_second);
  if (!positive(tps) || tps >= ABSURD_TOKENS_PER_SECOND) return undefined;
  return { ...base, tokensPerSecond: tps, source: 'llama.cpp timings.predicted_per_second' };
}

function groq(chunk: Json): ServerSpeed | undefined {
  const fromXGroq = isObject(chunk.x_groq) && isObject(chunk.x_groq.usage) ? chunk.x_groq.usage : undefined;
  const u = fromXGroq ?? (isObject(chunk.usage) ? chunk.usage : undefined);
  const tokens = num(u?.completion_tokens);
  const time = num(u?.completion_time);
  if (!u || !positive(tokens) || !positive(time)) return undefined;
  const promptTokens = num(u.prompt_tokens);
  const promptTime = num(u.prompt_time);
  const queue = num(u.queue_time) ?? 0;
  return {
    tokensPerSecond: tokens / time,
    decodeTokens: tokens,
    decodeMs: time * 1000,
    promptTokensPerSecond: positive(promptTokens) && positive(promptTime) ? promptTokens / promptTime : undefined,
    ttftMs: promptTime !== undefined ? (queue + promptTime) * 1000 : undefined,
    source: `groq ${fromXGroq ? 'x_groq.usage' : 'usage'} completion_tokens/completion_time`,
  };
}

function cerebras(chunk: Json, completionTokens: number | undefined): ServerSpeed | undefined {
  const t = isObject(chunk.time_info) ? chunk.time_info : undefined;
  const time = num(t?.completion_time);
  const tokens = num(isObject(chunk.usage) ? chunk.usage.completion_tokens : undefined) ?? completionTokens;
  if (!t || !positive(time) || !positive(tokens)) return undefined;
  const promptTime = num(t.prompt_time);
  return {
    tokensPerSecond: tokens / time,
    decodeTokens: tokens,
    decodeMs: time * 1000,
    ttftMs: promptTime !== undefined ? ((num(t.queue_time) ?? 0) + promptTime) * 1000 : undefined,
    source: 'cerebras usage.completion_tokens/time_info.completion_time',
  };
}

function sambanova(chunk: Json): ServerSpeed | undefined {
  const u = isObject(chunk.usage) ? chunk.usage : undefined;
  const afterFirst = num(u?.completion_tokens_after_first_per_sec);
  const overall = num(u?.completion_tokens_per_sec);
  const tps = positive(afterFirst) ? afterFirst : overall;
  if (!u || !positive(tps)) return undefined;
  const ttft = num(u.time_to_first_token);
  return {
    tokensPerSecond: tps,
    ttftMs: ttft !== undefined ? ttft * 1000 : undefined,
    source: positive(afterFirst) ? 'sambanova usage.completion_tokens_after_first_per_sec' : 'sambanova usage.completion_tokens_per_sec',
  };
}

function fireworks(chunk: Json, completionTokens: number | undefined): ServerSpeed | undefined {
  const p = isObject(chunk.perf_metrics) ? chunk.perf_metrics : undefined;
  if (!p) return undefined;
  const ttft = num(p['server-time-to-first-token']);
  const processing = num(p['server-processing-time']);
  const tokens = num(isObject(chunk.usage) ? chunk.usage.completion_tokens : undefined) ?? completionTokens;
  const generation = num(p['generation-duration']);
  // Decode time is processing minus time to first token (both in seconds).
  const decode = positive(generation) ? generation : processing !== undefined && ttft !== undefined ? processing - ttft : undefined;
  if (!positive(tokens) || !positive(decode)) return undefined;
  return {
    tokensPerSecond: tokens / decode,
    decodeTokens: tokens,
    decodeMs: decode * 1000,
    ttftMs: ttft !== undefined ? ttft * 1000 : undefined,
    source: positive(generation)
      ? 'fireworks perf_metrics completion_tokens/generation-duration'
      : 'fireworks perf_metrics completion_tokens/(server-processing-time − server-time-to-first-token)',
  };
}

function ollama(chunk: Json): ServerSpeed | undefined {
  const src = isObject(chunk.usage) && num(chunk.usage.eval_count) !== undefined ? chunk.usage : chunk;
  const count = num(src.eval_count);
  const duration = num(src.eval_duration);
  if (!positive(count) || !positive(duration)) return undefined;
  const promptCount = num(src.prompt_eval_count);
  const promptDuration = num(src.prompt_eval_duration);
  return {
    tokensPerSecond: (count / duration) * 1e9,
    decodeTokens: count,
    decodeMs: duration / 1e6,
    promptTokensPerSecond: positive(promptCount) && positive(promptDuration) ? (promptCount / promptDuration) * 1e9 : undefined,
    ttftMs: positive(promptDuration) ? promptDuration / 1e6 : undefined,
    source: 'ollama eval_count/eval_duration',
  };
}

const READERS: Record<Exclude<ServerTimingFormat, 'none'>, Reader> = {
  'llama-cpp': llamaCpp,
  groq,
  cerebras,
  sambanova,
  fireworks,
  ollama,
};

/**
 * Collects server figures over a stream. Every known format is looked for (a custom
 * endpoint may be any server); the endpoint's own format wins when several appear.
 */
export class ServerTimingCollector {
  private readonly found = new Map<string, ServerSpeed>();
  private readonly chunks: Json[] = [];

  constructor(private readonly preferred: ServerTimingFormat = 'none') {}

  /** Keeps only chunks that may hold timing fields (usually the last one or two). */
  observe(raw: unknown): void {
    if (!isObject(raw)) return;
    if (raw.timings || raw.x_groq || raw.time_info || raw.perf_metrics || raw.usage || raw.eval_count !== undefined) {
      this.chunks.push(raw);
      if (this.chunks.length > 4) this.chunks.shift();
    }
  }

  result(completionTokens: number | undefined): ServerSpeed | null {
    this.found.clear();
    for (const chunk of this.chunks) {
      for (const [format, read] of Object.entries(READERS)) {
        const speed = read(chunk, completionTokens);
        const earlier = this.found.get(format);
        // Later chunks win, except that Groq's x_groq.usage beats its repeat in a bare usage chunk.
        if (speed && !(earlier && SPECIFIC(earlier) && !SPECIFIC(speed))) this.found.set(format, speed);
      }
    }
    if (this.preferred !== 'none' && this.found.has(this.preferred)) return this.found.get(this.preferred) ?? null;
    // Groq-style `usage.completion_time` is more specific than SambaNova's rate fields, and
    // any explicit timing object beats both.
    for (const format of ['llama-cpp', 'cerebras', 'fireworks', 'ollama', 'groq', 'sambanova']) {
      const speed = this.found.get(format);
      if (speed) return speed;
    }
    return null;
  }
}

/**
 * How much of the prompt the server took from its prefix cache: llama.cpp `timings.cache_n` of
 * `cache_n + prompt_n`, OpenAI-style `usage.prompt_tokens_details.cached_tokens`, DeepSeek's
 * `usage.prompt_cache_hit_tokens`, Fireworks' `perf_metrics.cached-prompt-tokens`.
 */
export function readPromptCache(raw: unknown): PromptCacheReading | undefined {
  if (!isObject(raw)) return undefined;
  const t = isObject(raw.timings) ? raw.timings : undefined;
  const promptN = num(t?.prompt_n);
  const cacheN = num(t?.cache_n);
  if (promptN !== undefined && cacheN !== undefined && promptN + cacheN > 0) return { promptTokens: promptN + cacheN, cachedTokens: cacheN };
  const u = isObject(raw.usage) ? raw.usage : undefined;
  const promptTokens = num(u?.prompt_tokens);
  if (!u || !positive(promptTokens)) return undefined;
  const details = isObject(u.prompt_tokens_details) ? u.prompt_tokens_details : undefined;
  const perf = isObject(raw.perf_metrics) ? raw.perf_metrics : undefined;
  const cached = num(details?.cached_tokens) ?? num(u.prompt_cache_hit_tokens) ?? num(perf?.['cached-prompt-tokens']);
  return cached === undefined ? undefined : { promptTokens, cachedTokens: Math.min(cached, promptTokens) };
}

/** The llama.cpp figure carried by one event (`timings_per_token` puts one on every event), for live display. */
export function eventServerSpeed(raw: unknown): ServerSpeed | undefined {
  return isObject(raw) ? llamaCpp(raw) : undefined;
}

/**
 * Request fields that make a provider send its timing figures: Fireworks only sends them on
 * request; llama.cpp sends `timings` on every event with `timings_per_token`, not only the last
 * one, so a completion closed early (a stop rule, a superseding key) still has the server's figure.
 */
export function timingRequestParams(format: ServerTimingFormat): Record<string, unknown> {
  if (format === 'fireworks') return { perf_metrics_in_response: true };
  if (format === 'llama-cpp') return { timings_per_token: true };
  return {};
}
