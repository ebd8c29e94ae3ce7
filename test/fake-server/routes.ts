// Route table and the checks real servers make before generating: which
// routes exist, unsupported parameters, unknown models. Then the answer is
// streamed or sent whole.
import type { Exchange } from './exchange';
import { sendError } from './errors';
import type { AnswerContext } from './flavours';
import { generate, type Generation, type RouteKind } from './generate';
import { promptTokenList, type CacheLease, type PromptCache } from './promptCache';
import { runNonStream } from './non-stream';
import { planPrediction, predictionText, runPredictedStream } from './prediction';
import { runReplay } from './replay';
import { createShape } from './shapes';
import { runStream } from './stream';
import type { FakeServerOptions, FaultSpec } from './types';

export type Route = RouteKind | 'models' | 'health' | 'props';

/** Accepts paths with or without the /v1 prefix (and DeepSeek's /beta), as clients build them from a base URL. */
export function resolveRoute(method: string, path: string): Route | null {
  const p = path.replace(/\/+$/, '').replace(/^\/(v1|beta)(?=\/)/, '');
  if (method === 'GET' && p === '/models') return 'models';
  if (method === 'GET' && p === '/health') return 'health';
  if (method === 'GET' && p === '/props') return 'props';
  if (method !== 'POST') return null;
  if (p === '/chat/completions') return 'chat';
  if (p === '/completions') return 'completions';
  if (p === '/infill') return 'infill';
  if (p === '/fim/completions') return 'fim';
  return null;
}

export function isGenerationRoute(route: Route | null): route is RouteKind {
  return route === 'chat' || route === 'completions' || route === 'infill' || route === 'fim';
}

let nextAnswerId = 1;

export function handleRoute(
  ex: Exchange, route: Route, body: unknown, options: FakeServerOptions, fault: FaultSpec | undefined, receivedPerf: number, cache?: PromptCache,
): void {
  if (route === 'models') {
    ex.respond(200, {
      object: 'list',
      data: options.models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake-server' })),
    });
    return;
  }
  if (route === 'health') {
    ex.respond(200, { status: 'ok' });
    return;
  }
  if (route === 'props') {
    // llama-server's /props: the context per slot and the number of slots.
    const slots = options.promptCache?.kind === 'slots' ? options.promptCache.slots ?? 4 : 1;
    ex.respond(200, { default_generation_settings: { n_ctx: options.contextTokens }, total_slots: slots, model_path: 'fake.gguf' });
    return;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    sendError(ex, 400, 'The request body must be a JSON object.');
    return;
  }
  const json = body as Record<string, unknown>;
  if (rejected(ex, route, json, options)) return;

  const model = typeof json.model === 'string' && json.model ? json.model : options.models[0] ?? 'fake-coder';
  if (options.replay && route !== 'infill') {
    runReplay(ex, options.replay.file, options.replay.pace, options.ttftMs, options.tokensPerSecond, receivedPerf);
    return;
  }
  const generation = generate(options.response, route, json, options.flavour);
  const begin = (lease: CacheLease | undefined, prompt: string[] | undefined, startPerf: number) => {
    if (ex.finished) return lease?.release([]);
    if (lease && prompt) {
      generation.promptTokens = prompt.length;
      ex.record.slot = lease.slot;
      ex.record.cachedTokens = lease.cachedTokens;
      ex.record.promptTokens = prompt.length;
      ex.onFinish(() => {
        const left = ex.record.clientClosedAt !== undefined && !ex.record.completed;
        // llama-server notices a closed connection only at its next decode step.
        const noticeMs = left ? options.abortNoticeMs ?? 1000 / options.tokensPerSecond : 0;
        lease.release(generation.tokens.slice(0, ex.record.tokensSent).map((t) => t.text), noticeMs);
        if (left) ex.record.closeNoticedAt = (ex.record.clientClosedAt ?? 0) + noticeMs;
      });
    }
    const cachedTokens = lease?.cachedTokens ?? 0;
    // Prompt processing: every token not taken from the cache costs its time before the first token.
    const ttftMs = options.ttftMs + Math.max(0, generation.promptTokens - cachedTokens) * options.promptMsPerToken;
    answer(ex, route, json, options, fault, startPerf, generation, model, { ttftMs, cachedTokens });
  };
  if (!cache) return begin(undefined, undefined, receivedPerf);
  const prompt = promptTokenList(route, json);
  const slot = typeof json.id_slot === 'number' ? json.id_slot : undefined;
  cache.acquire(prompt, (lease) => begin(lease, prompt, Math.max(receivedPerf, performance.now())), slot);
}

function answer(
  ex: Exchange, route: RouteKind, json: Record<string, unknown>, options: FakeServerOptions, fault: FaultSpec | undefined,
  receivedPerf: number, generation: Generation, model: string, prompt: { ttftMs: number; cachedTokens: number },
): void {
  const n = nextAnswerId++;
  const ctx: AnswerContext = {
    route,
    flavour: options.flavour,
    model,
    id: answerId(options, route, n),
    created: Math.floor(Date.now() / 1000),
    generation,
    body: json,
    options,
    cachedTokens: prompt.cachedTokens,
  };
  const pacing = { ttftMs: prompt.ttftMs, tokensPerSecond: options.tokensPerSecond, tokensPerChunk: options.tokensPerChunk };
  if (json.stream !== true) {
    runNonStream(ex, ctx, pacing, fault, receivedPerf);
    return;
  }
  const prediction = options.predictedOutputs && route === 'chat' ? predictionText(json) : undefined;
  if (prediction !== undefined && options.predictedOutputs) {
    const plan = planPrediction(generation, prediction, options.tokensPerSecond, options.predictedOutputs.speedup);
    runPredictedStream(ex, ctx, pacing, plan, receivedPerf);
    return;
  }
  const keepAliveLine = options.flavour === 'openrouter' ? ': OPENROUTER PROCESSING' : ': keep-alive';
  runStream(
    ex,
    {
      ...pacing,
      shape: createShape(ctx),
      generation,
      cachedTokens: prompt.cachedTokens,
      sendDone: options.sendDone && route !== 'infill',
      headers: { 'x-request-id': ctx.id },
      ...(options.keepAliveComments ? { keepAlive: { line: keepAliveLine, intervalMs: options.keepAliveIntervalMs } } : {}),
      ...(fault ? { fault } : {}),
    },
    receivedPerf,
  );
}

function answerId(options: FakeServerOptions, route: RouteKind, n: number): string {
  if (options.flavour === 'openrouter') return `gen-${Math.floor(Date.now() / 1000)}-fake${n}`;
  return route === 'completions' ? `cmpl-fake${n}` : `chatcmpl-fake${n}`;
}

/** The 4xx/5xx a real server of this kind answers before generating; true when it answered. */
function rejected(ex: Exchange, route: RouteKind, body: Record<string, unknown>, o: FakeServerOptions): boolean {
  const caps = o.capabilities;
  if (route === 'completions' && !caps.completions) {
    sendError(ex, 404, 'Not found: this server has no /v1/completions route.', 'not_found');
    return true;
  }
  if (route === 'fim' && !caps.mistralFim) {
    sendError(ex, 404, 'Not found: this server has no /v1/fim/completions route.', 'not_found');
    return true;
  }
  if (route === 'infill' && caps.infill === '404') {
    sendError(ex, 404, 'File Not Found', 'not_found');
    return true;
  }
  if (route === 'infill' && caps.infill === '501') {
    // llama.cpp's answer when the model has no FIM tokens.
    ex.respond(501, { error: { code: 501, message: 'Infill is not supported by this model', type: 'not_supported_error' } });
    return true;
  }
  if (route === 'completions' && caps.suffix === 'reject' && typeof body.suffix === 'string' && body.suffix.length > 0) {
    sendError(ex, 400, 'suffix is not currently supported', 'invalid_request');
    return true;
  }
  if (caps.streamOptions === 'reject' && body.stream_options !== undefined) {
    sendError(ex, 400, 'Unrecognized request argument supplied: stream_options', 'invalid_request');
    return true;
  }
  if (o.strictModels && typeof body.model === 'string' && !o.models.includes(body.model)) {
    sendError(ex, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`, 'model_not_found');
    return true;
  }
  return false;
}
