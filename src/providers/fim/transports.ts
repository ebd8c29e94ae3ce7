// One function per FIM transport. Each opens a streamed request (resolving once the
// response headers arrived) and says how its content must be filtered.
import type OpenAI from 'openai';
import type { Stream } from 'openai/streaming';
import { ProviderError } from '../errors';
import { ContentPipeline } from '../stream/pipeline';
import { timingRequestParams } from '../stream/serverTiming';
import type { OpenedStream } from '../stream/generation';
import { FilterChain, StopFilter } from '../stream/textFilters';
import type { EndpointConfig, FimRequest, FimTransportId } from '../types';
import { FIM_END_OF_TEXT } from '../llamaCpp';
import { buildHolePrompt, CLOSE_TAG, HoleAnswerCleaner } from './chatHole';
import { mergeStops, type FimTemplate } from './templates';
import type { StreamOptionsPolicy } from '../streamOptions';

/** OpenAI caps `stop` at four strings and several compatible servers copy the cap. */
const MAX_SENT_STOPS = 4;

export interface TransportContext {
  client: OpenAI;
  /** Client for the FIM base URL when it differs from the chat one (DeepSeek's /beta). */
  fimClient: OpenAI;
  endpoint: EndpointConfig;
  model: string;
  template?: FimTemplate;
  streamOptions: StreamOptionsPolicy;
}

/** llama.cpp serves /infill at the server root, next to /v1. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

function temperature(ctx: TransportContext, req: FimRequest): number {
  return req.temperature ?? ctx.endpoint.temperature;
}

async function completionsStream(ctx: TransportContext, body: Record<string, unknown>, signal: AbortSignal): Promise<AsyncIterable<unknown>> {
  return ctx.streamOptions.run((usage) =>
    ctx.fimClient.completions.create(
      {
        ...(body as unknown as OpenAI.CompletionCreateParamsStreaming),
        stream: true,
        ...(usage ? { stream_options: { include_usage: true } } : {}),
        ...timingRequestParams(ctx.endpoint.serverTiming),
      },
      { signal },
    ),
  );
}

async function openCompletionsSuffix(ctx: TransportContext, req: FimRequest, signal: AbortSignal): Promise<OpenedStream> {
  const stops = mergeStops(req.stop, ctx.template?.stop ?? [], MAX_SENT_STOPS);
  const body = { model: ctx.model, prompt: req.prefix, suffix: req.suffix, max_tokens: req.maxTokens, temperature: temperature(ctx, req), ...(stops.sent.length ? { stop: stops.sent } : {}) };
  return {
    chunks: await completionsStream(ctx, body, signal),
    pipeline: new ContentPipeline({ thinkTags: false, filter: new StopFilter(stops.all) }),
    transport: 'completions-suffix',
  };
}

async function openRawTemplate(ctx: TransportContext, req: FimRequest, signal: AbortSignal): Promise<OpenedStream> {
  const template = ctx.template;
  if (!template) {
    throw new ProviderError({
      kind: 'bad-request',
      action: 'none',
      message: `No FIM template is known for "${ctx.model}". Set "fimTemplate" in the profile (qwen, codellama, deepseek, starcoder, codestral, codegemma).`,
    });
  }
  const stops = mergeStops(req.stop, template.stop, MAX_SENT_STOPS);
  const body = { model: ctx.model, prompt: template.build(req), max_tokens: req.maxTokens, temperature: temperature(ctx, req), stop: stops.sent };
  return {
    chunks: await completionsStream(ctx, body, signal),
    pipeline: new ContentPipeline({ thinkTags: false, filter: new StopFilter(stops.all) }),
    transport: 'raw-template',
  };
}

/** A plain prompt to /v1/completions, for models with their own prompt layout (next-edit models). */
export interface RawPromptRequest {
  prompt: string;
  maxTokens: number;
  stop: string[];
  temperature?: number;
}

export async function openRawPrompt(ctx: TransportContext, req: RawPromptRequest, signal: AbortSignal): Promise<OpenedStream> {
  const stops = mergeStops(req.stop, [], MAX_SENT_STOPS);
  const body = { model: ctx.model, prompt: req.prompt, max_tokens: req.maxTokens, temperature: req.temperature ?? ctx.endpoint.temperature, stop: stops.sent };
  return {
    chunks: await completionsStream(ctx, body, signal),
    pipeline: new ContentPipeline({ thinkTags: false, filter: new StopFilter(stops.all) }),
    transport: 'raw-template',
  };
}

async function openLlamaInfill(ctx: TransportContext, req: FimRequest, signal: AbortSignal): Promise<OpenedStream> {
  // The model's end-of-text tokens too: a GGUF that does not mark them as end of generation writes them as text.
  const stops = mergeStops(req.stop, FIM_END_OF_TEXT, Number.POSITIVE_INFINITY);
  const body = {
    input_prefix: req.prefix,
    input_suffix: req.suffix,
    input_extra: (req.extraContext ?? []).map((s) => ({ filename: s.filename, text: s.text })),
    prompt: '',
    n_predict: req.maxTokens,
    temperature: temperature(ctx, req),
    stop: stops.sent,
    stream: true,
    // Reuse the KV cache across keystrokes: only the changed tail is re-evaluated.
    cache_prompt: true,
    // timings on every event, so a completion closed before the last one keeps the server's figure.
    timings_per_token: true,
    // Every completion in the same slot: llama-server frees a cancelled request's slot only at its
    // next decode step, and a new request arriving meanwhile would go to another slot and process
    // its whole prompt again; asked for by id, it waits that step for the slot holding its cache.
    id_slot: 0,
  };
  // /infill is not an OpenAI route, but it streams `data: {json}` events, so the client's
  // generic post with `stream: true` parses it with the same SSE reader as the other routes.
  const chunks = await ctx.client.post<Stream<unknown>>(`${serverRoot(ctx.endpoint.baseUrl)}/infill`, { body, stream: true, signal });
  return { chunks, pipeline: new ContentPipeline({ thinkTags: false, filter: new StopFilter(stops.all) }), transport: 'llama-infill' };
}

async function openMistralFim(ctx: TransportContext, req: FimRequest, signal: AbortSignal): Promise<OpenedStream> {
  const stops = mergeStops(req.stop, [], MAX_SENT_STOPS);
  const body = {
    model: ctx.model,
    prompt: req.prefix,
    suffix: req.suffix,
    max_tokens: req.maxTokens,
    temperature: temperature(ctx, req),
    stream: true,
    ...(stops.sent.length ? { stop: stops.sent } : {}),
  };
  const chunks = await ctx.fimClient.post<Stream<unknown>>('/fim/completions', { body, stream: true, signal });
  return { chunks, pipeline: new ContentPipeline({ thinkTags: false, filter: new StopFilter(stops.all) }), transport: 'mistral-fim' };
}

async function openChatHole(ctx: TransportContext, req: FimRequest, signal: AbortSignal): Promise<OpenedStream> {
  const chunks = await ctx.streamOptions.run((usage) =>
    ctx.client.chat.completions.create(
      {
        model: ctx.model,
        messages: buildHolePrompt(req),
        max_tokens: req.maxTokens,
        temperature: temperature(ctx, req),
        stop: [CLOSE_TAG],
        stream: true,
        ...(usage ? { stream_options: { include_usage: true } } : {}),
        ...timingRequestParams(ctx.endpoint.serverTiming),
      },
      { signal },
    ),
  );
  const filter = new FilterChain([new HoleAnswerCleaner(req.prefix), new StopFilter(req.stop ?? [])]);
  return { chunks, pipeline: new ContentPipeline({ thinkTags: true, filter }), transport: 'chat' };
}

const OPENERS: Record<FimTransportId, (ctx: TransportContext, req: FimRequest, signal: AbortSignal) => Promise<OpenedStream>> = {
  'completions-suffix': openCompletionsSuffix,
  'raw-template': openRawTemplate,
  'llama-infill': openLlamaInfill,
  'mistral-fim': openMistralFim,
  chat: openChatHole,
};

export function openTransport(transport: FimTransportId, ctx: TransportContext, req: FimRequest, signal: AbortSignal): Promise<OpenedStream> {
  return OPENERS[transport](ctx, req, signal);
}

