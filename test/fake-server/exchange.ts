// One request/response pair: every write goes through here so nothing is
// written after the client went away, every timer is cleared when the exchange
// ends, and the moment the client closed the connection is recorded precisely.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestRecord } from './types';

/** Epoch ms with sub-ms precision, on the monotonic clock. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export class Exchange {
  /** Set once the response ended, was destroyed, or the client left. */
  finished = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly intervals = new Set<NodeJS.Timeout>();
  private readonly immediates = new Set<NodeJS.Immediate>();
  private readonly closeListeners: Array<() => void> = [];
  private readonly finishListeners: Array<() => void> = [];
  private destroyedByServer = false;
  lastWriteAt = 0;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly record: RequestRecord,
    private readonly onFinished: (ex: Exchange) => void,
  ) {
    const socket = req.socket;
    socket.setNoDelay(true);
    const onSocketEnd = () => this.clientLeft();
    // A client that aborts sends FIN; the socket 'end' arrives before 'close', so listen to both.
    socket.on('end', onSocketEnd);
    res.on('close', () => {
      socket.off('end', onSocketEnd);
      if (!res.writableFinished) this.clientLeft();
      else this.finish();
    });
    res.on('finish', () => socket.off('end', onSocketEnd));
  }

  /** Calls `fn` when the client leaves before the response ended. */
  onClientClose(fn: () => void): void {
    this.closeListeners.push(fn);
  }

  /** Calls `fn` once the exchange is over, however it ended. */
  onFinish(fn: () => void): void {
    if (this.finished) fn();
    else this.finishListeners.push(fn);
  }

  private clientLeft(): void {
    if (this.finished || this.destroyedByServer) return;
    this.record.clientClosedAt = epochNow();
    this.finish();
    for (const fn of this.closeListeners) fn();
    // The client is gone: drop the socket so nothing lingers half-open.
    this.res.destroy();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.record.endedAt === undefined) this.record.endedAt = epochNow();
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.intervals) clearInterval(t);
    for (const t of this.immediates) clearImmediate(t);
    this.timers.clear();
    this.intervals.clear();
    this.immediates.clear();
    this.onFinished(this);
    for (const fn of this.finishListeners.splice(0)) fn();
  }

  /**
   * Runs `fn` after `ms`. Node timers fire up to ~2 ms late; with `precise` the
   * last 2 ms are waited out on the event loop instead, for the time to first
   * token that benchmarks measure.
   */
  setTimer(fn: () => void, ms: number, precise = false): void {
    if (this.finished) return;
    if (!precise) return this.timeout(fn, Math.max(0, ms));
    const target = performance.now() + ms;
    const step = (): void => {
      const left = target - performance.now();
      if (left <= 0) return fn();
      if (left > 2) return this.timeout(step, left - 1.5);
      const i = setImmediate(() => {
        this.immediates.delete(i);
        if (!this.finished) step();
      });
      this.immediates.add(i);
    };
    step();
  }

  private timeout(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.finished) fn();
    }, ms);
    this.timers.add(t);
  }

  setInterval(fn: () => void, ms: number): void {
    if (this.finished) return;
    const t = setInterval(() => {
      if (!this.finished) fn();
    }, ms);
    this.intervals.add(t);
  }

  pendingTimers(): number {
    return this.timers.size + this.intervals.size + this.immediates.size;
  }

  writeHead(status: number, headers: Record<string, string>): void {
    if (this.finished || this.res.headersSent) return;
    this.record.status = status;
    this.res.writeHead(status, headers);
    this.res.flushHeaders();
    this.record.firstByteAt ??= epochNow();
    this.lastWriteAt = performance.now();
  }

  write(chunk: string | Buffer): void {
    if (this.finished || chunk.length === 0) return;
    this.res.write(chunk);
    this.record.firstByteAt ??= epochNow();
    this.lastWriteAt = performance.now();
  }

  /** Ends the response normally: the full answer was written. */
  end(chunk?: string | Buffer): void {
    if (this.finished) return;
    if (chunk !== undefined && chunk.length > 0) this.write(chunk);
    this.record.completed = true;
    this.record.endedAt = epochNow();
    this.res.end();
    this.finish();
  }

  /** Cuts the connection on purpose (faults); not a client close. */
  destroy(): void {
    if (this.finished) return;
    this.destroyedByServer = true;
    this.record.endedAt = epochNow();
    this.finish();
    this.req.socket.destroy();
  }

  /** Writes `chunk` and then cuts the connection, as a server that dies mid-response. */
  cut(chunk: string | Buffer): void {
    if (this.finished) return;
    this.destroyedByServer = true;
    const socket = this.req.socket;
    this.res.write(chunk, () => socket.destroy());
    this.record.firstByteAt ??= epochNow();
    this.record.endedAt = epochNow();
    this.finish();
  }

  /** Sends a whole JSON (or other) body with a status. */
  respond(status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
    this.writeHead(status, { 'content-type': type, ...headers });
    this.end(text);
  }
}
