// Writes a generation at the configured pace. Token i is due at
// firstTokenAt + floor(i / tokensPerChunk) * tokensPerChunk / tokensPerSecond,
// measured on the real clock from the first token; a timer that fires late
// sends every token that is due in one chunk, so the average rate stays exact
// however busy the machine is.
import { epochNow, type Exchange } from './exchange';
import type { Channel, Generation } from './generate';
import type { StreamShape } from './shapes';
import type { RunStats } from './timing';
import type { FaultSpec } from './types';
import { faultEvent } from './stream-faults';

export interface Pacing {
  ttftMs: number;
  tokensPerSecond: number;
  tokensPerChunk: number;
}

export interface StreamPlan extends Pacing {
  shape: StreamShape;
  generation: Generation;
  /** Prompt tokens taken from the prompt cache. */
  cachedTokens?: number;
  sendDone: boolean;
  /** Comment line written while idle, e.g. ': keep-alive'. */
  keepAlive?: { line: string; intervalMs: number };
  headers: Record<string, string>;
  /** A stream fault ('malformed-json', 'truncate', 'stall-after-first', 'huge-line', 'invalid-utf8', 'no-first-token', 'no-done'). */
  fault?: FaultSpec;
}

/** Milliseconds after the first token at which token `index` is due. */
export function tokenDueMs(index: number, p: Pacing): number {
  if (!Number.isFinite(p.tokensPerSecond)) return 0;
  const chunkStart = Math.floor(index / p.tokensPerChunk) * p.tokensPerChunk;
  return (chunkStart / p.tokensPerSecond) * 1000;
}

/** How many tokens are due `elapsedMs` after the first token (at least the first chunk). */
export function tokensDue(elapsedMs: number, total: number, p: Pacing): number {
  if (elapsedMs < 0) return 0;
  if (!Number.isFinite(p.tokensPerSecond)) return total;
  const chunks = Math.floor((elapsedMs * p.tokensPerSecond) / 1000 / p.tokensPerChunk + 1e-9) + 1;
  return Math.min(total, chunks * p.tokensPerChunk);
}

export function runStream(ex: Exchange, plan: StreamPlan, receivedPerf: number): void {
  const { shape, generation } = plan;
  const tokens = generation.tokens;
  const fault = plan.fault;
  let firstAt = receivedPerf + plan.ttftMs;
  if (fault?.type === 'no-first-token') firstAt += fault.stallMs ?? 5000;
  // A fault placed beyond the answer strikes just before the closing events.
  const faultAt = fault && isMidStream(fault) ? Math.min(tokens.length, Math.max(0, fault.afterTokens ?? 1)) : -1;
  let faultPending = faultAt >= 0;
  let sent = 0;
  let reasoningSent = 0;
  let opened = false;

  ex.writeHead(200, { 'content-type': shape.contentType, 'cache-control': 'no-cache', connection: 'keep-alive', ...plan.headers });
  if (plan.keepAlive) {
    const { line, intervalMs } = plan.keepAlive;
    ex.write(`${line}\n\n`);
    ex.setInterval(() => {
      if (performance.now() - ex.lastWriteAt >= intervalMs) ex.write(`${line}\n\n`);
    }, intervalMs);
  }

  const batch = (from: number, to: number): string => {
    let out = opened ? '' : shape.opening();
    opened = true;
    let i = from;
    while (i < to) {
      const start = i;
      const channel: Channel = tokens[i]!.channel;
      let text = '';
      while (i < to && tokens[i]!.channel === channel) text += tokens[i++]!.text;
      if (channel === 'reasoning') reasoningSent += i - start;
      out += shape.tokens(text, channel, i, stats(i));
    }
    return out;
  };

  const stats = (completionTokens = sent): RunStats => ({
    promptTokens: generation.promptTokens,
    cachedTokens: plan.cachedTokens ?? 0,
    completionTokens,
    reasoningTokens: reasoningSent,
    ttftMs: ex.record.firstTokenAt !== undefined ? ex.record.firstTokenAt - ex.record.receivedAt : plan.ttftMs,
    tokensPerSecond: plan.tokensPerSecond,
    startEpochMs: ex.record.receivedAt,
    endEpochMs: epochNow(),
  });

  const tick = (): void => {
    const now = performance.now();
    if (now < firstAt) return ex.setTimer(tick, firstAt - now, true);
    const due = tokensDue(now - firstAt, tokens.length, plan);
    const out: Array<string | Buffer> = [];
    while (true) {
      if (faultPending && sent >= faultAt) {
        faultPending = false;
        const effect = faultEvent(fault!, shape, sent);
        out.push(effect.before);
        if (effect.stallMs) {
          firstAt += effect.stallMs;
          break;
        }
        if (effect.cut !== undefined) {
          ex.record.tokensSent = sent;
          return ex.cut(joinParts([...out, effect.cut]));
        }
        continue;
      }
      if (sent >= due) break;
      const to = faultPending ? Math.min(due, faultAt) : due;
      if (to <= sent) break;
      const wasZero = sent === 0;
      out.push(batch(sent, to));
      sent = to;
      if (wasZero) ex.record.firstTokenAt = epochNow();
    }
    if (sent >= tokens.length && !faultPending) {
      if (!opened) out.push(shape.opening());
      flush(out);
      const sendDone = plan.sendDone && fault?.type !== 'no-done';
      return ex.end(shape.closing(stats(), sendDone));
    }
    flush(out);
    const nextAt = firstAt + tokenDueMs(sent, plan);
    // Precise, as the first token's: a token due under a timer tick away must not wait for the tick.
    ex.setTimer(tick, Math.max(0, nextAt - performance.now()), true);
  };

  const flush = (parts: Array<string | Buffer>): void => {
    ex.record.tokensSent = sent;
    const buffers = parts.filter((p) => p.length > 0);
    if (buffers.length === 0) return;
    ex.write(joinParts(buffers));
  };

  tick();
}

function joinParts(parts: Array<string | Buffer>): string | Buffer {
  if (parts.every((p) => typeof p === 'string')) return (parts as string[]).join('');
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

function isMidStream(f: FaultSpec): boolean {
  return f.type === 'malformed-json' || f.type === 'truncate' || f.type === 'stall-after-first' || f.type === 'huge-line' || f.type === 'invalid-utf8';
}
