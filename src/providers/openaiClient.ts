// The one place an `openai` client is built. Every request goes through a small fetch
// wrapper that (1) shows each response's status and headers to the rate-limit gate,
// (2) reshapes error bodies so the SDK keeps the server's own message whatever its JSON
// shape (vLLM, FastAPI and Ollama do not all use {"error":{...}}), and (3) drops the
// Authorization header for keyless local servers instead of sending a made-up key.
import OpenAI from 'openai';
import type { EndpointConfig } from './types';

/** The SDK insists on a key; keyless servers get this, and the wrapper removes the header. */
export const NO_KEY_PLACEHOLDER = 'no-key';

export interface OpenAIClientOptions {
  fetch?: typeof fetch;
  /** Retries belong to the caller: completions are superseded by the next keystroke, and a
   * silent SDK retry on 429 would hide the cooldown from the user. */
  maxRetries?: number;
  /** Bounds the wait for response headers; the first-token timeout is enforced separately. */
  timeoutMs?: number;
  onResponse?(status: number, headers: Headers, url: string): void;
}

/** Rewrites a non-2xx body into {"error": {...}} so APIError.error carries the message. */
export function normaliseErrorBody(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof parsed !== 'object' || parsed === null) return JSON.stringify({ error: { message: String(parsed) } });
  const body = parsed as Record<string, unknown>;
  if (typeof body.error === 'object' && body.error !== null) return text;
  if (typeof body.error === 'string') return JSON.stringify({ error: { ...body, message: body.error } });
  const message =
    typeof body.message === 'string' ? body.message : typeof body.detail === 'string' ? body.detail : body.detail !== undefined ? JSON.stringify(body.detail) : text;
  return JSON.stringify({ error: { ...body, message } });
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

export function wrapFetch(endpoint: EndpointConfig, options: OpenAIClientOptions): typeof fetch {
  const base = options.fetch ?? globalThis.fetch;
  const stripAuth = !endpoint.apiKey && !hasHeader(endpoint.headers, 'authorization');
  return async (input, init) => {
    let requestInit = init;
    if (stripAuth && init?.headers) {
      const headers = new Headers(init.headers);
      headers.delete('authorization');
      requestInit = { ...init, headers };
    }
    const response = await base(input, requestInit);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    options.onResponse?.(response.status, response.headers, url);
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    return new Response(normaliseErrorBody(text), { status: response.status, statusText: response.statusText, headers });
  };
}

export function createOpenAIClient(endpoint: EndpointConfig, options: OpenAIClientOptions = {}): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseUrl,
    apiKey: endpoint.apiKey || NO_KEY_PLACEHOLDER,
    // Never pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment: they would be
    // sent to every provider.
    organization: null,
    project: null,
    defaultHeaders: endpoint.headers,
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeoutMs ?? endpoint.firstTokenTimeoutMs,
    fetch: wrapFetch(endpoint, options),
    // The SDK's own logging (OPENAI_LOG) would print request details outside our redaction.
    logLevel: 'off',
  });
}
