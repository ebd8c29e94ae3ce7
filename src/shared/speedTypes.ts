// Speed figures as data: what one request measured, summaries and comparison results.
// Types only, shared by the provider layer, the speed feature and the dashboard webview.

/** The server's own speed figure, with where it came from. */
export interface ServerSpeed {
  /** Decode tokens/second as the server reports or implies it. */
  tokensPerSecond: number;
  /** Prompt processing tokens/second where reported. */
  promptTokensPerSecond?: number;
  /** Server-side time to first token / queue+prompt time where reported. */
  ttftMs?: number;
  /** e.g. "llama.cpp timings (predicted_n − 1)/predicted_ms", "groq x_groq.usage completion_tokens/completion_time". */
  source: string;
  /** Decode tokens and time behind the figure, where the server says, so figures of several requests can be pooled. */
  decodeTokens?: number;
  decodeMs?: number;
}

/** The server's report of how much of the prompt came from its prefix cache. */
export interface PromptCacheReading {
  /** The whole prompt, cached or not. */
  promptTokens: number;
  cachedTokens: number;
}

/** One record per request, the same definitions for every provider (see README "How speed is measured"). */
export interface SpeedSample {
  profileId: string;
  providerName: string;
  model: string;
  kind: 'completion' | 'chat';
  /** Wall-clock epoch ms when the request was sent. */
  startedAt: number;
  /** Request sent → first content or reasoning token received; null when none arrived. */
  ttftMs: number | null;
  /** Request sent → stream ended (or aborted). */
  totalMs: number;
  completionTokens: number;
  /** True when completionTokens is estimated from characters because the server sent no usage. */
  tokensEstimated: boolean;
  promptTokens?: number;
  /** Client-measured decode rate: tokens after the first chunk / time from first to last chunk. Null when too few tokens. */
  tokensPerSecond: number | null;
  /** The tokens and time behind `tokensPerSecond`, so several requests can be pooled into one figure. */
  decode?: { tokens: number; ms: number };
  /** What the server took from its prefix cache, when it said. */
  promptCache?: PromptCacheReading;
  server: ServerSpeed | null;
  aborted: boolean;
  /** ProviderError kind when the request failed. */
  error?: string;
}

/** The distribution of one figure over several requests. */
export interface FigureSummary {
  count: number;
  p50: number;
  p90: number;
  mean: number;
  min: number;
  max: number;
}

export type CompareKind = SpeedSample['kind'];

/** One failed run. */
export interface CompareFailure {
  profileId: string;
  kind: CompareKind;
  run: number;
  errorKind: string;
  message: string;
}

/** Figures for one provider and one kind of request. */
export interface CompareRow {
  profileId: string;
  providerName: string;
  model: string;
  kind: CompareKind;
  runs: number;
  failures: number;
  ttftMs: FigureSummary | null;
  tokensPerSecond: FigureSummary | null;
  serverTokensPerSecond: FigureSummary | null;
  totalMs: FigureSummary | null;
  completionTokens: FigureSummary | null;
}

export interface CompareResult {
  /** Epoch ms. */
  startedAt: number;
  finishedAt: number;
  runsPerProvider: number;
  cancelled: boolean;
  rows: CompareRow[];
  samples: SpeedSample[];
  failures: CompareFailure[];
}
