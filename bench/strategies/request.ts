// A request as the strategy models make it. Every model sends the same request
// for the same editor state as our engine does (our prompt, max_tokens, a `\n`
// stop mid-line) and reads it through the same session (cleaning, stop rules),
// so the models differ from ours only in when they ask, what they abort, what
// they reuse and when they show. Two transport habits of the anchors are
// modelled here: an answer that arrives whole (no streaming: llama.vscode's
// /infill, Tabby), and a connection that is never closed early (llama.vscode's
// call has no abort signal, so the server generates every token it planned).
import { openBracketsBefore, scanOptionsFor } from '../../src/completion/core/brackets';
import { buildFimRequest, DEFAULT_PROMPT_BUDGET } from '../../src/completion/core/prompt';
import { GenerationSession, type Anchor, type FimBackend } from '../../src/completion/core/session';
import { isOnlyClosersRight, lineSuffixOf } from '../../src/completion/core/text';
import type { CompletionInput } from '../../src/completion/core/types';
import type { GenerationStream, StreamDelta } from '../../src/providers/types';
import type { Clock } from '../../src/shared/clock';

export interface TransportHabit {
  /** `whole`: the text reaches the extension only when the answer is complete (a non-streamed request). */
  delivery: 'streamed' | 'whole';
  /** False: the connection stays open until the server has sent everything, whatever the extension does. */
  closesEarly: boolean;
}

/** The engine's default line budget, used for every model. */
const MAX_LINES = 12;

/** Mid-line (anything but closers right of the cursor) a request asks for one line, as the engine does. */
export function isSingleLineSpot(suffix: string): boolean {
  return !isOnlyClosersRight(lineSuffixOf(suffix));
}

/**
 * Reads `stream` to its end on its own, whatever the consumer does, and hands
 * the consumer what it wants to see: every delta, or everything at once.
 */
function relay(stream: GenerationStream, habit: TransportHabit, consumer: AbortSignal): { stream: GenerationStream; drained: Promise<void> } {
  const queue: StreamDelta[] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const drained = (async () => {
    try {
      for await (const delta of stream) {
        if (consumer.aborted) continue;
        if (habit.delivery === 'whole' && queue.length > 0 && queue[0]!.kind === delta.kind) queue[0] = { kind: delta.kind, text: queue[0]!.text + delta.text };
        else queue.push(delta);
        if (habit.delivery === 'streamed') wake?.();
      }
    } catch (err) {
      failure = err;
    } finally {
      done = true;
      wake?.();
    }
  })();
  const relayed: GenerationStream = {
    outcome: stream.outcome,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = queue.shift();
        if (next && (done || habit.delivery === 'streamed')) {
          yield next;
          continue;
        }
        if (done) {
          if (failure !== undefined) throw failure;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
  };
  return { stream: relayed, drained };
}

/** One request of a model: its session, where it was asked, and when its connection closed. */
export class ModelRequest {
  readonly session: GenerationSession;
  readonly anchor: Anchor;
  /** Resolves once the connection to the server is closed (answer complete or closed early). */
  readonly connectionClosed: Promise<void>;
  /** Resolves once the session has ended: its text is final. */
  readonly finished: Promise<void>;

  constructor(
    readonly input: CompletionInput,
    readonly speculative: boolean,
    habit: TransportHabit,
    backend: FimBackend,
    clock: Clock,
    maxTokens: number,
  ) {
    const singleLine = isSingleLineSpot(input.suffix);
    const scanOptions = scanOptionsFor(input.languageId);
    this.anchor = { docKey: input.docKey, offset: input.offset, prefix: input.prefix, suffix: input.suffix, languageId: input.languageId, speculative };
    const request = buildFimRequest(input, { budget: DEFAULT_PROMPT_BUDGET, maxTokens, singleLine });
    let closed: Promise<void> = Promise.resolve();
    const habitBackend: FimBackend = (req, signal) => {
      if (habit.closesEarly && habit.delivery === 'streamed') {
        const stream = backend(req, signal);
        closed = stream.outcome.then(
          () => undefined,
          () => undefined,
        );
        return stream;
      }
      // The server's connection follows `signal` only when the extension closes early.
      const connection = habit.closesEarly ? signal : new AbortController().signal;
      const relayed = relay(backend(req, connection), habit, signal);
      closed = relayed.drained;
      return relayed.stream;
    };
    this.session = new GenerationSession(
      this.anchor,
      { prefix: input.prefix, suffix: input.suffix, scanOptions, open: openBracketsBefore(input.prefix, scanOptions), singleLine, maxLines: MAX_LINES, maxTokens },
      clock,
      habitBackend,
      request,
    );
    // The backend was called synchronously by the session's constructor.
    this.connectionClosed = closed;
    this.finished = new Promise<void>((resolve) => {
      if (!this.session.streaming) return resolve();
      const subscription = this.session.onChange(() => {
        if (this.session.streaming) return;
        subscription.dispose();
        resolve();
      });
    });
  }

  get id(): number {
    return this.session.id;
  }

  /** The text typed since the anchor when `state` is the anchor plus typing, else undefined. */
  typedAt(state: CompletionInput): string | undefined {
    if (state.docKey !== this.anchor.docKey || state.offset < this.anchor.offset) return undefined;
    if (!state.prefix.startsWith(this.anchor.prefix)) return undefined;
    return state.prefix.slice(this.anchor.prefix.length);
  }

  /** What the answer has left to show at `state`, once finished; undefined when it does not fit. */
  remainingAt(state: CompletionInput): string | undefined {
    const typed = this.typedAt(state);
    const output = this.session.output;
    if (typed === undefined || !output.startsWith(typed)) return undefined;
    return output.slice(typed.length);
  }

  /** The answer so far still agrees with what was typed since the anchor (or may, while it streams). */
  agreesWith(state: CompletionInput): boolean {
    const typed = this.typedAt(state);
    if (typed === undefined) return false;
    const output = this.session.output;
    return output.startsWith(typed) || (this.session.streaming && typed.startsWith(output));
  }
}
