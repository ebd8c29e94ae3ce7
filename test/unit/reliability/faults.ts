// The fault matrix: every way a server can misbehave that users meet, as fake-server
// settings. Completions and chat are both run against each (faultMatrix.test.ts).
import type { FakeServerPatch } from '../../fake-server/server';

/** The answer the fake model writes; its first line ends at token 17, so faults after token 20 strike mid second line. */
export const ANSWER = 'Hello there, this is the answer.\nSecond line of it, then a third.\nThird line.\n';
export const FIRST_LINE = 'Hello there, this is the answer.';
/** Mid-stream faults strike after this many tokens: the first line has arrived whole. */
export const AFTER_TOKENS = 20;
/** What a 30-second silence looks like; the client's timeouts are injected short (INJECTED_TIMEOUT_MS). */
export const LONG_STALL_MS = 30_000;
/**
 * First-token and stall timeouts given to the client in these tests (the product's default for
 * both is 20 s). Short, so the hanging faults end quickly, yet long enough for a busy machine to
 * deliver what a healthy server sends; the first-token one also covers chat's retry after 0.5 s.
 */
export const FIRST_TOKEN_TIMEOUT_MS = 3000;
export const STALL_TIMEOUT_MS = 1500;

export interface FaultCase {
  id: string;
  /** How the fault reads in the report. */
  label: string;
  /** Fake-server settings for the faulty requests (`null`: nothing listens at the URL). */
  server: FakeServerPatch | null;
  /** A stall timeout for this case instead of STALL_TIMEOUT_MS. */
  stallTimeoutMs?: number;
}

const status = (code: number, headers?: Record<string, string>): FakeServerPatch => ({ fault: { type: 'status', status: code, ...(headers ? { headers } : {}) } });

export const FAULTS: FaultCase[] = [
  { id: 'none', label: 'no fault (baseline)', server: {} },
  { id: '400', label: '400 Bad Request', server: status(400) },
  { id: '401', label: '401 Unauthorized', server: status(401) },
  { id: '403', label: '403 Forbidden', server: status(403) },
  { id: '404', label: '404 Not Found (route)', server: status(404) },
  { id: '408', label: '408 Request Timeout', server: status(408) },
  { id: '413', label: '413 Payload Too Large', server: status(413) },
  { id: '429-retry-after', label: '429 with `Retry-After: 7`', server: status(429, { 'retry-after': '7' }) },
  { id: '429-reset', label: '429 with `x-ratelimit-reset-requests: 3s`, `-tokens: 6m0s`', server: status(429, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '3s', 'x-ratelimit-remaining-tokens': '100', 'x-ratelimit-reset-tokens': '6m0s' }) },
  { id: '500', label: '500 Internal Server Error', server: status(500) },
  { id: '502', label: '502 Bad Gateway (JSON)', server: status(502) },
  { id: '503', label: '503 Service Unavailable', server: status(503) },
  { id: '503-once', label: '503 once, then fine', server: { fault: { type: 'status', status: 503, times: 1 } } },
  { id: 'html', label: 'HTML error page (nginx 502)', server: { fault: { type: 'html' } } },
  { id: 'malformed-json', label: 'malformed JSON in a chunk (mid-answer)', server: { fault: { type: 'malformed-json', afterTokens: AFTER_TOKENS } } },
  { id: 'truncate', label: 'stream cut mid-line (socket destroyed)', server: { fault: { type: 'truncate', afterTokens: AFTER_TOKENS } } },
  { id: 'no-done', label: 'no `data: [DONE]`', server: { fault: { type: 'no-done' } } },
  { id: 'keep-alive', label: 'keep-alive comment lines before and between chunks', server: { keepAliveComments: true, keepAliveIntervalMs: 5, ttftMs: 40, tokensPerSecond: 300 } },
  { id: 'stall', label: '30 s stall after the first tokens', server: { fault: { type: 'stall-after-first', afterTokens: AFTER_TOKENS, stallMs: LONG_STALL_MS } } },
  { id: 'reset', label: 'connection reset before the headers', server: { fault: { type: 'reset' } } },
  { id: 'reset-once', label: 'connection reset once, then fine', server: { fault: { type: 'reset', times: 1 } } },
  { id: 'refused', label: 'connection refused (nothing listening)', server: null },
  // Receiving 10 MiB without a line break can take longer than the short stall timeout on a busy
  // machine; what is tested here is the parser's verdict on the line, not the watchdog.
  { id: 'huge-line', label: '10 MiB single line (mid-answer)', server: { fault: { type: 'huge-line', afterTokens: AFTER_TOKENS } }, stallTimeoutMs: 20_000 },
  { id: 'invalid-utf8', label: 'invalid UTF-8 bytes in a chunk (mid-answer)', server: { fault: { type: 'invalid-utf8', afterTokens: AFTER_TOKENS } } },
  { id: 'no-first-token', label: 'headers, then no first token for 30 s', server: { fault: { type: 'no-first-token', stallMs: LONG_STALL_MS } } },
];
