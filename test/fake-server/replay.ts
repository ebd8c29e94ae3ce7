// Serves a recorded SSE body byte for byte. Events are sliced out of the file's
// bytes (never re-serialised) so a client reads exactly what the provider sent;
// only the timing is the fake server's: at once, one data event per token
// interval ('recorded'), or spaced by the tokens each event carries ('rate').
import { existsSync, readFileSync } from 'node:fs';
import { epochNow, type Exchange } from './exchange';
import { countTokens } from './tokens';
import type { ReplayPace } from './types';

export interface ReplayEvent {
  bytes: Buffer;
  kind: 'comment' | 'data' | 'other';
  /** Content + reasoning tokens it carries, by the fake server's token rule. */
  tokens: number;
}

/** Splits an SSE body at blank lines, keeping every byte (the separator stays with its event). */
export function splitSseEvents(body: Buffer): ReplayEvent[] {
  const text = body.toString('latin1'); // one char per byte, so string offsets are byte offsets
  const events: ReplayEvent[] = [];
  const separator = /\r?\n\r?\n/g;
  let start = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    const end = m.index + m[0].length;
    events.push(classify(body.subarray(start, end)));
    start = end;
  }
  if (start < body.length) events.push(classify(body.subarray(start)));
  return events;
}

function classify(bytes: Buffer): ReplayEvent {
  const lines = bytes.toString('utf8').split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length > 0 && lines.every((l) => l.startsWith(':'))) return { bytes, kind: 'comment', tokens: 0 };
  const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
  if (!data) return { bytes, kind: 'other', tokens: 0 };
  return { bytes, kind: 'data', tokens: tokensIn(data) };
}

function tokensIn(data: string): number {
  if (data === '[DONE]') return 0;
  try {
    const chunk = JSON.parse(data) as Record<string, unknown>;
    let text = typeof chunk.content === 'string' ? chunk.content : ''; // llama.cpp native events
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as Array<Record<string, unknown>>) : [];
    for (const choice of choices) {
      const delta = (choice.delta ?? {}) as Record<string, unknown>;
      for (const field of ['content', 'reasoning_content', 'reasoning']) {
        if (typeof delta[field] === 'string') text += delta[field] as string;
      }
      if (typeof choice.text === 'string') text += choice.text;
    }
    return countTokens(text);
  } catch {
    return 0;
  }
}

/**
 * Milliseconds after the first token at which each event is due; -1 = at once.
 * Comments ahead of the first data event go at once (providers send them while
 * queued), data events up to the first weighted one go at ttft, weighted events
 * after it at their cumulative weight / rate, the rest right after the event before.
 */
export function replaySchedule(events: ReplayEvent[], pace: ReplayPace, tokensPerSecond: number): number[] {
  const weight = (e: ReplayEvent) => (pace === 'recorded' ? (e.kind === 'data' ? 1 : 0) : e.tokens);
  const firstData = events.findIndex((e) => e.kind === 'data');
  const firstWeighted = events.findIndex((e) => weight(e) > 0);
  let cumulative = 0;
  let previous = 0;
  return events.map((e, i) => {
    let at: number;
    if (firstData < 0 || i < firstData) at = -1;
    else if (firstWeighted < 0 || i <= firstWeighted) at = 0;
    else if (weight(e) > 0) at = Number.isFinite(tokensPerSecond) ? (cumulative / tokensPerSecond) * 1000 : 0;
    else at = previous;
    if (firstWeighted >= 0 && i >= firstWeighted) cumulative += weight(e);
    previous = Math.max(at, 0);
    return at;
  });
}

/** Content type recorded beside the file (NAME.json), else plain SSE. */
function recordedContentType(file: string): string {
  const meta = file.replace(/\.sse$/, '.json');
  try {
    if (existsSync(meta)) {
      const parsed = JSON.parse(readFileSync(meta, 'utf8')) as { response_headers?: Record<string, string[]> };
      const type = parsed.response_headers?.['Content-Type']?.[0];
      if (type) return type;
    }
  } catch {
    // fall through to the default
  }
  return 'text/event-stream';
}

export function runReplay(ex: Exchange, file: string, pace: ReplayPace, ttftMs: number, tokensPerSecond: number, receivedPerf: number): void {
  if (!existsSync(file)) {
    ex.respond(500, { error: { message: `replay file not found: ${file}`, type: 'fake_server_error' } });
    return;
  }
  const body = readFileSync(file);
  const events = splitSseEvents(body);
  ex.writeHead(200, { 'content-type': recordedContentType(file), 'cache-control': 'no-cache', connection: 'keep-alive' });
  const totalTokens = events.reduce((n, e) => n + e.tokens, 0);
  if (pace === 'instant') {
    if (totalTokens > 0) ex.record.firstTokenAt = epochNow();
    ex.record.tokensSent = totalTokens;
    ex.end(body);
    return;
  }
  const due = replaySchedule(events, pace, tokensPerSecond);
  const firstAt = receivedPerf + ttftMs;
  let next = 0;
  let sent = 0;
  const tick = (): void => {
    const now = performance.now();
    const parts: Buffer[] = [];
    while (next < events.length && (due[next]! < 0 || firstAt + due[next]! <= now)) {
      const e = events[next++]!;
      parts.push(e.bytes);
      if (e.tokens > 0 && sent === 0) ex.record.firstTokenAt = epochNow();
      sent += e.tokens;
    }
    ex.record.tokensSent = sent;
    if (next >= events.length) return ex.end(Buffer.concat(parts));
    if (parts.length > 0) ex.write(Buffer.concat(parts));
    ex.setTimer(tick, firstAt + due[next]! - performance.now(), sent === 0);
  };
  tick();
}
