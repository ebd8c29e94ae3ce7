// The one place an `openai` client is built. Every request goes through a small fetch
// wrapper that (1) shows each response's status and headers to the rate-limit gate,
// (2) reshapes error bodies so the SDK keeps the server's own message whatever its JSON
// shape (vLLM, FastAPI and Ollama do not all use {"error":{...}}), and (3) drops the
// Authorization header for keyless local servers instead of sending a made-up key, and
// (4) ends a stream whose line grows past MAX_LINE_BYTES.
import OpenAI from 'openai';
import { ProviderError } from './errors';
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
  /** Longest line a response may have (tests use a small one). */
  maxLineBytes?: number;
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

/**
 * No streamed event of any provider comes near this. The SDK's SSE reader copies and rescans
 * its whole buffer for every network chunk, so a line of many megabytes would hold the
 * extension host busy for seconds (and an endless one would exhaust its memory).
 */
export const MAX_LINE_BYTES = 1024 * 1024;

/** Passes the body through unchanged, read on demand, failing it once a line is longer than `maxBytes`. */
export function limitLineLength(body: ReadableStream<Uint8Array>, maxBytes: number, describe: () => string): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let lineBytes = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        const lastBreak = Math.max(value.lastIndexOf(0x0a), value.lastIndexOf(0x0d));
        lineBytes = lastBreak < 0 ? lineBytes + value.length : value.length - lastBreak - 1;
        if (lineBytes <= maxBytes) return controller.enqueue(value);
        await reader.cancel().catch(() => undefined);
        controller.error(
          new ProviderError({ kind: 'stream-broken', message: `${describe()} sent a line longer than ${Math.round(maxBytes / 1024)} KiB; the answer was stopped there.` }),
        );
      },
      cancel: (reason) => reader.cancel(reason),
    },
    // Pull only when the reader asks, so nothing is read ahead of the consumer.
    { highWaterMark: 0 },
  );
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
    if (response.ok) {
      if (!response.body) return response;
      const body = limitLineLength(response.body, options.maxLineBytes ?? MAX_LINE_BYTES, () => endpoint.providerName);
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
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
