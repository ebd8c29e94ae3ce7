// The one place an `openai` client is built. Every request goes through a small fetch
// wrapper that (1) shows each response's status and headers to the rate-limit gate,
// (2) reshapes error bodies so the SDK keeps the server's own message whatever its JSON
// shape (vLLM, FastAPI and Ollama do not all use {"error":{...}}), and (3) drops the
// Authorization header for keyless local servers instead of sending a made-up key, (4) ends
// a stream whose line grows past MAX_LINE_BYTES, and (5) follows a redirect only to the same
// origin: the request carries the prompt and credentials, and fetch would forward both to
// another host (it drops only Authorization).
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

/** A base URL as the SDK needs it: without its query (sent with every request instead) and credentials. */
export interface SplitBaseUrl {
  baseURL: string;
  /** `?api-version=…&api_key=…` of the configured URL: the SDK appends paths to the base URL, so a query there would end up in the path. */
  query: Record<string, string>;
  /** `user:password@` of the configured URL as an Authorization value (fetch refuses URLs with credentials). */
  basicAuth?: string;
}

export function splitBaseUrl(baseUrl: string): SplitBaseUrl {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { baseURL: baseUrl, query: {} };
  }
  const query = Object.fromEntries(url.searchParams);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  const split: SplitBaseUrl = { baseURL: url.href.replace(/\/+$/, ''), query };
  if (user || password) split.basicAuth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return split;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Same-origin hops followed before giving up (fetch's own limit is 20). */
export const MAX_REDIRECTS = 5;

const urlOf = (input: Parameters<typeof fetch>[0]) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

/**
 * fetch with redirects handled here: one to the same origin is followed (307/308 repeat the
 * request, 301/302/303 turn a POST into a GET without body, as fetch does); one to any other
 * origin fails with a ProviderError naming only that origin.
 */
function sameOriginFetch(base: typeof fetch, providerName: string): typeof fetch {
  return async (input, init) => {
    let url = urlOf(input);
    let current: RequestInit = { ...init, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      const response = await base(typeof input === 'string' || input instanceof URL || hop > 0 ? url : input, current);
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      const from = new URL(url);
      const to = new URL(location, from);
      if (to.origin !== from.origin) {
        throw new ProviderError({
          kind: 'network',
          action: 'check-url',
          status: response.status,
          message: `${providerName} answered ${response.status} with a redirect to another server (${to.origin}). The request was not sent there: it carries your prompt and credentials. If that server is the one to use, make it the profile's base URL.`,
        });
      }
      if (hop + 1 >= MAX_REDIRECTS) {
        throw new ProviderError({ kind: 'network', action: 'check-url', status: response.status, message: `${providerName} redirected more than ${MAX_REDIRECTS} times; the request was given up.` });
      }
      const method = (current.method ?? 'GET').toUpperCase();
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        const headers = new Headers(current.headers);
        headers.delete('content-type');
        headers.delete('content-length');
        current = { ...current, method: 'GET', body: undefined, headers };
      }
      url = to.href;
    }
  };
}

export function wrapFetch(endpoint: EndpointConfig, options: OpenAIClientOptions): typeof fetch {
  const base = sameOriginFetch(options.fetch ?? globalThis.fetch, endpoint.providerName);
  const stripAuth = !endpoint.apiKey && !hasHeader(endpoint.headers, 'authorization') && splitBaseUrl(endpoint.baseUrl).basicAuth === undefined;
  return async (input, init) => {
    let requestInit = init;
    if (stripAuth && init?.headers) {
      const headers = new Headers(init.headers);
      headers.delete('authorization');
      requestInit = { ...init, headers };
    }
    const response = await base(input, requestInit);
    const url = urlOf(input);
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
  const { baseURL, query, basicAuth } = splitBaseUrl(endpoint.baseUrl);
  // Credentials in the URL are a fallback: a key or an Authorization header of the profile wins.
  const headers = basicAuth && !endpoint.apiKey && !hasHeader(endpoint.headers, 'authorization') ? { ...endpoint.headers, Authorization: basicAuth } : endpoint.headers;
  return new OpenAI({
    baseURL,
    ...(Object.keys(query).length > 0 ? { defaultQuery: query } : {}),
    apiKey: endpoint.apiKey || NO_KEY_PLACEHOLDER,
    // Never pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment: they would be
    // sent to every provider.
    organization: null,
    project: null,
    defaultHeaders: headers,
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeoutMs ?? endpoint.firstTokenTimeoutMs,
    fetch: wrapFetch(endpoint, options),
    // The SDK's own logging (OPENAI_LOG) would print request details outside our redaction.
    logLevel: 'off',
  });
}
