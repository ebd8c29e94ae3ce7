// `adaptive-debounce`: a model of Tabby's strategy, not Tabby's code (written
// here from the facts in ../shared/research/anchors.md, section 5, and its
// clients/tabby-agent/src/codeCompletion sources as read for that note).
//
// - A debounce between 100 and 1,000 ms: a base interval from the user's
//   typing (the mean gap once more than 20 gaps under 400 ms were seen, kept
//   within 100–400 ms, 200 ms before that) times a rate between 3.0 and 1.5
//   (lower after a non-word character, at a line end and at the document end),
//   minus the average latency of the last 10 answers.
// - VS Code's cancellation aborts the waiting call and the request in flight;
//   a new request also aborts the previous one.
// - Not streamed: the ghost text appears when the whole answer has arrived.
// - An LRU of 100 answers keyed on the exact text around the cursor, pre-filled
//   for typing up to 50 characters of the suggestion's first line.
import { lineSuffixOf } from '../../src/completion/core/text';
import type { CompletionInput, Suggestion } from '../../src/completion/core/types';
import { Lru, ModelStrategy } from './base';
import type { ModelRequest, TransportHabit } from './request';

const HABIT: TransportHabit = { delivery: 'whole', closesEarly: true };
const CACHE_SIZE = 100;
const MAX_FORWARD_CHARS = 50;

const clamp = (lo: number, hi: number, v: number) => Math.max(lo, Math.min(hi, v));

export interface DebounceContext {
  /** The character before the cursor. */
  triggerCharacter: string;
  isLineEnd: boolean;
  isDocumentEnd: boolean;
  /** Average latency of recent answers, ms (0 when none yet). */
  estimatedResponseMs: number;
}

/** Tabby's adaptive debounce, as a function of the calls' times and their context. */
export class AdaptiveDebouncer {
  private baseInterval = 200;
  private lastAt = Number.NEGATIVE_INFINITY;
  private readonly gaps: number[] = [];

  /** Milliseconds to wait for a call at `now`. */
  delayFor(now: number, ctx: DebounceContext): number {
    const gap = now - this.lastAt;
    this.lastAt = now;
    if (gap <= 400) {
      this.gaps.push(gap);
      if (this.gaps.length > 100) this.gaps.shift();
      if (this.gaps.length > 20) this.baseInterval = clamp(100, 400, this.gaps.reduce((a, b) => a + b, 0) / this.gaps.length);
    }
    const score = clamp(0, 1, (/^\W*$/.test(ctx.triggerCharacter) ? 0.5 : 0) + (ctx.isLineEnd ? 0.4 : 0) + (ctx.isDocumentEnd ? 0.1 : 0));
    const rate = 3.0 - 1.5 * score;
    return clamp(100, 1000, rate * this.baseInterval - ctx.estimatedResponseMs);
  }
}

export class AdaptiveDebounceStrategy extends ModelStrategy {
  private readonly debouncer = new AdaptiveDebouncer();
  private readonly latencies: number[] = [];
  private readonly cache = new Lru<string>(CACHE_SIZE);
  private inFlight: ModelRequest | undefined;

  async provide(input: CompletionInput, signal: AbortSignal): Promise<Suggestion | undefined> {
    const cached = this.cache.get(key(input));
    if (cached !== undefined) return this.show(cached, input, 'cache');
    const delay = this.debouncer.delayFor(this.now(), {
      triggerCharacter: input.prefix.slice(-1),
      isLineEnd: /^\W*$/.test(lineSuffixOf(input.suffix)),
      isDocumentEnd: /^\W*$/.test(input.suffix),
      estimatedResponseMs: this.latencies.length ? this.latencies.reduce((a, b) => a + b, 0) / this.latencies.length : 0,
    });
    if (!(await this.sleep(delay, signal))) return undefined;
    if (this.inFlight) this.abort(this.inFlight, 'replaced');
    const req = (this.inFlight = this.send(input, HABIT));
    const onCancel = () => this.abort(req, 'diverged');
    signal.addEventListener('abort', onCancel, { once: true });
    await req.finished;
    signal.removeEventListener('abort', onCancel);
    if (this.inFlight === req) this.inFlight = undefined;
    if (req.session.state !== 'done') return undefined;
    this.latencies.push(this.now() - req.session.timings.startedAt);
    if (this.latencies.length > 10) this.latencies.shift();
    const text = req.session.output;
    if (text.trim() === '') return undefined;
    this.cache.set(key(input), text);
    this.prefill(input, text);
    return signal.aborted ? undefined : this.show(text, input, 'request', req);
  }

  /** Answers for typing the first characters of the suggestion's first line. */
  private prefill(input: CompletionInput, text: string): void {
    const nl = text.indexOf('\n');
    const firstLine = nl < 0 ? text : text.slice(0, nl);
    const steps = Math.min(MAX_FORWARD_CHARS, firstLine.length);
    for (let n = 1; n < steps; n++) this.cache.set(key({ ...input, prefix: input.prefix + firstLine.slice(0, n) }), firstLine.slice(n));
  }
}

function key(input: Pick<CompletionInput, 'docKey' | 'prefix' | 'suffix'>): string {
  return `${input.docKey}\u0000${input.prefix.slice(-4000)}\u0000${input.suffix.slice(0, 2000)}`;
}
