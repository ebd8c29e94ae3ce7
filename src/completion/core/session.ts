// One request to the endpoint and everything it has produced so far. The
// session cleans the streamed text, applies the stop rules as it grows, and
// stops the stream (closing the connection, so the server stops too) as soon
// as a rule cuts it. Its abort is its own: it is not tied to any one call from
// the editor, so a stream the user is typing through survives their keystrokes.
import type { FimRequest, GenerationStream, StreamDelta } from '../../providers/types';
import type { Clock } from '../../shared/clock';
import { cleanModelOutput } from './clean';
import { Emitter } from '../../shared/events';
import type { Disposable } from '../../shared/lifecycle';
import { fixStart } from './postprocess';
import { applyStopRules, peekAfter, type StopContext, type StopRuleName } from './stopRules';

export type FimBackend = (req: FimRequest, signal: AbortSignal) => GenerationStream;

/** Where a request was asked. Offsets are character offsets in the document. */
export interface Anchor {
  docKey: string;
  offset: number;
  prefix: string;
  suffix: string;
  languageId: string;
  /** Asked for the state after accepting a suggestion, before the user got there. */
  speculative: boolean;
}

export type SessionState = 'streaming' | 'done' | 'aborted' | 'failed';
export type EndReason = 'finished' | StopRuleName | 'control-token' | 'misfit' | 'diverged' | 'left' | 'idle' | 'replaced' | 'disposed' | 'error';

export interface SessionTimings {
  startedAt: number;
  firstTokenAt?: number;
  /** First time the output had a whole line (or ended). */
  showableAt?: number;
  endedAt?: number;
}

let nextSessionId = 1;

export class GenerationSession {
  readonly id = nextSessionId++;
  readonly timings: SessionTimings;
  state: SessionState = 'streaming';
  endReason: EndReason | undefined;
  error: unknown;
  /** Raw content received from the endpoint. */
  raw = '';
  /** Cleaned, fixed and cut output, relative to the anchor. */
  output = '';
  /** The start of the line the output was cut before (indentation and first character), when a rule cut it there. */
  peeked: string | undefined;
  /** Resolves once the stream's loop has exited (the connection is closed or done). */
  readonly closed: Promise<void>;
  private readonly controller = new AbortController();
  private readonly changed = new Emitter<void>();

  constructor(
    readonly anchor: Anchor,
    private readonly stopContext: StopContext,
    private readonly clock: Clock,
    backend: FimBackend,
    request: FimRequest,
  ) {
    this.timings = { startedAt: clock.now() };
    this.closed = this.run(backend, request);
  }

  get streaming(): boolean {
    return this.state === 'streaming';
  }

  /** The output has something to show: a whole line with content, or the stream is over. */
  get showable(): boolean {
    return !this.streaming || hasCompleteLine(this.output);
  }

  /** Called after every change of output or state. */
  onChange(listener: () => void): Disposable {
    return this.changed.event(listener);
  }

  /** Stops the stream now; the connection is closed so the server stops generating. */
  abort(reason: EndReason): void {
    if (!this.streaming) return;
    this.finish('aborted', reason);
    this.controller.abort();
  }

  private async run(backend: FimBackend, request: FimRequest): Promise<void> {
    let iterator: AsyncIterator<StreamDelta> | undefined;
    // Resolves when this session aborts; the loop below stops waiting for the stream then,
    // whatever the stream does after its signal was aborted.
    const stopped = new Promise<IteratorResult<StreamDelta>>((resolve) => {
      this.controller.signal.addEventListener('abort', () => resolve({ value: undefined, done: true }), { once: true });
    });
    try {
      const stream = backend(request, this.controller.signal);
      // Failures also surface through the iteration; this keeps an unobserved rejection quiet.
      stream.outcome.catch(() => undefined);
      iterator = stream[Symbol.asyncIterator]();
      for (;;) {
        const next = await Promise.race([iterator.next(), stopped]);
        if (next.done || !this.streaming) break;
        const delta = next.value;
        if (delta.kind !== 'content' || delta.text === '') continue;
        this.timings.firstTokenAt ??= this.clock.now();
        this.raw += delta.text;
        this.update(false);
      }
      if (this.streaming) {
        this.update(true);
        if (this.streaming) this.finish('done', 'finished');
      }
    } catch (err) {
      if (this.streaming) {
        this.error = err;
        this.finish('failed', 'error');
      }
    } finally {
      if (this.streaming) this.finish('aborted', 'disposed');
      if (this.controller.signal.aborted) void iterator?.return?.().catch(() => undefined);
    }
  }

  private update(final: boolean): void {
    const cleaned = cleanModelOutput(this.raw, final, this.anchor.languageId);
    const ended = final || cleaned.ended;
    const fixed = fixStart(cleaned.text, this.anchor.prefix, ended);
    if (fixed === undefined) return;
    if (fixed === null) {
      // The answer does not fit the cursor: nothing to show, and nothing more is wanted.
      this.output = '';
      this.timings.showableAt ??= this.clock.now();
      this.finish('done', 'misfit');
      this.controller.abort();
      return;
    }
    const stop = applyStopRules(fixed, this.stopContext, ended);
    this.output = stop ? fixed.slice(0, stop.cut) : fixed;
    if (stop) this.peeked = peekAfter(fixed, stop.cut);
    if (this.timings.showableAt === undefined && (ended || stop || hasCompleteLine(this.output))) {
      this.timings.showableAt = this.clock.now();
    }
    if (stop) {
      this.finish('done', stop.rule);
      // Nothing more is wanted from the server: close the stream now.
      this.controller.abort();
    } else if (cleaned.ended && !final) {
      this.finish('done', 'control-token');
      this.controller.abort();
    } else {
      this.notify();
    }
  }

  private finish(state: Exclude<SessionState, 'streaming'>, reason: EndReason): void {
    this.state = state;
    this.endReason = reason;
    this.timings.endedAt = this.clock.now();
    this.notify();
  }

  private notify(): void {
    this.changed.fire();
  }
}

/** What an answer says about the text after it. */
export interface AnswerTail {
  /** It stopped because what it would write next is already in the document (next-line-repeat, suffix-start). */
  documentFollows: boolean;
  /** The start of the line it was cut before (indentation and first character), if any. */
  peeked?: string;
}

export const NO_TAIL: AnswerTail = { documentFollows: false };

/** What a finished session says about the text after its output. */
export function tailOf(session: GenerationSession): AnswerTail {
  if (session.state !== 'done') return NO_TAIL;
  const documentFollows = session.endReason === 'next-line-repeat' || session.endReason === 'suffix-start';
  return session.peeked === undefined ? { documentFollows } : { documentFollows, peeked: session.peeked };
}

/** True when `text` has a line with content that is followed by a line break. */
export function hasCompleteLine(text: string): boolean {
  const lastBreak = text.lastIndexOf('\n');
  return lastBreak >= 0 && text.slice(0, lastBreak).trim() !== '';
}
