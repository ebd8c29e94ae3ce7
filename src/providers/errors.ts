// Turns whatever went wrong (a status, a refused socket, an HTML page from a proxy)
// into a ProviderError whose message a person can act on. Messages pass through
// redactSecrets, so a key echoed back by a server never reaches the UI or the log.
import { redactSecrets, urlCredentials } from '../shared/log';
import type { ErrorButton } from '../shared/chatProtocol';
import type { EndpointConfig, ErrorAction, ProviderErrorKind, SpeedSample } from './types';

export interface ProviderErrorInit {
  kind: ProviderErrorKind;
  message: string;
  action?: ErrorAction;
  status?: number;
  retryAfterMs?: number;
  availableModels?: string[];
  cause?: unknown;
}

/** A failure with a message that is safe to show (it never contains a key). */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly action: ErrorAction;
  readonly status?: number;
  retryAfterMs?: number;
  availableModels?: string[];
  /** The speed record of the request that failed (set by the stream runner). */
  sample?: SpeedSample;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.kind = init.kind;
    this.action = init.action ?? defaultAction(init.kind);
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.availableModels = init.availableModels;
  }
}

export function defaultAction(kind: ProviderErrorKind): ErrorAction {
  switch (kind) {
    case 'auth':
    case 'forbidden':
      return 'set-key';
    case 'model-not-found':
      return 'pick-model';
    case 'rate-limited':
      return 'wait';
    case 'connection-refused':
      return 'start-server';
    case 'dns':
    case 'tls':
    case 'html-page':
    case 'not-supported':
      return 'check-url';
    case 'server':
    case 'timeout':
    case 'network':
    case 'stream-broken':
      return 'retry';
    default:
      return 'none';
  }
}

/** What the classifier needs to know about the request that failed. */
/**
 * What fixes a failure, for every surface that offers buttons (the chat's error box, error
 * notifications, Test Connection). Notifications leave out 'retry' and always offer the log.
 */
export const ERROR_FIXES: Record<ErrorAction, readonly ErrorButton[]> = {
  'set-key': ['set-key', 'retry'],
  'pick-model': ['pick-model', 'retry'],
  wait: ['retry'],
  retry: ['retry'],
  // Nothing usable answers at the URL: another provider is the likeliest fix.
  'check-url': ['add-provider', 'open-settings', 'retry'],
  'start-server': ['add-provider', 'open-settings', 'retry', 'show-log'],
  none: ['retry', 'show-log'],
};

export interface ErrorContext {
  providerName: string;
  baseUrl: string;
  model: string;
  /** Values that must never appear in a message (the API key). */
  secrets: string[];
  /** Whether a key was configured; a 401 without one says so. */
  hasKey: boolean;
}

/**
 * What of an endpoint's configuration must never be shown: its key, every header value (a
 * header that is not a credential today may be tomorrow, and the user chose to send it, not
 * to see it echoed) and the credentials in its URLs.
 */
export function endpointSecrets(endpoint: Pick<EndpointConfig, 'apiKey' | 'headers' | 'baseUrl' | 'fimBaseUrl'>): string[] {
  const values = [endpoint.apiKey ?? '', ...Object.values(endpoint.headers), ...urlCredentials(endpoint.baseUrl), ...urlCredentials(endpoint.fimBaseUrl ?? '')];
  // "Basic abc…" is also shown without its scheme.
  const bare = values.map((v) => v.replace(/^\s*(basic|bearer|token|digest)\s+/i, ''));
  return [...new Set([...values, ...bare])].filter((v) => v.trim().length >= 4);
}

const TLS_CODES = /^(CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO|HOSTNAME_MISMATCH)/;

/** Walks `cause` chains (undici wraps socket errors twice) for a Node error code. */
function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = errorCode(errors[0]);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

function isLocal(baseUrl: string): boolean {
  return /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(hostOf(baseUrl));
}

/** Summarises an HTML error page by its title instead of dumping the markup. */
export function summariseHtml(body: string): string | undefined {
  if (!/^\s*<(!doctype|html|head|body|\?xml)|<html[\s>]/i.test(body)) return undefined;
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(body)?.[1];
  const text = (title ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  return text === '' ? 'an HTML page' : `an HTML page ("${text.slice(0, 80)}")`;
}

function shorten(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The server's own words from an API error body, whatever its shape. */
export function serverMessage(err: unknown): string {
  const e = err as { error?: unknown; message?: unknown };
  const body = e.error as { message?: unknown; detail?: unknown; error?: unknown } | undefined;
  if (body && typeof body === 'object') {
    if (typeof body.message === 'string') return body.message;
    if (typeof body.detail === 'string') return body.detail;
    if (body.detail !== undefined) return JSON.stringify(body.detail);
    if (typeof body.error === 'string') return body.error;
  }
  const message = typeof e.message === 'string' ? e.message : String(err);
  return message.replace(/^\d{3}\s+/, '');
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number') return status;
  // Mid-stream errors (OpenRouter) carry their code inside the error object.
  const code = (err as { error?: { code?: unknown } }).error?.code;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : undefined;
}

export function looksLikeModelMissing(message: string): boolean {
  return /model/i.test(message) && /(not (be )?found|does not exist|not exist|unknown|no such|invalid|not available|pull)/i.test(message);
}

/** Classifies any failure into a ProviderError (unchanged when it already is one). */
export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  // The SDK wraps what our fetch threw (a refused redirect) in an APIConnectionError.
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  if (!(err instanceof ProviderError) && cause instanceof ProviderError) err = cause;
  if (err instanceof ProviderError) {
    // Made before the request (a bad base URL quoted back, a rate-limit note): redacted here too.
    err.message = redactSecrets(err.message, ctx.secrets);
    return err;
  }
  const error = classify(err, ctx);
  // Base URLs can carry a key too (some gateways put it in the path or query).
  error.message = redactSecrets(error.message, ctx.secrets);
  return error;
}

function classify(err: unknown, ctx: ErrorContext): ProviderError {
  const safe = (text: string) => redactSecrets(text, ctx.secrets);
  const where = `${ctx.providerName} (${ctx.baseUrl})`;
  const status = statusOf(err);
  const name = (err as { constructor?: { name?: string } })?.constructor?.name ?? '';

  if (status !== undefined) {
    // The SDK says "status code (no body)" when the server sent nothing: there is nothing to quote.
    const said = serverMessage(err).replace(/^status code \(no body\)$/i, '');
    const html = summariseHtml(said);
    // The messages below end with their own full stop; the server's usually has one too.
    const detail = html === undefined && said.trim() !== '' ? `: ${shorten(safe(said)).replace(/\.+$/, '')}` : '';
    // An OpenAI-compatible server answers errors in JSON; a bare page or text means some other web server.
    const notApi = 'this is not an OpenAI-compatible endpoint. Check the base URL (it usually ends in /v1).';
    if (html !== undefined && status !== 429 && status !== 401) {
      return new ProviderError({
        kind: 'html-page',
        status,
        message: `${where} answered ${status} with ${safe(html)} instead of an API response: ${notApi}`,
      });
    }
    if (status === 401) {
      const message = ctx.hasKey
        ? `${ctx.providerName} rejected the API key (401). Set a new key with "Fast Inference: Set API Key…".`
        : `${ctx.providerName} needs an API key (401). Set one with "Fast Inference: Set API Key…".`;
      return new ProviderError({ kind: 'auth', status, message });
    }
    if (status === 403) {
      return new ProviderError({
        kind: 'forbidden',
        status,
        message: `${ctx.providerName} refused access (403)${detail}. Check that the key is allowed to use ${ctx.model}.`,
      });
    }
    if (status === 402) {
      return new ProviderError({ kind: 'forbidden', status, action: 'none', message: `${ctx.providerName} needs payment or credits (402)${detail}.` });
    }
    if (status === 404 && looksLikeModelMissing(said)) {
      return new ProviderError({
        kind: 'model-not-found',
        status,
        message: `${ctx.providerName} has no model "${ctx.model}". Pick one with "Fast Inference: Pick Model…".`,
      });
    }
    if (status === 404 && (err as { error?: unknown }).error === undefined) {
      return new ProviderError({ kind: 'not-supported', status, action: 'check-url', message: `${where} answered 404${detail}: ${notApi}` });
    }
    if (status === 404 || status === 405 || status === 501) {
      return new ProviderError({ kind: 'not-supported', status, message: `${where} does not support this request (${status})${detail}.` });
    }
    if (status === 413) {
      return new ProviderError({ kind: 'payload-too-large', status, action: 'none', message: `${ctx.providerName} says the request is too large (413)${detail}.` });
    }
    if (status === 429) {
      const wait = detail === '' ? ' and said nothing more; requests start again after a short wait' : '';
      return new ProviderError({ kind: 'rate-limited', status, message: `${ctx.providerName} is rate limiting requests (429)${html ? '' : detail}${wait}.` });
    }
    if (status === 408 || status === 504) {
      return new ProviderError({ kind: 'timeout', status, message: `${where} timed out (${status})${detail}.` });
    }
    if (status >= 500) {
      return new ProviderError({ kind: 'server', status, message: `${where} had a server error (${status})${detail}.` });
    }
    if (/context|too long|maximum.*tokens|too many tokens/i.test(said)) {
      return new ProviderError({ kind: 'payload-too-large', status, action: 'none', message: `${ctx.providerName} rejected the request as too long (${status})${detail}.` });
    }
    return new ProviderError({ kind: 'bad-request', status, action: 'none', message: `${ctx.providerName} rejected the request (${status})${detail}.` });
  }

  if (name === 'APIConnectionTimeoutError') {
    return new ProviderError({ kind: 'timeout', message: `${where} did not answer in time.`, cause: err });
  }

  const code = errorCode(err);
  const host = hostOf(ctx.baseUrl);
  if (code === 'ECONNREFUSED') {
    const local = isLocal(ctx.baseUrl);
    return new ProviderError({
      kind: 'connection-refused',
      action: local ? 'start-server' : 'check-url',
      message: local
        ? `Nothing is listening at ${ctx.baseUrl}. Is the ${ctx.providerName} server running?`
        : `${host} refused the connection. Check the base URL ${ctx.baseUrl}.`,
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ProviderError({ kind: 'dns', message: `Could not find the host ${host} (DNS). Check the base URL and your network.` });
  }
  if (code !== undefined && TLS_CODES.test(code)) {
    return new ProviderError({ kind: 'tls', message: `Secure connection to ${host} failed (${code}). Check the URL's scheme and the server's certificate.` });
  }
  if (err instanceof SyntaxError) {
    return new ProviderError({ kind: 'stream-broken', message: `${ctx.providerName} sent data that is not valid JSON.` });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || /terminated|other side closed|premature/i.test(String((err as Error)?.message))) {
    return new ProviderError({ kind: 'stream-broken', message: `The connection to ${host} broke off before the answer was complete.` });
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new ProviderError({ kind: 'timeout', message: `Connecting to ${host} timed out.` });
  }
  if (/bad port/i.test(String((err as { cause?: { cause?: unknown } })?.cause?.cause ?? ''))) {
    // fetch refuses a fixed list of ports (e.g. 6000, 6667) before connecting.
    return new ProviderError({ kind: 'network', action: 'check-url', message: `The port in ${ctx.baseUrl} is one that fetch refuses to use; run the server on another port.` });
  }
  if (name === 'APIConnectionError' || code !== undefined) {
    return new ProviderError({ kind: 'network', message: `Could not reach ${host}${code ? ` (${code})` : ''}.` });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError({ kind: 'unknown', message: `${ctx.providerName}: ${shorten(safe(message))}` });
}
