// Test doubles for the provider layer: a manual clock and timers, and a scripted fetch
// that answers with SSE streams whose chunks arrive when the test says.
import type { Clock, TimerHandle, Timers } from '../../../src/shared/clock';
import type { EndpointConfig, StreamObserver } from '../../../src/providers/types';

export class ManualClock implements Clock {
  t = 1000;
  now(): number {
    return this.t;
  }
}

/** Timers that fire only when the test advances them (against the same ManualClock). */
export class ManualTimers implements Timers {
  private pending: { at: number; fn: () => void; cancelled: boolean }[] = [];
  constructor(private readonly clock: ManualClock) {}

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const entry = { at: this.clock.t + ms, fn, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => (entry.cancelled = true) };
  }

  /** Moves the clock forward and runs every timer that came due. */
  advance(ms: number): void {
    this.clock.t += ms;
    const due = this.pending.filter((e) => !e.cancelled && e.at <= this.clock.t);
    this.pending = this.pending.filter((e) => !due.includes(e));
    for (const e of due) e.fn();
  }

  get active(): number {
    return this.pending.filter((e) => !e.cancelled).length;
  }
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: Record<string, unknown>;
  signal?: AbortSignal;
}

export type Responder = (req: RecordedRequest) => Response | Promise<Response>;

/** A fetch that records each request and answers through the responder. */
export function scriptedFetch(responder: Responder): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const text = typeof init?.body === 'string' ? init.body : '';
    const req: RecordedRequest = {
      url,
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      signal: init?.signal ?? undefined,
    };
    requests.push(req);
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return responder(req);
  }) as typeof fetch;
  return { fetch: fn, requests };
}

/**
 * An observer that moves the manual clock as the client sees text arrive: `gaps[0]` ms
 * before the first text chunk, `gaps[i]` between text chunks i-1 and i, and the last gap
 * after the final one. Tied to the client's own reading, so it does not depend on how far
 * ahead the stream reader buffers.
 */
export function pacingObserver(clock: ManualClock, gaps: number[], inner: StreamObserver = {}): StreamObserver {
  let next = 0;
  const step = () => {
    clock.t += gaps[next++] ?? 0;
  };
  return {
    onStart: (i) => {
      inner.onStart?.(i);
      step();
    },
    onProgress: (i) => {
      inner.onProgress?.(i);
      step();
    },
    onEnd: (i) => inner.onEnd?.(i),
  };
}

export interface SseStep {
  data: unknown;
}

/** An SSE response whose events are read one by one; `[DONE]` is appended unless told otherwise. */
export function sseResponse(steps: SseStep[], options: { done?: boolean; headers?: Record<string, string> } = {}): Response {
  const encoder = new TextEncoder();
  const lines = steps.map((s) => `data: ${typeof s.data === 'string' ? s.data : JSON.stringify(s.data)}\n\n`);
  if (options.done !== false) lines.push('data: [DONE]\n\n');
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const line = lines[i++];
      if (line === undefined) return controller.close();
      controller.enqueue(encoder.encode(line));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream', ...(options.headers ?? {}) } });
}

/** A stream that never sends anything until the request is aborted. */
export function hangingResponse(signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
  });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': typeof body === 'string' && body.startsWith('<') ? 'text/html' : 'application/json', ...headers },
  });
}

export const chatChunk = (content: string, extra: Record<string, unknown> = {}) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta: { content }, finish_reason: null }],
  ...extra,
});

export const textChunk = (text: string) => ({ id: 'c1', object: 'text_completion', choices: [{ index: 0, text, finish_reason: null }] });

export function endpoint(overrides: Partial<EndpointConfig> = {}): EndpointConfig {
  return {
    profileId: 'test',
    providerName: 'Test',
    presetId: 'custom',
    baseUrl: 'http://127.0.0.1:9/v1',
    headers: {},
    chatModel: 'chat-model',
    completionModel: 'qwen2.5-coder-1.5b',
    fimTransport: 'auto',
    fimTemplate: 'auto',
    serverTiming: 'none',
    firstTokenTimeoutMs: 5000,
    chatMaxTokens: 256,
    completionMaxTokens: 32,
    temperature: 0.2,
    ...overrides,
  };
}

export async function collect(stream: AsyncIterable<{ kind: string; text: string }>): Promise<{ content: string; reasoning: string; deltas: number }> {
  let content = '';
  let reasoning = '';
  let deltas = 0;
  for await (const d of stream) {
    deltas++;
    if (d.kind === 'content') content += d.text;
    else reasoning += d.text;
  }
  return { content, reasoning, deltas };
}
