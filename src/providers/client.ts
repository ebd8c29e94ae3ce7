// The InferenceClient: one configured endpoint, streamed FIM and chat, model listing.
// All HTTP goes through the openai client built in openaiClient.ts.
import type OpenAI from 'openai';
import { systemClock, systemTimers, type Clock, type Timers } from '../shared/clock';
import { silentLogger, type Logger } from '../shared/log';
import { waitFor } from '../shared/wait';
import { fimCapabilityKey, MemoryCapabilityStore, type FimCapabilityStore } from './capabilities';
import { endpointSecrets, ProviderError, toProviderError } from './errors';
import { DEFAULT_FIM_ORDER, openFimAuto } from './fim/auto';
import { FIM_TEMPLATES, guessFimTemplate } from './fim/templates';
import { openRawPrompt, openTransport, serverRoot, type RawPromptRequest, type TransportContext } from './fim/transports';
import { createOpenAIClient, splitBaseUrl } from './openaiClient';
import { cooldownFromResponse, type RateLimitGate } from './rateLimits';
import { startGeneration, type OpenedStream } from './stream/generation';
import { ContentPipeline } from './stream/pipeline';
import { boundedChatMaxTokens, CHAT_END_OF_TEXT, ServerContextSize } from './llamaCpp';
import { modelLoadedProbe, type ModelLoadedProbe } from './onDemandLoading';
import { readModelDetails, type ModelDetails } from './modelDetails';
import { preflightError } from './preflight';
import { isModelLoading } from './stream/loading';
import { timingRequestParams } from './stream/serverTiming';
import { streamOptionsPolicy } from './streamOptions';
import { ToolCallCollector, toWireMessages, toWireTools } from './tools';
import { SERVER_DEFAULT_MODEL, type ChatRequest, type EndpointConfig, type FimRequest, type GenerationStream, type SpeedSample, type StreamObserver } from './types';

export interface InferenceClientDeps {
  clock?: Clock;
  timers?: Timers;
  fetch?: typeof fetch;
  observer?: StreamObserver;
  capabilities?: FimCapabilityStore;
  rateLimits?: RateLimitGate;
  logger?: Logger;
}

export interface InferenceClient {
  readonly endpoint: EndpointConfig;
  /** Content deltas only; cleaned when the 'chat' transport serves the request. */
  streamFim(req: FimRequest, signal: AbortSignal): GenerationStream;
  streamChat(req: ChatRequest, signal: AbortSignal): GenerationStream;
  /** A raw prompt to the completion model's /v1/completions (prompt layouts of models trained for a task). */
  streamPrompt?(req: RawPromptRequest, signal: AbortSignal): GenerationStream;
  listModels(signal?: AbortSignal): Promise<string[]>;
  /** The models with the limits the server reports for them. */
  listModelDetails?(signal?: AbortSignal): Promise<ModelDetails[]>;
}

/** One transient failure before the first token is retried once for chat (never for FIM). */
const CHAT_RETRY_DELAY_MS = 500;
/** How long the model list may take when it is fetched to explain a 404. */
const MODEL_LIST_TIMEOUT_MS = 5000;
/** Observers see ids unique across every client in the process. */
let nextRequestId = 1;

function isTransient(err: unknown): boolean {
  const status = (err as { status?: unknown }).status;
  if (status === 502 || status === 503 || status === 504) return true;
  const name = (err as { constructor?: { name?: string } })?.constructor?.name;
  if (name !== 'APIConnectionError') return false;
  // undici nests the socket error: APIConnectionError → TypeError "fetch failed" → SocketError.
  let cause = (err as { cause?: unknown }).cause;
  for (let depth = 0; depth < 4 && cause !== undefined && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || /ECONNRESET|socket|terminated|other side closed/i.test(String(cause))) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

class EndpointClient implements InferenceClient {
  private readonly openai: OpenAI;
  private fimOpenai?: OpenAI;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly logger: Logger;
  private readonly capabilities: FimCapabilityStore;
  private readonly noStreamOptions = new Set<string>();
  private serverModel?: Promise<string>;
  /** The model the server uses when the profile names none: what it answered with last, else the first it lists. */
  private serverModelName?: string;
  private contextSize?: ServerContextSize;
  private readonly modelLoaded: ModelLoadedProbe | undefined;
  private readonly getJson = (url: string, signal: AbortSignal) => this.openai.get<unknown>(url, { signal, maxRetries: 0 }).catch(() => undefined);

  constructor(
    readonly endpoint: EndpointConfig,
    private readonly deps: InferenceClientDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.timers = deps.timers ?? systemTimers;
    this.logger = deps.logger ?? silentLogger;
    this.capabilities = deps.capabilities ?? new MemoryCapabilityStore();
    this.openai = createOpenAIClient(endpoint, {
      fetch: deps.fetch,
      onResponse: (status, headers) => {
        const ms = deps.rateLimits?.observe(endpoint.profileId, status, headers, endpoint.rateLimitStyle ?? 'openai');
        if (ms !== undefined) this.logger.info(`${endpoint.profileId}: rate limited, cooling down for ${Math.ceil(ms / 1000)} s.`);
      },
    });
    this.modelLoaded = modelLoadedProbe(endpoint.presetId, serverRoot(endpoint.baseUrl), this.getJson);
  }

  streamFim(req: FimRequest, signal: AbortSignal): GenerationStream {
    return this.start('completion', this.endpoint.completionModel, false, signal, undefined, async (s) => {
      const model = await this.model(this.endpoint.completionModel, s);
      const ctx = this.transportContext(model);
      if (this.endpoint.fimTransport !== 'auto') return { ...(await openTransport(this.endpoint.fimTransport, ctx, req, s)), model };
      const opened = await openFimAuto(
        {
          ...ctx,
          order: this.endpoint.fimOrder ?? DEFAULT_FIM_ORDER,
          capabilities: this.capabilities,
          capabilityKey: fimCapabilityKey(this.endpoint.baseUrl, model),
          logger: this.logger,
        },
        req,
        s,
      );
      return { ...opened, model };
    });
  }

  streamPrompt(req: RawPromptRequest, signal: AbortSignal): GenerationStream {
    return this.start('completion', this.endpoint.completionModel, false, signal, req.maxTokens, async (s) => {
      const model = await this.model(this.endpoint.completionModel, s);
      return { ...(await openRawPrompt(this.transportContext(model), req, s)), model };
    });
  }

  streamChat(req: ChatRequest, signal: AbortSignal): GenerationStream {
    const configured = req.model ?? this.endpoint.chatModel;
    const maxTokens = req.maxTokens ?? this.endpoint.chatMaxTokens;
    return this.start('chat', configured, true, signal, maxTokens, async (s) => {
      const model = await this.model(configured, s);
      const policy = this.streamOptions(model, s);
      const llama = await this.llamaCppChatParams(req.maxTokens ?? this.endpoint.chatMaxTokens, s);
      const attempt = () =>
        policy.run((usage) =>
          this.openai.chat.completions.create(
            {
              model,
              messages: toWireMessages(req.messages),
              ...(req.tools && req.tools.length > 0 ? { tools: toWireTools(req.tools), tool_choice: req.toolChoice ?? 'auto' } : {}),
              max_tokens: maxTokens,
              temperature: req.temperature ?? this.endpoint.temperature,
              stream: true,
              ...(usage ? { stream_options: { include_usage: true } } : {}),
              ...(req.prediction !== undefined ? { prediction: { type: 'content' as const, content: req.prediction } } : {}),
              ...timingRequestParams(this.endpoint.serverTiming),
              ...llama,
            },
            { signal: s },
          ),
        );
      let chunks: AsyncIterable<unknown>;
      try {
        chunks = await attempt();
      } catch (err) {
        // A server loading its model is waited for by the stream runner, on its own schedule.
        if (s.aborted || !isTransient(err) || isModelLoading(this.toError(err, model))) throw err;
        this.logger.info(`chat ${this.endpoint.profileId}: ${String((err as Error).message)}; retrying once.`);
        await waitFor(this.timers, CHAT_RETRY_DELAY_MS, s);
        chunks = await attempt();
      }
      return { chunks, pipeline: new ContentPipeline({ thinkTags: true }), model, ...(req.tools?.length ? { toolCalls: new ToolCallCollector() } : {}) };
    });
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    return (await this.listModelDetails(signal)).map((m) => m.id);
  }

  async listModelDetails(signal?: AbortSignal): Promise<ModelDetails[]> {
    try {
      const page = await this.openai.models.list({ signal });
      return page.data.map(readModelDetails).filter((m): m is ModelDetails => m !== undefined);
    } catch (err) {
      throw this.toError(err);
    }
  }

  private start(
    kind: SpeedSample['kind'],
    model: string,
    yieldReasoning: boolean,
    signal: AbortSignal,
    maxTokens: number | undefined,
    open: (signal: AbortSignal) => Promise<OpenedStream>,
  ): GenerationStream {
    const stream = startGeneration({
      requestId: nextRequestId++,
      kind,
      model: model || this.serverModelName || SERVER_DEFAULT_MODEL,
      modelFromServer: !model,
      resolvedModel: () => this.serverModelName,
      endpoint: this.endpoint,
      clock: this.clock,
      timers: this.timers,
      signal,
      yieldReasoning,
      observer: this.deps.observer,
      logger: this.logger,
      preflight: () => preflightError(this.endpoint, this.deps.rateLimits),
      modelLoaded: this.modelLoaded,
      open,
      toError: (err) => this.toError(err, model),
      enrichError: (error) => this.addModelList(error),
      maxTokens,
    });
    if (!model) {
      stream.outcome.then(
        (outcome) => this.rememberServerModel(outcome.sample.model),
        () => undefined,
      );
    }
    return stream;
  }

  private rememberServerModel(name: string): void {
    if (name !== SERVER_DEFAULT_MODEL) this.serverModelName = name;
  }

  /** For llama.cpp: stop at the end-of-text tokens, and max_tokens within half the server's context. */
  private async llamaCppChatParams(maxTokens: number, signal: AbortSignal): Promise<{ stop?: string[]; max_tokens?: number }> {
    if (this.endpoint.serverTiming !== 'llama-cpp') return {};
    this.contextSize ??= new ServerContextSize((signal) => this.getJson(`${serverRoot(this.endpoint.baseUrl)}/props`, signal));
    return { stop: CHAT_END_OF_TEXT, max_tokens: boundedChatMaxTokens(maxTokens, await this.contextSize.get(signal)) };
  }

  private transportContext(model: string): TransportContext {
    const configured = this.endpoint.fimTemplate;
    const templateId = configured !== 'auto' ? configured : guessFimTemplate(model);
    return {
      client: this.openai,
      fimClient: this.fimClient(),
      endpoint: this.endpoint,
      model,
      template: templateId ? FIM_TEMPLATES[templateId] : undefined,
      streamOptions: this.streamOptions(model),
    };
  }

  private fimClient(): OpenAI {
    const url = this.endpoint.fimBaseUrl;
    if (!url || url === this.endpoint.baseUrl) return this.openai;
    this.fimOpenai ??= this.openai.withOptions({ baseURL: splitBaseUrl(url).baseURL });
    return this.fimOpenai;
  }

  private streamOptions(model: string, signal?: AbortSignal) {
    return streamOptionsPolicy(
      fimCapabilityKey(this.endpoint.baseUrl, model),
      this.capabilities,
      this.noStreamOptions,
      () => signal?.aborted === true,
      this.logger,
    );
  }

  /** An empty model name means "whatever the server serves": the first of /v1/models. */
  private model(configured: string, signal: AbortSignal): Promise<string> {
    if (configured) return Promise.resolve(configured);
    this.serverModel ??= this.listModels(signal).then((models) => {
      if (models.length === 0) {
        throw new ProviderError({ kind: 'model-not-found', message: `${this.endpoint.providerName} lists no models; load one on the server or set the model in the profile.` });
      }
      this.serverModelName ??= models[0];
      return models[0];
    });
    this.serverModel.catch(() => (this.serverModel = undefined));
    return this.serverModel;
  }

  private toError(err: unknown, model = this.endpoint.chatModel): ProviderError {
    const error = toProviderError(err, {
      providerName: this.endpoint.providerName,
      baseUrl: this.endpoint.baseUrl,
      model: model || this.serverModelName || SERVER_DEFAULT_MODEL,
      secrets: endpointSecrets(this.endpoint),
      hasKey: Boolean(this.endpoint.apiKey),
    });
    if (error.kind === 'rate-limited' && error.retryAfterMs === undefined) {
      const gateMs = this.deps.rateLimits?.remainingMs(this.endpoint.profileId) ?? 0;
      const headers = (err as { headers?: unknown }).headers;
      error.retryAfterMs =
        gateMs > 0 ? gateMs : headers instanceof Headers ? cooldownFromResponse(429, headers, this.endpoint.rateLimitStyle ?? 'openai', Date.now()) : undefined;
    }
    return error;
  }

  private async addModelList(error: ProviderError): Promise<void> {
    if (error.kind !== 'model-not-found' || error.availableModels) return;
    const signal = AbortSignal.timeout(MODEL_LIST_TIMEOUT_MS);
    error.availableModels = await this.listModels(signal).catch(() => undefined);
  }
}

export function createInferenceClient(endpoint: EndpointConfig, deps: InferenceClientDeps = {}): InferenceClient {
  return new EndpointClient(endpoint, deps);
}
