// Client-side speed measurement with one definition for every provider (docs/providers.md,
// "How speed is measured"). Times come from the injected clock.
import { tokensForChars } from '../../shared/tokens';
import type { PromptCacheReading, ServerSpeed, SpeedSample } from '../types';

/**
 * Estimated tokens for streamed text when the server sends no usage: the shared
 * characters-per-token estimate, but never fewer than the number of chunks that carried
 * text (every such chunk holds at least one token).
 */
export function estimateStreamTokens(chars: number, textChunks: number): number {
  return Math.max(textChunks, tokensForChars(chars));
}

/** Arrival record of the chunks that carried content or reasoning text. */
export class ChunkTimeline {
  firstAt: number | null = null;
  lastAt: number | null = null;
  firstChars = 0;
  totalChars = 0;
  count = 0;

  add(at: number, chars: number): void {
    if (chars <= 0) return;
    if (this.firstAt === null) {
      this.firstAt = at;
      this.firstChars = chars;
    }
    this.lastAt = at;
    this.totalChars += chars;
    this.count += 1;
  }
}

/**
 * Decode tokens and time as the client saw them: the tokens that arrived after the first
 * chunk, and the time from the first chunk to the last. The first chunk's share of the
 * tokens is apportioned by characters (it may hold several tokens), rounded down to whole
 * tokens and at least one. Null when fewer than two
 * chunks carried text or no time passed between them.
 */
export function clientDecode(timeline: ChunkTimeline, completionTokens: number): { tokens: number; ms: number } | null {
  if (timeline.count < 2 || timeline.firstAt === null || timeline.lastAt === null) return null;
  const ms = timeline.lastAt - timeline.firstAt;
  if (ms <= 0 || timeline.totalChars <= 0) return null;
  // Whole tokens, at least one: a first chunk of one long token ("function") must not count as
  // two, which for a completion of a few tokens would take a large share off the decode tokens.
  const firstChunkTokens = Math.max(1, Math.floor(completionTokens * (timeline.firstChars / timeline.totalChars)));
  const after = completionTokens - firstChunkTokens;
  return after > 0 ? { tokens: after, ms } : null;
}

/** Decode tokens/second as the client saw it (see clientDecode). */
export function clientTokensPerSecond(timeline: ChunkTimeline, completionTokens: number): number | null {
  const decode = clientDecode(timeline, completionTokens);
  return decode ? (decode.tokens * 1000) / decode.ms : null;
}

export interface SampleInput {
  profileId: string;
  providerName: string;
  model: string;
  kind: SpeedSample['kind'];
  startedAtWall: number;
  startedAt: number;
  endedAt: number;
  timeline: ChunkTimeline;
  serverCompletionTokens?: number;
  promptTokens?: number;
  server: ServerSpeed | null;
  promptCache?: PromptCacheReading;
  aborted: boolean;
  error?: string;
}

export function buildSpeedSample(input: SampleInput): SpeedSample {
  const { timeline } = input;
  const estimated = input.serverCompletionTokens === undefined;
  const completionTokens = estimated ? (timeline.count === 0 ? 0 : estimateStreamTokens(timeline.totalChars, timeline.count)) : (input.serverCompletionTokens as number);
  const sample: SpeedSample = {
    profileId: input.profileId,
    providerName: input.providerName,
    model: input.model,
    kind: input.kind,
    startedAt: input.startedAtWall,
    ttftMs: timeline.firstAt === null ? null : timeline.firstAt - input.startedAt,
    totalMs: input.endedAt - input.startedAt,
    completionTokens,
    tokensEstimated: estimated,
    tokensPerSecond: null,
    server: input.server,
    aborted: input.aborted,
  };
  const decode = clientDecode(timeline, completionTokens);
  if (decode) {
    sample.tokensPerSecond = (decode.tokens * 1000) / decode.ms;
    sample.decode = decode;
  }
  if (input.promptCache) sample.promptCache = input.promptCache;
  if (input.promptTokens !== undefined) sample.promptTokens = input.promptTokens;
  if (input.error !== undefined) sample.error = input.error;
  return sample;
}
