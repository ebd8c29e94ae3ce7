// What the strategy models share: engine events for the replay to count, the
// request bookkeeping, a cancellable sleep on the injected timers, and the
// engine's serve-time post-processing, so every model's ghost text is judged
// exactly as ours is.
import { Emitter } from '../../src/shared/events';
import { waitFor } from '../../src/shared/wait';
import { finishSuggestion } from '../../src/completion/core/postprocess';
import type { EndReason } from '../../src/completion/core/session';
import type { CompletionInput, EngineEvent, Suggestion, SuggestionSource } from '../../src/completion/core/types';
import { ModelRequest, type TransportHabit } from './request';
import type { Strategy, StrategyDeps } from './types';

export abstract class ModelStrategy implements Strategy {
  private readonly events = new Emitter<EngineEvent>();
  readonly onEvent = this.events.event;
  /** Requests whose connection is still open. */
  protected readonly open = new Set<ModelRequest>();

  constructor(protected readonly deps: StrategyDeps) {}

  abstract provide(input: CompletionInput, signal: AbortSignal): Promise<Suggestion | undefined>;

  // The anchors learn about edits and moves only through the provider call.
  noteDocumentChange(): void {}
  noteCursor(): void {}
  noteActiveDocument(): void {}

  protected now(): number {
    return this.deps.clock.now();
  }

  /** Sends a request for `input` with the model's transport habit, and reports it. */
  protected send(input: CompletionInput, habit: TransportHabit, speculative = false): ModelRequest {
    const req = new ModelRequest(input, speculative, habit, this.deps.backend, this.deps.clock, this.deps.maxTokens);
    this.open.add(req);
    this.events.fire({ type: 'request', sessionId: req.id, speculative, at: req.session.timings.startedAt });
    void req.finished.then(() => {
      const { session } = req;
      this.events.fire({ type: 'end', sessionId: req.id, state: session.state, reason: session.endReason ?? 'finished', output: session.output, at: this.now() });
    });
    void req.connectionClosed.then(() => {
      this.open.delete(req);
      this.events.fire({ type: 'closed', sessionId: req.id, at: this.now() });
    });
    return req;
  }

  /** Closes a request's stream because the model no longer wants it. */
  protected abort(req: ModelRequest, reason: EndReason): void {
    if (!req.session.streaming) return;
    this.events.fire({ type: 'abort', sessionId: req.id, reason, at: this.now() });
    req.session.abort(reason);
  }

  /** The ghost text for `remaining` at `input`, through the engine's own serve-time post-processing. */
  protected show(remaining: string | undefined, input: CompletionInput, source: SuggestionSource, req?: ModelRequest): Suggestion | undefined {
    if (remaining === undefined) return undefined;
    const shown = finishSuggestion(remaining, { prefix: input.prefix, suffix: input.suffix, languageId: input.languageId, multiline: 'auto' });
    if (!shown) return undefined;
    const suggestion: Suggestion = { ...shown, source };
    if (req) suggestion.sessionId = req.id;
    this.events.fire({ type: 'served', source, sessionId: req?.id, text: suggestion.text, at: this.now() });
    return suggestion;
  }

  /** Resolves true after `ms`, or false as soon as `signal` aborts. */
  protected sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return waitFor(this.deps.timers, ms, signal);
  }

  /** Resolves when `req` has ended, or false as soon as `signal` aborts (the request goes on). */
  protected waitForEnd(req: ModelRequest, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      const onAbort = () => resolve(false);
      signal.addEventListener('abort', onAbort, { once: true });
      void req.finished.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(!signal.aborted);
      });
    });
  }

  dispose(): void {
    this.events.clear();
  }
}

/** A bounded map that forgets the least recently used entry. */
export class Lru<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** Answers keyed on the text before the cursor, found again while the user types what they say. */
export class PrefixCache {
  private readonly lru: Lru<string>;

  constructor(
    capacity: number,
    /** How far back a lookup searches for a shorter key (answers are short). */
    private readonly maxStepBack = 400,
  ) {
    this.lru = new Lru(capacity);
  }

  set(docKey: string, prefix: string, answer: string): void {
    this.lru.set(`${docKey}\u0000${prefix}`, answer);
  }

  /**
   * The rest of an answer whose key the text before the cursor starts with and
   * which agrees with what was typed since. `longestKeyDecides`: only the
   * longest such key is tried (a longest-prefix query); otherwise the longest
   * key whose answer agrees.
   */
  lookup(docKey: string, prefix: string, longestKeyDecides: boolean): string | undefined {
    const limit = Math.min(this.maxStepBack, prefix.length);
    for (let back = 0; back <= limit; back++) {
      const hit = this.lru.get(`${docKey}\u0000${prefix.slice(0, prefix.length - back)}`);
      if (hit === undefined) continue;
      const typed = prefix.slice(prefix.length - back);
      if (hit.startsWith(typed) && hit.length > typed.length) return hit.slice(typed.length);
      if (longestKeyDecides) return undefined;
    }
    return undefined;
  }
}
