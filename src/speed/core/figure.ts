// The one decode figure the status bar and the dashboard show for a provider and model.
// A client-side rate over a completion of a few tokens measures how the stream was chunked,
// not the endpoint, so the figure is pooled: the server's own figures when the provider
// sends them, otherwise the client's decode tokens and times of recent requests, added up
// (sum of tokens ÷ sum of time), never one short request alone.
import type { SpeedSample } from '../../providers/types';
import { groupThousands } from './format';

export type FigureBasis = 'server' | 'client';

export interface SpeedFigure {
  tokensPerSecond: number;
  /** Pooled from the server's own figures, or from what the client measured. */
  basis: FigureBasis;
  /** Where a server figure comes from (e.g. "llama.cpp timings (predicted_n − 1)/predicted_ms"). */
  serverSource?: string;
  /** Decode tokens behind the figure. */
  tokens: number;
  /** Requests pooled. */
  requests: number;
}

export interface FigureOptions {
  /** Requests pooled at most. */
  maxRequests: number;
  /** Pooling stops once this many decode tokens are in. */
  enoughTokens: number;
  /** A client figure needs at least this many decode tokens behind it... */
  minClientTokens: number;
  /** ...from at least this many requests, or one request with twice the tokens. */
  minClientRequests: number;
}

export const DEFAULT_FIGURE_OPTIONS: FigureOptions = {
  maxRequests: 20,
  enoughTokens: 2000,
  minClientTokens: 40,
  minClientRequests: 3,
};

interface Decode {
  tokens: number;
  ms: number;
}

/** The server's decode tokens and time for a sample; the rate over the answer's tokens when it gives no more. */
export function serverDecode(sample: SpeedSample): Decode | undefined {
  const server = sample.server;
  if (!server || !(server.tokensPerSecond > 0)) return undefined;
  if (server.decodeTokens !== undefined && server.decodeMs !== undefined && server.decodeTokens > 0 && server.decodeMs > 0) {
    return { tokens: server.decodeTokens, ms: server.decodeMs };
  }
  const tokens = Math.max(1, sample.completionTokens - 1);
  return { tokens, ms: (tokens * 1000) / server.tokensPerSecond };
}

/** The client's decode tokens and time for a sample (older records carry only the rate). */
export function clientDecode(sample: SpeedSample): Decode | undefined {
  if (sample.decode && sample.decode.tokens > 0 && sample.decode.ms > 0) return sample.decode;
  if (sample.tokensPerSecond === null || !(sample.tokensPerSecond > 0)) return undefined;
  const tokens = Math.max(1, sample.completionTokens - 1);
  return { tokens, ms: (tokens * 1000) / sample.tokensPerSecond };
}

const DECODE: Record<FigureBasis, (s: SpeedSample) => Decode | undefined> = { server: serverDecode, client: clientDecode };

/**
 * The figure for one provider+model from its samples (oldest first), over its latest
 * `maxRequests` requests that did not fail. The basis is the server when any of them carried a
 * server figure (a completion closed before the server said anything adds nothing); null when
 * nothing, or too little for a client figure, has been measured.
 */
export function speedFigure(samples: readonly SpeedSample[], options: FigureOptions = DEFAULT_FIGURE_OPTIONS): SpeedFigure | null {
  const recent = samples.filter((s) => s.error === undefined).slice(-options.maxRequests);
  const basis: FigureBasis | undefined = recent.some((s) => serverDecode(s))
    ? 'server'
    : recent.some((s) => clientDecode(s))
      ? 'client'
      : undefined;
  if (!basis) return null;
  let tokens = 0;
  let ms = 0;
  let requests = 0;
  let serverSource: string | undefined;
  for (let i = recent.length - 1; i >= 0 && tokens < options.enoughTokens; i--) {
    const sample = recent[i];
    const decode = DECODE[basis](sample);
    if (!decode) continue;
    if (basis === 'server') serverSource ??= sample.server?.source;
    tokens += decode.tokens;
    ms += decode.ms;
    requests += 1;
  }
  if (ms <= 0) return null;
  if (basis === 'client') {
    const enough = tokens >= options.minClientTokens && (requests >= options.minClientRequests || tokens >= 2 * options.minClientTokens);
    if (!enough) return null;
  }
  const figure: SpeedFigure = { tokensPerSecond: (tokens * 1000) / ms, basis, tokens, requests };
  if (serverSource !== undefined) figure.serverSource = serverSource;
  return figure;
}

/** The figure as it stood after each sample (same length as `samples`): what the dashboard charts. */
export function figureHistory(samples: readonly SpeedSample[], options: FigureOptions = DEFAULT_FIGURE_OPTIONS): (SpeedFigure | null)[] {
  return samples.map((_, i) => speedFigure(samples.slice(Math.max(0, i + 1 - options.maxRequests * 4), i + 1), options));
}

/** How the figure was made, for the tooltip: "server (llama.cpp …), 312 tokens over 20 requests". */
export function describeFigure(figure: SpeedFigure): string {
  const over = `${groupThousands(figure.tokens)} tokens over ${figure.requests} request${figure.requests === 1 ? '' : 's'}`;
  return figure.basis === 'server' ? `the server's own figure, ${over}` : `measured here, ${over}`;
}

/** The share of the prompt the server took from its cache over recent requests, or null when it never said. */
export function promptCacheShare(samples: readonly SpeedSample[], maxRequests = DEFAULT_FIGURE_OPTIONS.maxRequests): { share: number; requests: number } | null {
  let prompt = 0;
  let cached = 0;
  let requests = 0;
  for (let i = samples.length - 1; i >= 0 && requests < maxRequests; i--) {
    const reading = samples[i].promptCache;
    if (!reading || samples[i].error !== undefined) continue;
    prompt += reading.promptTokens;
    cached += reading.cachedTokens;
    requests += 1;
  }
  return prompt > 0 ? { share: cached / prompt, requests } : null;
}
