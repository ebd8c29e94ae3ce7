// "Test Connection": one real look at an endpoint, the way a new user needs it. It lists
// the models, streams a short chat answer (time to first token, tokens/second) and asks
// for one completion to learn the fill-in-the-middle route, then says in one sentence what
// it found and what to do about what failed. Pure: the client is passed in.
import type { ChatRequest, EndpointConfig, FimRequest, FimTransportId, GenerationStream, SpeedSample } from '../../providers/types';
import { ProviderError } from '../../providers/errors';
import { formatMs, formatRate } from '../../speed/core/format';

export interface ConnectionCheckClient {
  readonly endpoint: EndpointConfig;
  listModels(signal?: AbortSignal): Promise<string[]>;
  streamChat(req: ChatRequest, signal: AbortSignal): GenerationStream;
  streamFim(req: FimRequest, signal: AbortSignal): GenerationStream;
}

export interface CheckFailure {
  kind: string;
  message: string;
  /** What fixes it, from the provider error ('set-key', 'pick-model', 'check-url', …). */
  action: string;
}

export interface ConnectionReport {
  profileId: string;
  providerName: string;
  baseUrl: string;
  models: { ok: true; names: string[] } | { ok: false; failure: CheckFailure };
  chat: { ok: true; model: string; ttftMs: number | null; tokensPerSecond: number | null; tokens: number } | { ok: false; failure: CheckFailure };
  completion: { ok: true; model: string; transport: FimTransportId | undefined; ttftMs: number | null } | { ok: false; failure: CheckFailure };
}

/** Enough tokens that decode speed shows, few enough that a slow server answers in seconds. */
export const CHECK_CHAT_REQUEST: ChatRequest = {
  messages: [{ role: 'user', content: 'In three short sentences, say what a fill-in-the-middle code completion is.' }],
  maxTokens: 120,
  temperature: 0,
};

export const CHECK_FIM_REQUEST: FimRequest = {
  prefix: 'function isEven(n: number): boolean {\n  return ',
  suffix: '\n}\n',
  filePath: 'check.ts',
  languageId: 'typescript',
  maxTokens: 16,
  temperature: 0,
};

function failure(err: unknown): CheckFailure {
  const error = err instanceof ProviderError ? err : new ProviderError({ kind: 'unknown', message: err instanceof Error ? err.message : String(err) });
  return { kind: error.kind, message: error.message, action: error.action };
}

async function finished(stream: GenerationStream): Promise<SpeedSample & { transport?: FimTransportId }> {
  // Drain the deltas; the outcome holds the measured sample.
  for await (const _delta of stream) {
    // nothing to show while it streams
  }
  const outcome = await stream.outcome;
  return { ...outcome.sample, transport: outcome.transport };
}

export async function checkConnection(client: ConnectionCheckClient, signal: AbortSignal): Promise<ConnectionReport> {
  const { endpoint } = client;
  const report: ConnectionReport = {
    profileId: endpoint.profileId,
    providerName: endpoint.providerName,
    baseUrl: endpoint.baseUrl,
    models: { ok: true, names: [] },
    chat: { ok: false, failure: { kind: 'unknown', message: 'not tried', action: 'none' } },
    completion: { ok: false, failure: { kind: 'unknown', message: 'not tried', action: 'none' } },
  };
  try {
    report.models = { ok: true, names: await client.listModels(signal) };
  } catch (err) {
    report.models = { ok: false, failure: failure(err) };
  }
  try {
    const sample = await finished(client.streamChat(CHECK_CHAT_REQUEST, signal));
    report.chat = { ok: true, model: sample.model, ttftMs: sample.ttftMs, tokensPerSecond: sample.tokensPerSecond ?? sample.server?.tokensPerSecond ?? null, tokens: sample.completionTokens };
  } catch (err) {
    report.chat = { ok: false, failure: failure(err) };
  }
  // A server that refused chat for a reason that holds for every request (no key, no server) is not asked again.
  if (report.chat.ok || !['auth', 'forbidden', 'connection-refused', 'dns', 'tls', 'html-page'].includes(report.chat.failure.kind)) {
    try {
      const sample = await finished(client.streamFim(CHECK_FIM_REQUEST, signal));
      report.completion = { ok: true, model: sample.model, transport: sample.transport, ttftMs: sample.ttftMs };
    } catch (err) {
      report.completion = { ok: false, failure: failure(err) };
    }
  } else {
    report.completion = { ok: false, failure: report.chat.failure };
  }
  return report;
}

const ROUTES: Record<FimTransportId, string> = {
  'completions-suffix': '/v1/completions with suffix',
  'llama-infill': "llama.cpp's /infill",
  'mistral-fim': '/v1/fim/completions',
  'raw-template': "/v1/completions with the model's FIM tokens",
  chat: 'a chat prompt (no fill-in-the-middle route)',
};

export interface ConnectionSummary {
  ok: boolean;
  /** One line for a notification. */
  message: string;
  /** The action that fixes the first failure, if any. */
  action?: string;
}

function listModels(names: string[]): string {
  if (names.length === 0) return 'no models listed';
  const shown = names.slice(0, 3).join(', ');
  return `${names.length} model${names.length === 1 ? '' : 's'} (${shown}${names.length > 3 ? ', …' : ''})`;
}

/** What the check found, in the words the notification and the walkthrough use. */
export function summariseConnection(report: ConnectionReport): ConnectionSummary {
  const { chat, completion, models } = report;
  if (!chat.ok && !completion.ok) {
    return { ok: false, message: `${report.providerName}: ${chat.failure.message}`, action: chat.failure.action };
  }
  const parts: string[] = [];
  parts.push(models.ok ? listModels(models.names) : 'no model list');
  if (chat.ok) {
    const rate = chat.tokensPerSecond === null ? 'too short an answer to measure tokens/second' : formatRate(chat.tokensPerSecond);
    const speed = [chat.ttftMs === null ? undefined : `first token ${formatMs(chat.ttftMs)}`, rate]
      .filter((p): p is string => p !== undefined)
      .join(', ');
    parts.push(`chat ${chat.model || '(server default)'}: ${speed || 'answered'}`);
  } else {
    parts.push(`chat failed: ${chat.failure.message}`);
  }
  if (completion.ok) {
    const route = completion.transport ? ROUTES[completion.transport] : 'the configured route';
    parts.push(`completions through ${route}${completion.ttftMs === null ? '' : ` (first token ${formatMs(completion.ttftMs)})`}`);
  } else {
    parts.push(`completions failed: ${completion.failure.message}`);
  }
  const ok = chat.ok && completion.ok;
  const failed = !chat.ok ? chat.failure : !completion.ok ? completion.failure : undefined;
  return {
    ok,
    message: `${report.providerName} ${ok ? 'works' : 'partly works'}: ${parts.join('; ')}.`,
    ...(failed ? { action: failed.action } : {}),
  };
}
