// Test doubles for the completion engine: a manual clock with timers, and a
// backend whose streams the test feeds by hand.
import type { FimRequest, GenerationStream, StreamDelta, StreamOutcome } from '../../../src/providers/types';
import type { Clock, TimerHandle, Timers } from '../../../src/shared/clock';
import { CompletionEngine } from '../../../src/completion/core/engine';
import { DEFAULT_PROMPT_BUDGET } from '../../../src/completion/core/prompt';
import type { CompletionInput, EnginePort, EngineOptions } from '../../../src/completion/core/types';

export class ManualTime implements Clock, Timers {
  private current = 0;
  private timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { at: this.current + Math.max(0, ms), fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward, firing due timers in order and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      due.cancelled = true;
      due.fn();
    }
    this.current = end;
    await flush();
  }
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

/** One fake generation the test drives: push text, end it, fail it; it records whether it was aborted. */
export class FakeStream implements GenerationStream {
  readonly outcome: Promise<StreamOutcome>;
  abortedAt: number | undefined;
  private queue: StreamDelta[] = [];
  private ended = false;
  private failure: unknown;
  private wake: (() => void) | undefined;
  private resolveOutcome!: (o: StreamOutcome) => void;
  private text = '';

  constructor(
    readonly request: FimRequest,
    readonly signal: AbortSignal,
    clock: Clock,
  ) {
    this.outcome = new Promise((resolve) => (this.resolveOutcome = resolve));
    signal.addEventListener('abort', () => {
      this.abortedAt = clock.now();
      this.wake?.();
    });
  }

  get aborted(): boolean {
    return this.signal.aborted;
  }

  get finished(): boolean {
    return this.ended;
  }

  push(text: string): void {
    this.queue.push({ kind: 'content', text });
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  fail(error: unknown): void {
    this.failure = error;
    this.wake?.();
  }

  /** Like a transport that never ends its iteration once aborted. */
  hangsAfterAbort = false;

  async *[Symbol.asyncIterator](): AsyncIterator<StreamDelta> {
    for (;;) {
      if (this.signal.aborted && this.hangsAfterAbort) await new Promise(() => undefined);
      if (this.signal.aborted) break;
      const next = this.queue.shift();
      if (next) {
        this.text += next.text;
        yield next;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.ended) break;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    this.resolveOutcome({
      text: this.text,
      reasoning: '',
      finishReason: this.signal.aborted ? null : 'stop',
      aborted: this.signal.aborted,
      sample: {
        profileId: 'test', providerName: 'Test', model: 'm', kind: 'completion', startedAt: 0, ttftMs: null, totalMs: 0,
        completionTokens: 0, tokensEstimated: true, tokensPerSecond: null, server: null, aborted: this.signal.aborted,
      },
    });
  }
}

export class FakeBackend {
  readonly streams: FakeStream[] = [];
  /** When set, every new stream answers this text at once and ends. */
  autoAnswer: ((req: FimRequest) => string) | undefined;

  constructor(private readonly clock: Clock) {}

  readonly backend = (req: FimRequest, signal: AbortSignal): GenerationStream => {
    const stream = new FakeStream(req, signal, this.clock);
    this.streams.push(stream);
    if (this.autoAnswer) {
      stream.push(this.autoAnswer(req));
      stream.end();
    }
    return stream;
  };

  get last(): FakeStream {
    return this.streams[this.streams.length - 1]!;
  }

  get open(): FakeStream[] {
    return this.streams.filter((s) => !s.aborted && !s.finished);
  }
}

export const TEST_OPTIONS: EngineOptions = {
  debounce: 'adaptive',
  fixedDebounceMs: 150,
  multiline: 'auto',
  maxLines: 12,
  speculative: false,
  contextFromOtherFiles: false,
  maxTokens: 128,
  budget: DEFAULT_PROMPT_BUDGET,
  idleAbortMs: 2000,
};

export function makeEngine(options: Partial<EngineOptions> = {}, deps: Partial<EnginePort> = {}) {
  const time = new ManualTime();
  const fake = new FakeBackend(time);
  const engine = new CompletionEngine({ ...TEST_OPTIONS, ...options }, { backend: fake.backend, clock: time, timers: time, ...deps });
  return { time, fake, engine };
}

/** A tiny editor: a document, a cursor and a version, producing engine inputs. */
export class Doc {
  version = 1;
  constructor(
    public text: string,
    public cursor: number,
    readonly docKey = 'file:///a.ts',
    readonly languageId = 'typescript',
  ) {}

  type(s: string, engine?: CompletionEngine): this {
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += s.length;
    this.version++;
    engine?.noteDocumentChange(this.docKey, this.version);
    return this;
  }

  backspace(engine?: CompletionEngine): this {
    this.text = this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor);
    this.cursor -= 1;
    this.version++;
    engine?.noteDocumentChange(this.docKey, this.version);
    return this;
  }

  input(trigger: CompletionInput['trigger'] = 'automatic'): CompletionInput {
    return {
      docKey: this.docKey,
      version: this.version,
      offset: this.cursor,
      prefix: this.text.slice(0, this.cursor),
      suffix: this.text.slice(this.cursor),
      languageId: this.languageId,
      filePath: '/project/a.ts',
      trigger,
    };
  }
}
