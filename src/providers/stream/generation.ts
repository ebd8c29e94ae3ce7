// Runs one streamed request: opens it, reads chunks into deltas, measures speed, enforces
// the first-token timeout, and settles `outcome` exactly once with one SpeedSample, whether
// the request succeeds, is aborted or fails. The stream is pumped eagerly, so `outcome`
// settles even when nobody iterates.
import type { Clock, Timers } from '../../shared/clock';
import type { Logger } from '../../shared/log';
import { ProviderError } from '../errors';
import type { EndpointConfig, FimTransportId, GenerationStream, PromptCacheReading, SpeedSample, StreamDelta, StreamObserver, StreamOutcome } from '../types';
import type { ToolCallCollector } from '../tools';
import { readChunk } from './chunks';
import { DeltaQueue } from './deltaQueue';
import { stallWatchdog, untilAborted } from './abortable';
import type { ContentPipeline } from './pipeline';
import { openWhenLoaded } from './loading';
import { LOAD_CHECK_AFTER_MS, type ModelLoadedProbe } from '../onDemandLoading';
import { eventServerSpeed, readPromptCache, ServerTimingCollector } from './serverTiming';
import { buildSpeedSample, ChunkTimeline, estimateStreamTokens } from './speed';

export interface OpenedStream {
  chunks: AsyncIterable<unknown>;
  pipeline: ContentPipeline;
  transport?: FimTransportId;
  /** The model actually requested, when it was resolved at open time (from /v1/models). */
  model?: string;
  /** Set when the request offered tools: gathers the calls the model makes. */
  toolCalls?: ToolCallCollector;
}

export interface GenerationOptions {
  requestId: number;
  kind: SpeedSample['kind'];
  model: string;
  /**
   * The profile names no model (the server picks): the sample is recorded under the model the
   * response names, else `resolvedModel()`, else the one resolved at open time, so one
   * provider's requests stay one series whether they succeed or fail.
   */
  modelFromServer?: boolean;
  /** The server's model as far as the client knows it (from earlier answers or /v1/models). */
  resolvedModel?: () => string | undefined;
  endpoint: EndpointConfig;
  clock: Clock;
  timers: Timers;
  signal: AbortSignal;
  /** FIM streams carry content only; chat streams carry reasoning too. */
  yieldReasoning: boolean;
  observer?: StreamObserver;
  logger?: Logger;
  /** Fails fast before any network use (the rate-limit gate). */
  preflight?: () => ProviderError | undefined;
  /** For servers that load models on demand: asked when the first token is late (see onDemandLoading.ts). */
  modelLoaded?: ModelLoadedProbe;
  open(signal: AbortSignal): Promise<OpenedStream>;
  toError(err: unknown): ProviderError;
  /** Adds what a person needs to fix the error (e.g. the model list); may use the network. */
  enrichError?(error: ProviderError): Promise<void>;
  /**
   * The max_tokens sent. A server that ignores it is cut off a margin past it (the count is
   * estimated from characters), so a runaway answer cannot grow without end.
   */
  maxTokens?: number;
}

/** Tokens an answer may reach before the request is closed: the limit asked for plus a quarter and 64. */
export function answerTokenCeiling(maxTokens: number): number {
  return Math.ceil(maxTokens * 1.25) + 64;
}

export function startGeneration(o: GenerationOptions): GenerationStream {
  const queue = new DeltaQueue();
  const internal = new AbortController();
  const state: RunState = { userAborted: false, timedOut: false, stalled: false };
  const onAbort = () => {
    state.userAborted = true;
    internal.abort();
  };
  if (o.signal.aborted) onAbort();
  else o.signal.addEventListener('abort', onAbort, { once: true });

  const outcome = run(o, queue, internal, state).finally(() => o.signal.removeEventListener('abort', onAbort));
  // The outcome is also delivered through iteration; nobody has to await both.
  outcome.catch(() => undefined);
  return {
    outcome,
    [Symbol.asyncIterator]: () => queue.iterator(onAbort),
  };
}

interface RunState {
  userAborted: boolean;
  /** No first token in time. */
  timedOut: boolean;
  /** The answer started, then nothing arrived for the stall timeout. */
  stalled: boolean;
}

/** Seconds for a message: whole seconds, or one decimal below ten. */
function seconds(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1000)) : String(Math.round(ms / 100) / 10);
}

async function run(o: GenerationOptions, queue: DeltaQueue, internal: AbortController, state: RunState): Promise<StreamOutcome> {
  const { clock, endpoint } = o;
  const startedAt = clock.now();
  const startedAtWall = Date.now();
  // A failing listener (the speed display) must not break the request it watches.
  const notify = (call: (observer: StreamObserver) => void) => {
    if (!o.observer) return;
    try {
      call(o.observer);
    } catch (err) {
      o.logger?.error(`Speed observer failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  notify((ob) => ob.onStart?.({ profileId: endpoint.profileId, providerName: endpoint.providerName, model: o.model, kind: o.kind, requestId: o.requestId }));

  const timeline = new ChunkTimeline();
  const timing = new ServerTimingCollector(endpoint.serverTiming);
  let completionTokens: number | undefined;
  let promptTokens: number | undefined;
  let prediction: StreamOutcome['prediction'];
  let finishReason: string | null = null;
  let text = '';
  let reasoning = '';
  let transport: FimTransportId | undefined;
  let caught: unknown;
  let completed = false;
  /** Closed by us past the token ceiling: a complete answer, not a failure. */
  let cutOff = false;
  let model = o.model;
  /** The model named by the response, when the server picked it. */
  let answeredBy: string | undefined;
  let promptCache: PromptCacheReading | undefined;
  let liveServerRate: number | undefined;
  let toolCalls: ToolCallCollector | undefined;

  const emit = (delta: StreamDelta) => {
    if (delta.kind === 'content') text += delta.text;
    else reasoning += delta.text;
    if (delta.kind === 'content' || o.yieldReasoning) queue.push(delta);
  };
  const ttftTimer = o.timers.setTimeout(() => {
    if (timeline.firstAt !== null) return;
    state.timedOut = true;
    internal.abort();
  }, endpoint.firstTokenTimeoutMs);
  // A server loading the model on demand holds the request open: once the first token is late, ask it.
  const loadCheck = o.modelLoaded && !o.modelFromServer ? o.modelLoaded : undefined;
  const loadCheckTimer = loadCheck && o.timers.setTimeout(() => {
    if (timeline.firstAt !== null || internal.signal.aborted) return;
    void loadCheck(model, internal.signal).then((loaded) => {
      if (loaded !== false || timeline.firstAt !== null || internal.signal.aborted) return;
      o.logger?.info(`${endpoint.providerName} is loading ${model}; ${o.kind} waits for it.`);
      notify((ob) => ob.onLoading?.({ requestId: o.requestId, waitMs: LOAD_CHECK_AFTER_MS }));
    }, () => undefined);
  }, LOAD_CHECK_AFTER_MS);
  // Once the answer has started, a server that goes quiet must not leave it open forever.
  const stallMs = endpoint.stallTimeoutMs ?? endpoint.firstTokenTimeoutMs;
  const stall = stallWatchdog(clock, o.timers, stallMs, () => {
    state.stalled = true;
    internal.abort();
  });

  try {
    const refused = o.preflight?.();
    if (refused) throw refused;
    if (!state.userAborted) {
      const opened = await openWhenLoaded((signal) => o.open(signal), (err) => o.toError(err), o.timers, internal.signal, (attempt, waitMs) => {
        if (attempt === 0) o.logger?.info(`${endpoint.providerName} is loading its model; ${o.kind} waits for it.`);
        notify((ob) => ob.onLoading?.({ requestId: o.requestId, waitMs }));
      });
      transport = opened.transport;
      if (opened.model) model = opened.model;
      toolCalls = opened.toolCalls;
      for await (const raw of untilAborted(opened.chunks, internal.signal)) {
        const now = clock.now();
        if (timeline.firstAt !== null) stall.touch(now);
        timing.observe(raw);
        promptCache = readPromptCache(raw) ?? promptCache;
        liveServerRate = eventServerSpeed(raw)?.tokensPerSecond ?? liveServerRate;
        const chunk = readChunk(raw);
        if (o.modelFromServer && chunk.model !== undefined) answeredBy = chunk.model;
        if (chunk.usage?.completionTokens !== undefined) completionTokens = chunk.usage.completionTokens;
        if (chunk.usage?.promptTokens !== undefined) promptTokens = chunk.usage.promptTokens;
        if (chunk.usage?.acceptedPredictionTokens !== undefined || chunk.usage?.rejectedPredictionTokens !== undefined) {
          prediction = { accepted: chunk.usage.acceptedPredictionTokens ?? 0, rejected: chunk.usage.rejectedPredictionTokens ?? 0 };
        }
        if (chunk.finishReason) finishReason = chunk.finishReason;
        // A tool call's arguments are generated tokens too: they count for the first token and the speed.
        const chars = chunk.content.length + chunk.reasoning.length + (toolCalls?.observe(raw) ?? 0);
        if (chars === 0) continue;
        if (timeline.firstAt === null) {
          ttftTimer.cancel();
          stall.touch(now);
        }
        timeline.add(now, chars);
        if (chunk.reasoning) emit({ kind: 'reasoning', text: chunk.reasoning });
        if (chunk.content) opened.pipeline.push(chunk.content).forEach(emit);
        notify((ob) =>
          ob.onProgress?.({
            requestId: o.requestId,
            tokens: estimateStreamTokens(timeline.totalChars, timeline.count),
            chars: timeline.totalChars,
            elapsedMs: now - startedAt,
            ttftMs: (timeline.firstAt ?? now) - startedAt,
            ...(liveServerRate !== undefined ? { serverTokensPerSecond: liveServerRate } : {}),
          }),
        );
        if (opened.pipeline.finished) {
          // The answer is complete (a stop string or the end of the filled hole): stop
          // paying for tokens nobody will read.
          finishReason = 'stop';
          internal.abort();
          break;
        }
        const tokens = Math.max(completionTokens ?? 0, estimateStreamTokens(timeline.totalChars, timeline.count));
        if (o.maxTokens !== undefined && tokens > answerTokenCeiling(o.maxTokens)) {
          o.logger?.warn(`${o.kind} ${endpoint.profileId}/${model}: the server kept sending past max_tokens ${o.maxTokens}; the answer was closed at about ${tokens} tokens.`);
          finishReason = 'length';
          cutOff = true;
          internal.abort();
          break;
        }
      }
      if (!internal.signal.aborted || opened.pipeline.finished || cutOff) {
        opened.pipeline.end().forEach(emit);
        completed = true;
      }
    }
  } catch (err) {
    caught = err;
  } finally {
    ttftTimer.cancel();
    loadCheckTimer?.cancel();
    stall.cancel();
  }

  let error: ProviderError | undefined;
  if (state.timedOut) {
    error = new ProviderError({
      kind: 'timeout',
      message: `No first token from ${endpoint.providerName} (${model}) within ${seconds(endpoint.firstTokenTimeoutMs)} s.`,
    });
  } else if (state.stalled && !state.userAborted && !completed) {
    error = new ProviderError({
      kind: 'timeout',
      message: `${endpoint.providerName} (${model}) stopped sending: nothing arrived for ${seconds(stallMs)} s after ${text.length + reasoning.length} characters.`,
    });
  } else if (caught !== undefined && !state.userAborted) {
    error = o.toError(caught);
  } else if (!completed && !state.userAborted && caught === undefined && internal.signal.aborted) {
    error = o.toError(new Error('aborted'));
  }
  const aborted = error === undefined && state.userAborted && !completed;
  if (o.modelFromServer) model = answeredBy ?? o.resolvedModel?.() ?? model;

  const server = timing.result(completionTokens);
  const sample = buildSpeedSample({
    profileId: endpoint.profileId,
    providerName: endpoint.providerName,
    model,
    kind: o.kind,
    startedAtWall,
    startedAt,
    endedAt: clock.now(),
    timeline,
    serverCompletionTokens: completionTokens,
    promptTokens,
    server,
    ...(promptCache ? { promptCache } : {}),
    aborted,
    error: error?.kind,
  });

  if (error) {
    if (o.enrichError) await o.enrichError(error).catch(() => undefined);
    error.sample = sample;
    o.logger?.warn(`${o.kind} ${endpoint.profileId}/${model} failed after ${Math.round(sample.totalMs)} ms: ${error.kind}: ${error.message}`);
    notify((ob) => ob.onEnd?.({ requestId: o.requestId, sample }));
    queue.close(error);
    throw error;
  }
  o.logger?.debug(
    `${o.kind} ${endpoint.profileId}/${model}${transport ? ` via ${transport}` : ''}: ${aborted ? 'aborted' : finishReason ?? 'done'}, ` +
      `ttft ${sample.ttftMs === null ? '-' : Math.round(sample.ttftMs)} ms, ${sample.completionTokens}${sample.tokensEstimated ? '~' : ''} tokens in ${Math.round(sample.totalMs)} ms`,
  );
  notify((ob) => ob.onEnd?.({ requestId: o.requestId, sample }));
  queue.close();
  const calls = completed ? toolCalls?.result(o.requestId) ?? [] : [];
  return {
    text, reasoning, finishReason, aborted, sample,
    ...(transport ? { transport } : {}), ...(prediction ? { prediction } : {}), ...(calls.length > 0 ? { toolCalls: calls } : {}),
  };
}
