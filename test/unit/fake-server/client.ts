// A plain HTTP client for the fake server's tests: it timestamps every SSE event
// as it arrives, so pacing is measured the way a real client would see it.
import { request } from 'node:http';
import { countTokens } from '../../fake-server/tokens';

export interface TimedEvent {
  /** performance.now() when the event's last byte arrived. */
  at: number;
  /** The event's `data:` payload ('' for comments). */
  data: string;
  raw: string;
}

export interface StreamResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  startedAt: number;
  events: TimedEvent[];
  body: Buffer;
  /** The socket ended without a complete response. */
  error?: Error;
}

export interface StreamOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Called for each event; may abort the request through the returned function. */
  onEvent?: (e: TimedEvent, abort: () => void) => void;
  /** Destroys the request (and its socket) when aborted. */
  signal?: AbortSignal;
}

export function send(url: string, body: unknown, opts: StreamOptions = {}): Promise<StreamResult> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const startedAt = performance.now();
    const events: TimedEvent[] = [];
    const chunks: Buffer[] = [];
    let pending = '';
    let status = 0;
    let headers: StreamResult['headers'] = {};
    let settled = false;
    const done = (error?: Error) => {
      if (settled) return;
      settled = true;
      resolve({ status, headers, startedAt, events, body: Buffer.concat(chunks), ...(error ? { error } : {}) });
    };
    const req = request(url, {
      method: opts.method ?? (payload === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', ...opts.headers },
      agent: false,
    });
    const abort = () => {
      req.destroy();
      done();
    };
    opts.signal?.addEventListener('abort', abort);
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      headers = res.headers;
      res.on('data', (c: Buffer) => {
        const at = performance.now();
        chunks.push(c);
        pending += c.toString('utf8');
        let sep = pending.indexOf('\n\n');
        while (sep >= 0 && !settled) {
          const raw = pending.slice(0, sep);
          pending = pending.slice(sep + 2);
          const data = raw.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          const e = { at, data, raw };
          events.push(e);
          opts.onEvent?.(e, abort);
          sep = pending.indexOf('\n\n');
        }
      });
      res.on('end', () => done());
      res.on('error', (err) => done(err));
      res.on('aborted', () => done(new Error('aborted')));
    });
    req.on('error', (err) => done(err));
    req.end(payload);
  });
}

/** JSON objects of the data events, [DONE] and comments left out. */
export function chunks(r: StreamResult): Array<Record<string, unknown>> {
  return r.events.filter((e) => e.data && e.data !== '[DONE]').map((e) => JSON.parse(e.data) as Record<string, unknown>);
}

/** Text of a chat/completions/infill chunk's content. */
export function chunkContent(c: Record<string, unknown>): string {
  if (typeof c.content === 'string') return c.content;
  const choice = (c.choices as Array<Record<string, unknown>> | undefined)?.[0];
  if (!choice) return '';
  if (typeof choice.text === 'string') return choice.text;
  const delta = choice.delta as Record<string, unknown> | undefined;
  return typeof delta?.content === 'string' ? delta.content : '';
}

export function streamedText(r: StreamResult): string {
  return chunks(r).map(chunkContent).join('');
}

/** Client-side decode rate: tokens after the first content chunk / time from first to last content chunk. */
export function measuredRate(r: StreamResult): { tokens: number; rate: number; ttftMs: number } {
  const content = r.events
    .filter((e) => e.data && e.data !== '[DONE]')
    .map((e) => ({ at: e.at, tokens: countTokens(chunkContent(JSON.parse(e.data) as Record<string, unknown>)) }))
    .filter((e) => e.tokens > 0);
  const first = content[0]!;
  const last = content[content.length - 1]!;
  const tokens = content.reduce((n, e) => n + e.tokens, 0);
  return { tokens, rate: ((tokens - first.tokens) / (last.at - first.at)) * 1000, ttftMs: first.at - r.startedAt };
}

export const chatBody = (extra: Record<string, unknown> = {}) => ({
  model: 'fake-chat',
  messages: [{ role: 'user', content: 'Say hello' }],
  stream: true,
  ...extra,
});
