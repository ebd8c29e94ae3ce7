// What each provider adds to an OpenAI-shaped answer: where usage goes, which
// timing object it carries, and small per-chunk differences, as seen in the
// recordings in ../shared/provider-streams and the providers' documentation.
import type { Generation, RouteKind } from './generate';
import {
  cerebrasTimeInfo, fireworksPerfMetrics, groqUsage, llamaCppTimings, sambanovaUsageFields, type RunStats,
} from './timing';
import type { FakeServerOptions, Flavour } from './types';

type Json = Record<string, unknown>;

/** Where the usage object goes in a stream. */
type UsagePlacement =
  | 'separate' // an extra chunk with `choices: []` (OpenAI, llama.cpp, SambaNova, DeepSeek, Ollama, vLLM)
  | 'finish' // on the chunk that carries finish_reason (Cerebras, Fireworks, Mistral)
  | 'finish-and-separate' // both (Groq)
  | 'repeat-finish'; // a second finish chunk that adds usage (OpenRouter)

interface FlavourTraits {
  usageByDefault: boolean;
  placement: UsagePlacement;
  fingerprint?: string;
  /** Chunks carry `logprobs: null` in each choice. */
  logprobs: boolean;
  /** Every delta repeats `role: "assistant"` (OpenRouter, Ollama). */
  roleInEveryDelta: boolean;
  /** The first chunk of a chat stream only announces the role. */
  roleChunk: 'content-empty' | 'content-null' | 'none';
}

export const TRAITS: Record<Flavour, FlavourTraits> = {
  openai: { usageByDefault: false, placement: 'separate', fingerprint: 'fp_fake', logprobs: true, roleInEveryDelta: false, roleChunk: 'content-empty' },
  groq: { usageByDefault: true, placement: 'finish-and-separate', fingerprint: 'fp_fake', logprobs: true, roleInEveryDelta: false, roleChunk: 'content-empty' },
  cerebras: { usageByDefault: false, placement: 'finish', fingerprint: 'fp_fake', logprobs: false, roleInEveryDelta: false, roleChunk: 'content-empty' },
  sambanova: { usageByDefault: true, placement: 'separate', fingerprint: 'fastcoe', logprobs: true, roleInEveryDelta: false, roleChunk: 'content-empty' },
  fireworks: { usageByDefault: true, placement: 'finish', logprobs: false, roleInEveryDelta: false, roleChunk: 'content-empty' },
  openrouter: { usageByDefault: true, placement: 'repeat-finish', logprobs: false, roleInEveryDelta: true, roleChunk: 'none' },
  deepseek: { usageByDefault: false, placement: 'separate', fingerprint: 'fp_fake', logprobs: true, roleInEveryDelta: false, roleChunk: 'content-empty' },
  llamacpp: { usageByDefault: true, placement: 'separate', fingerprint: 'b0000-fake', logprobs: false, roleInEveryDelta: false, roleChunk: 'content-null' },
  ollama: { usageByDefault: false, placement: 'separate', fingerprint: 'fp_ollama', logprobs: false, roleInEveryDelta: true, roleChunk: 'none' },
  vllm: { usageByDefault: false, placement: 'separate', logprobs: true, roleInEveryDelta: false, roleChunk: 'content-empty' },
  mistral: { usageByDefault: true, placement: 'finish', logprobs: false, roleInEveryDelta: false, roleChunk: 'content-empty' },
};

export interface AnswerContext {
  route: RouteKind;
  flavour: Flavour;
  model: string;
  id: string;
  created: number;
  generation: Generation;
  body: Json;
  options: Pick<FakeServerOptions, 'usage' | 'serverTimings'>;
  /** Prompt tokens taken from the prefix cache (0 without one). */
  cachedTokens?: number;
}

export function usageAsked(body: Json): boolean {
  const so = body.stream_options as Json | undefined;
  return Boolean(so && typeof so === 'object' && so.include_usage === true);
}

/** Whether a stream carries usage: the option, the request, and what the real provider does. */
export function usageWanted(ctx: AnswerContext): boolean {
  if (ctx.options.usage === 'always') return true;
  if (ctx.options.usage === 'never') return false;
  return usageAsked(ctx.body) || TRAITS[ctx.flavour].usageByDefault;
}

export function usageObject(ctx: AnswerContext, s: RunStats, finishReason: string): Json {
  const usage: Json = {
    prompt_tokens: s.promptTokens,
    completion_tokens: s.completionTokens,
    total_tokens: s.promptTokens + s.completionTokens,
  };
  switch (ctx.flavour) {
    case 'openai':
    case 'deepseek':
    case 'openrouter':
      usage.prompt_tokens_details = { cached_tokens: s.cachedTokens ?? 0 };
      usage.completion_tokens_details = { reasoning_tokens: s.reasoningTokens };
      if (ctx.flavour === 'openrouter') Object.assign(usage, { cost: 0, is_byok: false });
      break;
    case 'groq':
      if (ctx.options.serverTimings) return groqUsage(s);
      break;
    case 'sambanova':
      if (ctx.options.serverTimings) Object.assign(usage, sambanovaUsageFields(s, finishReason));
      break;
    default:
      break;
  }
  return usage;
}

/** Timing objects added to the final chunk or the non-streamed body. */
export function timingExtras(ctx: AnswerContext, s: RunStats): Json {
  if (!ctx.options.serverTimings) return {};
  switch (ctx.flavour) {
    case 'llamacpp':
      return { timings: llamaCppTimings(s) };
    case 'cerebras':
      return { time_info: cerebrasTimeInfo(s) };
    case 'groq':
      return { x_groq: { id: groqRequestId(ctx), usage: groqUsage(s) } };
    case 'fireworks':
      return ctx.body.perf_metrics_in_response === true ? { perf_metrics: fireworksPerfMetrics(s) } : {};
    default:
      return {};
  }
}

export function groqRequestId(ctx: AnswerContext): string {
  return `req_fake${ctx.id.replace(/\W/g, '')}`;
}

/** The fields every chunk or body starts with, in the provider's order. */
export function envelope(ctx: AnswerContext, object: string): Json {
  const t = TRAITS[ctx.flavour];
  if (ctx.flavour === 'llamacpp') {
    // llama.cpp writes choices first; keep that order so raw-byte readers see what it sends.
    return { choices: [], created: ctx.created, id: ctx.id, model: ctx.model, system_fingerprint: t.fingerprint, object };
  }
  const head: Json = { id: ctx.id, object, created: ctx.created, model: ctx.model };
  if (ctx.flavour === 'openrouter') head.provider = 'FakeProvider';
  if (t.fingerprint) head.system_fingerprint = t.fingerprint;
  return head;
}

export function nonStreamBody(ctx: AnswerContext, s: RunStats, finishReason: string): Json {
  const content = ctx.generation.tokens.filter((t) => t.channel === 'content').map((t) => t.text).join('');
  const reasoning = ctx.generation.tokens.filter((t) => t.channel === 'reasoning').map((t) => t.text).join('');
  const chatLike = ctx.route === 'chat' || ctx.route === 'fim';
  const body = envelope(ctx, chatLike ? 'chat.completion' : 'text_completion');
  let choice: Json;
  if (chatLike) {
    const message: Json = { role: 'assistant', content };
    if (reasoning) message[ctx.generation.reasoningField] = reasoning;
    choice = { index: 0, message, finish_reason: finishReason };
  } else {
    choice = { text: content, index: 0, finish_reason: finishReason };
  }
  if (TRAITS[ctx.flavour].logprobs) choice.logprobs = null;
  body.choices = [choice];
  if (ctx.options.usage !== 'never') body.usage = usageObject(ctx, s, finishReason);
  return Object.assign(body, timingExtras(ctx, s));
}
