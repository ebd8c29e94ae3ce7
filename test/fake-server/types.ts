// The fake server's public contract: options, response kinds, faults and the
// per-request log. Tests, benches and the e2e runner code against these shapes.
import type { OracleSpec } from './oracle';
import type { PromptCacheOptions } from './promptCache';

export type Flavour =
  | 'openai'
  | 'groq'
  | 'cerebras'
  | 'sambanova'
  | 'fireworks'
  | 'openrouter'
  | 'deepseek'
  | 'llamacpp'
  | 'ollama'
  | 'vllm'
  | 'mistral';

export const FLAVOURS: readonly Flavour[] = [
  'openai', 'groq', 'cerebras', 'sambanova', 'fireworks', 'openrouter', 'deepseek', 'llamacpp', 'ollama', 'vllm', 'mistral',
];

export type ResponseSpec =
  | { kind: 'text'; text: string; reasoning?: string; reasoningAs?: 'reasoning_content' | 'reasoning' | 'think-tags' }
  | { kind: 'tokens'; count: number }
  | ({ kind: 'oracle' } & OracleSpec)
  | { kind: 'echo' };

export type FaultType =
  | 'status'
  | 'html'
  | 'malformed-json'
  | 'truncate'
  | 'stall-after-first'
  | 'reset'
  | 'huge-line'
  | 'invalid-utf8'
  | 'no-first-token'
  | 'no-done';

export const FAULT_TYPES: readonly FaultType[] = [
  'status', 'html', 'malformed-json', 'truncate', 'stall-after-first', 'reset', 'huge-line', 'invalid-utf8', 'no-first-token', 'no-done',
];

export interface FaultSpec {
  /** Default: every generation route (chat, completions, infill, Mistral FIM). */
  match?: { path?: string };
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
  type: FaultType;
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Tokens written before the fault strikes (stream faults) [1]. */
  afterTokens?: number;
  /** For stalls and 'no-first-token' [5000]. */
  stallMs?: number;
  /** Length of the 'huge-line' line [10 MiB]. */
  bytes?: number;
}

export type ReplayPace = 'recorded' | 'instant' | 'rate';

export interface Capabilities {
  completions: boolean;
  suffix: 'ok' | 'reject';
  infill: 'ok' | '404' | '501';
  mistralFim: boolean;
  streamOptions: 'ok' | 'reject';
}

export interface FakeServerOptions {
  port: number;
  /** A prompt cache as real servers keep (see promptCache.ts); none when absent. */
  promptCache?: PromptCacheOptions;
  /** Time charged per prompt token not taken from the cache, added to the time to first token [0]. */
  promptMsPerToken: number;
  /** The context per slot that llama.cpp's `/props` reports as n_ctx [4096]. */
  contextTokens: number;
  /** After start (or after a `configure` that sets it), answer 503 "Loading model" for this long [0]. */
  loadingMs: number;
  /** Load a model when a generation request first names it, as Ollama and LM Studio do: requests for it are held this long; `/api/ps` and `/api/v0/models/{id}` say whether it is loaded [0: always loaded]. */
  loadOnDemandMs: number;
  /** How long after a client leaves the server notices and frees the request's slot [one decode step, 1000 / tokensPerSecond]. */
  abortNoticeMs?: number;
  ttftMs: number;
  tokensPerSecond: number;
  tokensPerChunk: number;
  flavour: Flavour;
  usage: 'when-asked' | 'always' | 'never';
  serverTimings: boolean;
  sendDone: boolean;
  keepAliveComments: boolean;
  /** Addition to the contract: gap between keep-alive comments while nothing else is written [250]. */
  keepAliveIntervalMs: number;
  models: string[];
  strictModels: boolean;
  capabilities: Capabilities;
  response: ResponseSpec;
  fault?: FaultSpec;
  replay?: { file: string; pace: ReplayPace };
  /** Emulates predicted outputs: answer tokens found in the request's `prediction` come `speedup` times faster (see prediction.ts). */
  predictedOutputs?: { speedup: number };
}

/** What `configure()` and `POST /__fake/config` accept; `null` clears fault/replay. */
export type FakeServerPatch = Partial<Omit<FakeServerOptions, 'capabilities' | 'fault' | 'replay' | 'promptCache'>> & {
  capabilities?: Partial<Capabilities>;
  promptCache?: PromptCacheOptions | null;
  fault?: FaultSpec | null;
  replay?: { file: string; pace: ReplayPace } | null;
};

export interface RequestRecord {
  id: number;
  method: string;
  /** Without the query string, e.g. '/v1/chat/completions'. */
  path: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON, or the raw string when the body is not JSON. */
  body: unknown;
  /** Epoch ms with sub-ms precision. */
  receivedAt: number;
  status?: number;
  firstByteAt?: number;
  firstTokenAt?: number;
  endedAt?: number;
  /** The client closed the connection before the response finished. */
  clientClosedAt?: number;
  completed: boolean;
  /** Content and reasoning tokens written before the end or the close. */
  tokensSent: number;
  stream: boolean;
  model?: string;
  /** Addition to the contract: the fault applied to this request, if any. */
  fault?: FaultType;
  /** Which TCP connection carried the request: 1 for the server's first, 2 for the next one, … */
  connection?: number;
  /** With a prompt cache: the slot used, the prompt tokens taken from the cache, and all of them. */
  slot?: number;
  cachedTokens?: number;
  promptTokens?: number;
  /** When the server noticed that the client had left and freed the slot (a decode step after the close). */
  closeNoticedAt?: number;
}

export const DEFAULT_RESPONSE: ResponseSpec = {
  kind: 'text',
  text: 'Hello from the fake server. It streams tokens at a configured pace.',
};

export function defaultOptions(): FakeServerOptions {
  return {
    port: 0,
    promptMsPerToken: 0,
    contextTokens: 4096,
    loadingMs: 0,
    loadOnDemandMs: 0,
    ttftMs: 30,
    tokensPerSecond: 2000,
    tokensPerChunk: 1,
    flavour: 'openai',
    usage: 'when-asked',
    serverTimings: true,
    sendDone: true,
    keepAliveComments: false,
    keepAliveIntervalMs: 250,
    models: ['fake-coder', 'fake-chat'],
    strictModels: false,
    capabilities: { completions: true, suffix: 'ok', infill: 'ok', mistralFim: false, streamOptions: 'ok' },
    response: DEFAULT_RESPONSE,
  };
}

/** Merges a patch: capabilities field by field, everything else replaced; null removes fault/replay. */
export function mergeOptions(base: FakeServerOptions, patch: FakeServerPatch): FakeServerOptions {
  const { capabilities, fault, replay, promptCache, ...rest } = patch;
  const next: FakeServerOptions = { ...base, ...stripUndefined(rest) };
  if (promptCache === null) delete next.promptCache;
  else if (promptCache !== undefined) next.promptCache = { ...promptCache };
  if (capabilities) next.capabilities = { ...base.capabilities, ...stripUndefined(capabilities) };
  if (fault === null) delete next.fault;
  else if (fault !== undefined) next.fault = { ...fault };
  if (replay === null) delete next.replay;
  else if (replay !== undefined) next.replay = { ...replay };
  return next;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Rejects option values that would make the server misbehave silently. */
export function validateOptions(o: FakeServerOptions): void {
  if (!FLAVOURS.includes(o.flavour)) throw new Error(`unknown flavour "${o.flavour}" (one of ${FLAVOURS.join(', ')})`);
  if (!(o.ttftMs >= 0)) throw new Error('ttftMs must be >= 0');
  if (!(o.promptMsPerToken >= 0)) throw new Error('promptMsPerToken must be >= 0');
  if (!(o.loadingMs >= 0)) throw new Error('loadingMs must be >= 0');
  if (!(o.loadOnDemandMs >= 0)) throw new Error('loadOnDemandMs must be >= 0');
  if (o.promptCache && o.promptCache.kind !== 'slots' && o.promptCache.kind !== 'prefix') throw new Error(`unknown prompt cache kind "${String(o.promptCache.kind)}"`);
  if (!(o.tokensPerSecond > 0)) throw new Error('tokensPerSecond must be > 0 (Infinity writes everything at once)');
  if (!(Number.isInteger(o.tokensPerChunk) && o.tokensPerChunk >= 1)) throw new Error('tokensPerChunk must be an integer >= 1');
  if (o.fault && !FAULT_TYPES.includes(o.fault.type)) throw new Error(`unknown fault type "${o.fault.type}"`);
  if (o.replay && !['recorded', 'instant', 'rate'].includes(o.replay.pace)) throw new Error(`unknown replay pace "${o.replay.pace}"`);
}
