// Contracts between the provider layer and its consumers (completion engine,
// chat, speed display, CLI). Nothing here imports `vscode`.
import type { PromptCacheReading, ServerSpeed, SpeedSample } from '../shared/speedTypes';

export type { PromptCacheReading, ServerSpeed, SpeedSample };

/** How fill-in-the-middle requests reach the model. */
export type FimTransportId =
  | 'completions-suffix' // POST /v1/completions with `suffix`
  | 'llama-infill' // llama.cpp POST /infill
  | 'mistral-fim' // Mistral POST /v1/fim/completions
  | 'raw-template' // POST /v1/completions with the model family's FIM tokens in `prompt`
  | 'chat'; // chat "fill the hole" prompt, answer extracted and cleaned

/** Model families whose FIM prompt template and stop tokens are known. */
export type FimTemplateId = 'qwen' | 'codellama' | 'deepseek' | 'starcoder' | 'codestral' | 'codegemma';

/** Where a provider puts its own speed figures. */
export type ServerTimingFormat = 'llama-cpp' | 'groq' | 'cerebras' | 'sambanova' | 'fireworks' | 'ollama' | 'none';

/** How a provider writes its rate-limit reset headers; decides how bare numbers are read. */
export type RateLimitHeaderStyle =
  | 'openai' // x-ratelimit-reset-{requests,tokens}: durations like "6m0s", "12ms"
  | 'cerebras' // x-ratelimit-reset-{requests-day,tokens-minute}: seconds
  | 'openrouter' // X-RateLimit-Reset: epoch milliseconds
  | 'together' // x-ratelimit-reset: seconds
  | 'retry-after' // only Retry-After on 429
  | 'none';

/** Everything the provider layer needs to talk to one configured endpoint. */
export interface EndpointConfig {
  /** Settings profile id, e.g. "groq" or "work-vllm". */
  profileId: string;
  /** Short display name for the status bar, e.g. "Groq". */
  providerName: string;
  /** Preset the profile is based on, e.g. "groq", "llamacpp", "custom". */
  presetId: string;
  /** OpenAI-compatible base URL, normally ending in /v1. */
  baseUrl: string;
  /** Read from SecretStorage by the adapter; never logged. */
  apiKey?: string;
  /** Extra request headers from the profile. */
  headers: Record<string, string>;
  chatModel: string;
  completionModel: string;
  fimTransport: FimTransportId | 'auto';
  fimTemplate: FimTemplateId | 'auto';
  serverTiming: ServerTimingFormat;
  /** Auto mode tries these FIM transports in order (from the preset). */
  fimOrder?: FimTransportId[];
  /** Base URL for FIM routes when it differs from baseUrl (DeepSeek serves FIM under /beta). */
  fimBaseUrl?: string;
  /** How to read this provider's rate-limit headers. */
  rateLimitStyle?: RateLimitHeaderStyle;
  /** The provider needs a key: without one, requests fail before touching the network. */
  requiresKey?: boolean;
  /** Give up when no first token arrived within this many ms. */
  firstTokenTimeoutMs: number;
  /** Give up when a started answer sends nothing for this many ms (defaults to firstTokenTimeoutMs). */
  stallTimeoutMs?: number;
  chatMaxTokens: number;
  completionMaxTokens: number;
  temperature: number;
}

/** Another file's text sent as context (llama.cpp input_extra, repo-level FIM tokens, chat context). */
export interface ContextSnippet {
  filename: string;
  text: string;
}

export interface FimRequest {
  prefix: string;
  suffix: string;
  filePath?: string;
  languageId?: string;
  extraContext?: ContextSnippet[];
  maxTokens: number;
  temperature?: number;
  /** Stops added to the transport's own (the template's stop tokens are always included). */
  stop?: string[];
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** Assistant turns only: the tools the model asked to call. */
  toolCalls?: ToolCall[];
}

/** What a tool returned, sent back to the model (OpenAI role "tool"). */
export interface ToolResultMessage {
  role: 'tool';
  /** The call this answers. */
  toolCallId: string;
  content: string;
}

/** A function the model may call (OpenAI `tools[].function`). */
export interface ChatTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters?: object;
}

/** A call the model asked for: `arguments` is the JSON text it wrote. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ChatRequest {
  messages: (ChatMessage | ToolResultMessage)[];
  maxTokens?: number;
  temperature?: number;
  /** Overrides the profile's chat model. */
  model?: string;
  /**
   * Text most of the answer is expected to repeat (predicted outputs): sent as
   * `prediction: {type: 'content', content}`, only to providers that take it.
   */
  prediction?: string;
  /** Functions offered to the model; the calls it makes are in the outcome's `toolCalls`. */
  tools?: ChatTool[];
  /** 'required': the model must call one of `tools`. Default 'auto'. */
  toolChoice?: 'auto' | 'required';
}

/** One piece of a streamed answer. Reasoning never mixes into content. */
export type StreamDelta = { kind: 'content'; text: string } | { kind: 'reasoning'; text: string };

/**
 * The model name a request is recorded under when the profile names no model and the server
 * did not say which one it used (it failed before answering, or never listed its models).
 */
export const SERVER_DEFAULT_MODEL = '(server default)';

export interface StreamOutcome {
  text: string;
  reasoning: string;
  finishReason: string | null;
  aborted: boolean;
  sample: SpeedSample;
  /** The FIM transport that served the request (FIM only). */
  transport?: FimTransportId;
  /** Predicted-output tokens the provider reports as used and as thrown away, when it reports them. */
  prediction?: { accepted: number; rejected: number };
  /** The tools the model asked to call, in order, once their arguments have all arrived. */
  toolCalls?: ToolCall[];
}

/**
 * A running generation. Iterate it for deltas as they arrive; `outcome` settles when the
 * stream ends, including after an abort (with `aborted: true`). A failed request rejects
 * the iteration and `outcome` with a ProviderError.
 */
export interface GenerationStream extends AsyncIterable<StreamDelta> {
  readonly outcome: Promise<StreamOutcome>;
}

/** What a person can do about a failure; the UI turns it into a button. */
export type ErrorAction = 'set-key' | 'pick-model' | 'wait' | 'retry' | 'check-url' | 'start-server' | 'none';

export type ProviderErrorKind =
  | 'connection-refused'
  | 'dns'
  | 'tls'
  | 'network'
  | 'auth'
  | 'forbidden'
  | 'model-not-found'
  | 'not-supported'
  | 'bad-request'
  | 'payload-too-large'
  | 'rate-limited'
  | 'server'
  | 'html-page'
  | 'timeout'
  | 'stream-broken'
  | 'unknown';

/** Notified for every request of every kind; the speed display implements it. */
export interface StreamObserver {
  onStart?(info: { profileId: string; providerName: string; model: string; kind: SpeedSample['kind']; requestId: number }): void;
  /**
   * Called for each delta with the running estimated token count. `chars` is the content and
   * reasoning characters received so far: unlike `tokens` it does not depend on how the server
   * chunks the stream, so the speed display can scale it by a learnt tokens-per-character ratio.
   */
  onProgress?(info: {
    requestId: number;
    tokens: number;
    elapsedMs: number;
    ttftMs: number | null;
    chars?: number;
    /** The server's own running figure, when its events carry one (llama.cpp `timings_per_token`). */
    serverTokensPerSecond?: number;
  }): void;
  onEnd?(info: { requestId: number; sample: SpeedSample }): void;
  /** The server is loading its model: the request is sent again in `waitMs` (a 503), or waits for it (a server that holds it). */
  onLoading?(info: { requestId: number; waitMs: number }): void;
}
