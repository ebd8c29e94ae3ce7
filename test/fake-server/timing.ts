// Each provider's own speed fields, filled from what the fake server actually
// did: the time to first token is measured, the generation time is the token
// count at the configured rate (so llama.cpp predicted_per_second and Groq's
// completion_tokens/completion_time both equal tokensPerSecond).

export interface RunStats {
  promptTokens: number;
  /** Of the prompt, the tokens taken from the prefix cache (none without one). */
  cachedTokens?: number;
  /** Content + reasoning tokens written. */
  completionTokens: number;
  reasoningTokens: number;
  /** Request arrival to first token, measured (the planned value when no token was written). */
  ttftMs: number;
  tokensPerSecond: number;
  /** Epoch ms of the request's arrival and of the stream's end. */
  startEpochMs: number;
  endEpochMs: number;
}

/** Time spent producing the tokens: count / rate, or the measured span when the rate is unbounded. */
export function generationMs(s: RunStats): number {
  if (Number.isFinite(s.tokensPerSecond)) return (s.completionTokens / s.tokensPerSecond) * 1000;
  return Math.max(0, s.endEpochMs - s.startEpochMs - s.ttftMs);
}

function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count / ms) * 1000 : 0;
}

/**
 * llama.cpp `timings` (milliseconds), with llama-server's own definitions: predicted_ms runs from
 * the first generated token (so it spans predicted_n − 1 decode steps, and is 0.001 for one
 * token) and predicted_per_second is predicted_n ÷ predicted_ms, which overstates the rate for
 * short answers exactly as the real server does. prompt_n counts only the tokens processed, not
 * the cache_n taken from the slot's cache.
 */
export function llamaCppTimings(s: RunStats) {
  const n = s.completionTokens;
  const decodeMs = Number.isFinite(s.tokensPerSecond) ? (Math.max(0, n - 1) / s.tokensPerSecond) * 1000 : generationMs(s);
  const predictedMs = Math.max(0.001, decodeMs);
  const cached = s.cachedTokens ?? 0;
  const processed = Math.max(0, s.promptTokens - cached);
  return {
    cache_n: cached,
    prompt_n: processed,
    prompt_ms: s.ttftMs,
    prompt_per_token_ms: processed > 0 ? s.ttftMs / processed : 0,
    prompt_per_second: perSecond(processed, s.ttftMs),
    predicted_n: n,
    predicted_ms: predictedMs,
    predicted_per_token_ms: n > 0 ? predictedMs / n : 0,
    predicted_per_second: n > 0 ? perSecond(n, predictedMs) : 0,
  };
}

/** Groq `x_groq.usage` / `usage` (seconds). */
export function groqUsage(s: RunStats) {
  const promptTime = s.ttftMs / 1000;
  const completionTime = generationMs(s) / 1000;
  return {
    queue_time: 0,
    prompt_tokens: s.promptTokens,
    prompt_time: promptTime,
    completion_tokens: s.completionTokens,
    completion_time: completionTime,
    total_tokens: s.promptTokens + s.completionTokens,
    total_time: promptTime + completionTime,
  };
}

/** Cerebras `time_info` (seconds; `created` in epoch seconds). */
export function cerebrasTimeInfo(s: RunStats) {
  const promptTime = s.ttftMs / 1000;
  const completionTime = generationMs(s) / 1000;
  return {
    queue_time: 0,
    prompt_time: promptTime,
    completion_time: completionTime,
    total_time: promptTime + completionTime,
    created: s.startEpochMs / 1000,
  };
}

/** SambaNova's extra `usage` fields (seconds). The first token comes at ttft, the rest at the configured rate. */
export function sambanovaUsageFields(s: RunStats, stopReason: string) {
  const ttft = s.ttftMs / 1000;
  const afterFirst = s.completionTokens > 1 ? (generationMs({ ...s, completionTokens: s.completionTokens - 1 }) / 1000) : 0;
  const totalLatency = ttft + afterFirst;
  const rateAfterFirst = s.completionTokens > 1 ? (s.completionTokens - 1) / afterFirst : 0;
  return {
    completion_tokens_after_first_per_sec: rateAfterFirst,
    completion_tokens_after_first_per_sec_first_ten: rateAfterFirst,
    completion_tokens_per_sec: totalLatency > 0 ? s.completionTokens / totalLatency : 0,
    end_time: s.startEpochMs / 1000 + totalLatency,
    is_last_response: true,
    start_time: s.startEpochMs / 1000,
    stop_reason: stopReason,
    time_to_first_token: ttft,
    total_latency: totalLatency,
    total_tokens_per_sec: totalLatency > 0 ? (s.promptTokens + s.completionTokens) / totalLatency : 0,
  };
}

/** Fireworks `perf_metrics` (seconds), sent when the request sets perf_metrics_in_response. */
export function fireworksPerfMetrics(s: RunStats) {
  return {
    'prompt-tokens': s.promptTokens,
    'cached-prompt-tokens': 0,
    'server-time-to-first-token': s.ttftMs / 1000,
    'server-processing-time': (s.ttftMs + generationMs(s)) / 1000,
  };
}
