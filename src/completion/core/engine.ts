// The completion engine: one `provide` call per editor call, at most one
// stream open at a time. Order of business on every call:
//   1. the open stream: keep it while the user types what it produces, else
//      close it right here, before anything is awaited;
//   2. serve from what is known: the open stream, the last finished
//      suggestion, the cache (typing through, backspace, coming back);
//   3. only an edit (or an explicit trigger) may ask the endpoint, after the
//      adaptive debounce; the new stream replaces any other.
import type { TimerHandle } from '../../shared/clock';
import { silentLogger } from '../../shared/log';
import { ActivityTracker } from './activity';
import { AskingAhead, leavesBlockAfterFirstLine } from './ahead';
import { CallTracker, type CallKind } from './calls';
import { AskTiming } from './askTiming';
import { Emitter } from '../../shared/events';
import { SuggestionMemory, type Known } from './memory';
import { relate, relateOutput, remainingAfter, type Relation } from './matching';
import { finishSuggestion, type ServeContext } from './postprocess';
import { describeRequest } from './request';
import { GenerationSession, type EndReason } from './session';
import { isAtLineStart } from './text';
import { CLOSE_WAIT_MS } from './tuning';
import { waitFor } from '../../shared/wait';
import { ruleOn, type CompletionInput, type EngineEvent, type EngineOptions, type EnginePort, type EngineRule, type Suggestion, type SuggestionSource } from './types';

export class CompletionEngine {
  private live: GenerationSession | undefined;
  private readonly memory = new SuggestionMemory();
  private readonly timing: AskTiming;
  private readonly activity: ActivityTracker;
  private readonly calls = new CallTracker();
  private lastRequestKey: string | undefined;
  private lastInput: CompletionInput | undefined;
  private readonly ahead: AskingAhead;
  /** Sessions whose connection is not closed yet; a new one starts only once they are. */
  private readonly unclosed = new Set<GenerationSession>();
  private idleTimer: TimerHandle | undefined;
  private activeCalls = 0;
  private pendingCalls = 0;
  private readonly events = new Emitter<EngineEvent>();
  readonly onEvent = this.events.event;
  readonly onActivity;

  constructor(
    private options: EngineOptions,
    private readonly port: EnginePort,
  ) {
    this.timing = new AskTiming(() => port.recentTtftMs?.() ?? []);
    this.activity = new ActivityTracker(port.clock, () => port.rateLimitRemainingMs?.() ?? 0);
    this.onActivity = this.activity.onChange;
    this.ahead = new AskingAhead({
      ruleOn: (rule) => this.ruleOn(rule),
      mayAskAhead: () => this.mayAskAhead(),
      liveStreaming: () => this.live?.streaming === true,
      connectionsClosed: () => (this.unclosed.size > 0 ? Promise.all([...this.unclosed].map((s) => s.closed)) : undefined),
      answeredAt: (at) => this.memory.exact(at) !== undefined,
      ask: (at) => void this.startSession(at, true),
    });
  }

  get activitySnapshot() {
    return this.activity.snapshot;
  }

  configure(patch: Partial<EngineOptions>): void {
    this.options = { ...this.options, ...patch };
  }

  /** The document changed to `version` (typing, paste, undo…). */
  noteDocumentChange(docKey: string, version: number): void {
    this.calls.noteChange(docKey, version);
  }

  /** The cursor moved. Without an edit, a move away from the open stream's spot closes it. */
  noteCursor(docKey: string, offset: number, version: number): void {
    const live = this.live;
    if (!live) return;
    if (live.anchor.docKey !== docKey) return this.abortLive('left');
    if (this.calls.isMoveWithoutEdit(docKey, offset, version)) this.abortLive('left');
  }

  /** The user switched to another editor (or none). */
  noteActiveDocument(docKey: string | undefined): void {
    if (this.live && this.live.anchor.docKey !== docKey) this.abortLive('left');
  }

  /** Forgets everything about a document (closed, or now excluded). */
  forgetDocument(docKey: string): void {
    if (this.live?.anchor.docKey === docKey) this.abortLive('left');
    this.memory.forgetDocument(docKey);
    this.calls.forget(docKey);
  }

  async provide(input: CompletionInput, signal: AbortSignal): Promise<Suggestion | undefined> {
    const kind = this.calls.classify(input);
    const contradicts = kind === 'edit' && this.timing.noteEdit(input, this.lastInput, this.port.clock.now());
    this.lastInput = input;
    this.activeCalls++;
    this.idleTimer?.cancel();
    try {
      const suggestion = await this.decide(input, kind, contradicts, signal);
      // A cancelled call changes nothing on screen; an edit answered with nothing clears it.
      if (signal.aborted) return undefined;
      if (!suggestion) {
        if (kind === 'edit') this.timing.noteHidden();
        return undefined;
      }
      this.timing.noteShown(input, suggestion.text);
      this.events.fire({ type: 'served', source: suggestion.source, sessionId: suggestion.sessionId, text: suggestion.text, at: this.port.clock.now() });
      return suggestion;
    } finally {
      this.activeCalls--;
      this.armIdleAbort();
    }
  }

  private async decide(input: CompletionInput, kind: CallKind, contradicts: boolean, signal: AbortSignal): Promise<Suggestion | undefined> {
    // 1. Keep the open stream only while the user's typing agrees with it; close it now otherwise.
    let relation: Relation | undefined;
    if (this.live) {
      relation = relate(this.live.anchor, this.live.output, this.live.streaming, input);
      if (relation.kind === 'diverged') this.abortLive(relation.why === 'text' ? 'diverged' : 'left');
    }
    // 2. Serve from what is already known.
    if (this.live && relation?.kind === 'continues') {
      const fromStream = await this.serve(this.live, relation.typed, input, signal, 'stream');
      if (fromStream || signal.aborted) return fromStream;
    }
    // What was answered at exactly this spot comes first, even nothing: it beats an older guess that runs through it.
    const manual = input.trigger === 'manual';
    const exact = this.memory.exact(input);
    if (exact) {
      const fromExact = this.reuse(exact, input);
      if (fromExact || !manual) return fromExact;
    }
    const known = this.memory.typedThrough(input);
    // At a line start the user typed to, a line guessed before they confirmed the one above it
    // gives way to an answer asked here (no wait at a line start), as asking ahead would have.
    const askInstead = known?.guessed === true && kind === 'edit' && !manual && isAtLineStart(input.prefix) && this.mayAskAhead() && this.ruleOn('ask-at-guessed-line');
    const reused = known && !askInstead && this.reuse(known, input);
    if (reused) return reused;
    // Typed to the end of an answer that said the block ends there: nothing to add, nothing to ask.
    if (!manual && known?.remaining.trim() === '' && this.ruleOn('block-end') && leavesBlockAfterFirstLine({ text: '', tail: known.tail }, input.prefix, input.suffix)) return undefined;
    // 3. Ask the endpoint: only for edits or when asked, and not while backing off.
    const requestKey = `${input.docKey}\u0000${input.version}\u0000${input.offset}`;
    if (!manual && (kind === 'move' || (kind === 'repeat' && this.lastRequestKey === requestKey))) return undefined;
    if (!manual && this.activity.blockedMs() > 0) return undefined;
    this.pendingCalls++;
    this.activity.setWaiting(true);
    try {
      const delay = this.timing.delayMs(input, contradicts, this.options, (rule) => this.ruleOn(rule));
      if (delay > 0 && !(await this.sleep(delay, signal))) return undefined;
      if (signal.aborted) return undefined;
      // One stream at a time: the new request replaces any other, once its connection is closed.
      this.abortLive('replaced');
      if (this.unclosed.size > 0) {
        await Promise.race([Promise.all([...this.unclosed].map((s) => s.closed)), this.sleep(CLOSE_WAIT_MS)]);
        if (signal.aborted) return undefined;
      }
      this.lastRequestKey = requestKey;
      const session = this.startSession(input, false);
      return await this.serve(session, '', input, signal, 'request');
    } finally {
      this.pendingCalls--;
      if (this.pendingCalls === 0) this.activity.setWaiting(false);
    }
  }

  /**
   * Waits until `session` has something to show after `typed`, it ends, or the call is cancelled.
   * Asks ahead from what it shows only once the user follows it.
   */
  private serve(session: GenerationSession, typed: string, input: CompletionInput, signal: AbortSignal, source: SuggestionSource): Promise<Suggestion | undefined> {
    const ctx = this.serveContext(input);
    return new Promise<Suggestion | undefined>((resolve) => {
      let settled = false;
      const finish = (value: Suggestion | undefined) => {
        if (settled) return;
        settled = true;
        subscription.dispose();
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = () => finish(undefined);
      const check = () => {
        if (signal.aborted) return finish(undefined);
        // A failed stream, like a running one, offers only its whole lines: its last line was cut off.
        const rest = remainingAfter(session.output, typed, session.streaming || session.state === 'failed');
        if (rest !== undefined) {
          const shown = finishSuggestion(rest, ctx);
          if (shown) return finish({ ...shown, source, sessionId: session.id });
        }
        if (!session.streaming || relateOutput(session.output, typed, true) === undefined) finish(undefined);
      };
      const subscription = session.onChange(check);
      signal.addEventListener('abort', onAbort);
      check();
    }).then((suggestion) => {
      if (suggestion) this.ahead.afterServed(session, typed, input, suggestion);
      return suggestion;
    });
  }

  private serveContext(input: CompletionInput): ServeContext {
    return { prefix: input.prefix, suffix: input.suffix, languageId: input.languageId, multiline: this.options.multiline };
  }

  private reuse(known: Known, input: CompletionInput): Suggestion | undefined {
    const shown = finishSuggestion(known.remaining, this.serveContext(input));
    if (!shown) return undefined;
    const suggestion: Suggestion = { ...shown, source: 'cache' };
    this.ahead.afterReused(input, suggestion, known.typed, { text: known.remaining, tail: known.tail });
    return suggestion;
  }

  private ruleOn(rule: EngineRule): boolean {
    return ruleOn(this.options, rule);
  }

  /** Asking ahead is on, and the provider is neither rate-limited nor failing. */
  private mayAskAhead(): boolean {
    return this.options.speculative && !this.activity.rateLimited() && this.activity.blockedMs() <= 0;
  }

  private startSession(at: CompletionInput, speculative: boolean): GenerationSession {
    const { anchor, stopContext, request } = describeRequest(at, speculative, this.options, this.port);
    const session = new GenerationSession(anchor, stopContext, this.port.clock, (req, signal) => this.port.backend(req, signal), request);
    this.live = session;
    this.unclosed.add(session);
    this.events.fire({ type: 'request', sessionId: session.id, speculative, at: session.timings.startedAt });
    let ended = false;
    session.onChange(() => {
      if (session.streaming) return this.checkTypedAhead(session);
      if (ended) return;
      ended = true;
      this.onSessionEnd(session);
    });
    void session.closed.then(() => {
      this.unclosed.delete(session);
      this.events.fire({ type: 'closed', sessionId: session.id, at: this.port.clock.now() });
    });
    return session;
  }

  /** The user typed ahead of the stream and what arrived since disagrees: close it. */
  private checkTypedAhead(session: GenerationSession): void {
    const state = this.lastInput;
    if (this.live !== session || !state || session.anchor.speculative) return;
    const relation = relate(session.anchor, session.output, true, state);
    if (relation.kind === 'diverged' && relation.why === 'text') this.abortLive('diverged');
  }

  private onSessionEnd(session: GenerationSession): void {
    this.timing.noteRequest(session.timings);
    if (session.state === 'failed') {
      this.activity.recordFailure(session.error);
      (this.port.logger ?? silentLogger).warn(`completion request failed: ${session.error instanceof Error ? session.error.message : String(session.error)}`);
    } else if (session.state === 'done') {
      this.activity.recordSuccess();
    }
    this.memory.remember(session);
    if (this.live === session) this.live = undefined;
    this.events.fire({ type: 'end', sessionId: session.id, state: session.state, reason: session.endReason ?? 'finished', output: session.output, at: this.port.clock.now() });
  }

  private abortLive(reason: EndReason): void {
    const live = this.live;
    if (!live) return;
    this.live = undefined;
    this.idleTimer?.cancel();
    if (!live.streaming) return;
    this.events.fire({ type: 'abort', sessionId: live.id, reason, at: this.port.clock.now() });
    live.abort(reason);
  }

  /** A stream that no call is waiting on is closed after a while: the user left without a keystroke. */
  private armIdleAbort(): void {
    this.idleTimer?.cancel();
    if (!this.live?.streaming || this.activeCalls > 0) return;
    this.idleTimer = this.port.timers.setTimeout(() => {
      if (this.activeCalls === 0) this.abortLive('idle');
    }, this.options.idleAbortMs);
  }

  private sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return waitFor(this.port.timers, ms, signal);
  }

  dispose(): void {
    this.abortLive('disposed');
    this.idleTimer?.cancel();
    this.activity.dispose();
    this.events.clear();
  }
}
