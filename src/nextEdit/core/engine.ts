// The next-edit engine: keeps the edit history, waits for a pause after an
// edit (the completions' adaptive wait, with a floor set by the eagerness;
// high eagerness asks at every edit),
// keeps at most one prediction stream per file and aborts it on the next
// edit, and publishes the hunks to show. A change that is what a shown hunk
// says (typed or accepted) keeps the rest of the suggestion instead of asking again.
import type { DebounceMode } from '../../config/core/settings';
import type { GenerationStream } from '../../providers/types';
import type { Clock, Timers } from '../../shared/clock';
import { silentLogger, type Logger } from '../../shared/log';
import { debounceDelay } from '../../completion/core/debounce';
import { ShowLatencyEstimate } from '../../completion/core/showLatency';
import { DEFAULT_TYPING_INTERVAL_MS, MAX_DELAY_MS, PAUSE_FACTOR } from '../../completion/core/tuning';
import { TypingCadence } from '../../completion/core/typingCadence';
import { Emitter } from '../../shared/events';
import { waitFor } from '../../shared/wait';
import { EditHistory, type TextChange } from './history';
import type { EditHunk, RejectReason } from './hunks';
import { buildPrompt, type NextEditFormat, type NextEditPrompt } from './prompt';
import { DEFAULT_REGION_SHAPE, selectRegion, type RegionShape } from './region';
import { readPrediction } from './stream';

export type Eagerness = 'low' | 'medium' | 'high';

export interface NextEditOptions {
  format: NextEditFormat;
  eagerness: Eagerness;
  debounce: DebounceMode;
  fixedDebounceMs: number;
  region: RegionShape;
}

export const DEFAULT_NEXT_EDIT_OPTIONS: NextEditOptions = { format: 'chat', eagerness: 'medium', debounce: 'adaptive', fixedDebounceMs: 150, region: DEFAULT_REGION_SHAPE };

/** A document at one moment: the engine's plain input. */
export interface NextEditInput {
  file: string;
  filePath: string;
  languageId: string;
  text: string;
  cursor: number;
}

export interface NextEditSuggestion {
  file: string;
  hunks: EditHunk[];
  /** False while the stream is still running (an early hunk). */
  final: boolean;
}

export interface NextEditDeps {
  backend(prompt: NextEditPrompt, signal: AbortSignal): GenerationStream;
  clock: Clock;
  timers: Timers;
  recentTtftMs?: () => readonly number[];
  rateLimitRemainingMs?: () => number;
  logger?: Logger;
}

/** What a request did, for the benchmark and the log. */
export type NextEditActivity =
  | { kind: 'request'; file: string; at: number }
  | { kind: 'aborted'; file: string; at: number }
  | { kind: 'shown'; file: string; at: number; hunks: number; final: boolean }
  | { kind: 'rejected'; file: string; reasons: RejectReason[] };

/** The least wait per eagerness; high asks at every edit, so it has no wait at all (see `delayMs`). */
const EAGERNESS_FLOOR_MS: Record<Eagerness, (intervalMs: number) => number> = {
  high: () => 0,
  medium: (interval) => Math.min(MAX_DELAY_MS, PAUSE_FACTOR * interval),
  low: () => 900,
};

export class NextEditEngine {
  readonly history = new EditHistory();
  private readonly cadence = new TypingCadence();
  private readonly latency: ShowLatencyEstimate;
  private readonly inFlight = new Map<string, Prediction>();
  private readonly shown = new Map<string, NextEditSuggestion>();
  private readonly changed = new Emitter<string>();
  private readonly activity = new Emitter<NextEditActivity>();
  private readonly logger: Logger;
  /** Fires with the file whose suggestion changed (shown, updated or cleared). */
  readonly onDidChange = this.changed.event;
  readonly onActivity = this.activity.event;

  constructor(
    private options: NextEditOptions,
    private readonly deps: NextEditDeps,
  ) {
    this.latency = new ShowLatencyEstimate(deps.recentTtftMs);
    this.logger = deps.logger ?? silentLogger;
  }

  configure(options: NextEditOptions): void {
    this.options = options;
  }

  suggestion(file: string): NextEditSuggestion | undefined {
    return this.shown.get(file);
  }

  noteOpen(file: string, text: string): void {
    if (this.history.text(file) !== text) this.history.noteText(file, text);
  }

  /**
   * An edit happened. A change that is what a shown hunk says keeps the rest of the
   * suggestion; any other change aborts the file's stream, clears it and returns true
   * when a new prediction should be scheduled (the caller then calls `schedule`).
   */
  noteEdit(file: string, changes: readonly TextChange[]): boolean {
    const now = this.deps.clock.now();
    this.cadence.record(now);
    this.history.noteChanges(file, changes, now);
    const current = this.shown.get(file);
    if (current && changes.length === 1) {
      const kept = consumeHunks(current.hunks, changes[0]);
      if (kept !== undefined) {
        this.publish(file, kept.length > 0 ? { ...current, hunks: kept } : undefined);
        if (kept.length > 0) {
          // A stream still running answers for the text before this change: its later hunks are moved by it.
          this.inFlight.get(file)?.taken.push(changes[0]);
          return false;
        }
      }
    }
    this.cancel(file);
    this.publish(file, undefined);
    return true;
  }

  /** Drops the file's suggestion and stream (Esc, editor closed, feature turned off). */
  dismiss(file: string): void {
    this.cancel(file);
    this.publish(file, undefined);
  }

  private cancel(file: string): void {
    const running = this.inFlight.get(file);
    if (!running) return;
    running.controller.abort();
    this.inFlight.delete(file);
    this.activity.fire({ kind: 'aborted', file, at: this.deps.clock.now() });
  }

  private publish(file: string, suggestion: NextEditSuggestion | undefined): void {
    if (suggestion === undefined && !this.shown.has(file)) return;
    if (suggestion) this.shown.set(file, suggestion);
    else this.shown.delete(file);
    this.changed.fire(file);
  }

  /**
   * The wait before asking, from the typing rhythm, the endpoint's speed and the eagerness.
   * High eagerness asks at once: the next key closes the stream it started, so the last
   * key's answer comes a request's time after it, at the cost of a request per key.
   */
  delayMs(): number {
    if (this.options.eagerness === 'high' && this.options.debounce === 'adaptive') return 0;
    const interval = this.cadence.intervalMs();
    const adaptive = debounceDelay({
      mode: this.options.debounce,
      fixedMs: this.options.fixedDebounceMs,
      manual: false,
      expectedShowMs: this.latency.estimateMs(),
      typingIntervalMs: interval,
      likelyPause: false,
    });
    return Math.max(adaptive, EAGERNESS_FLOOR_MS[this.options.eagerness](interval ?? DEFAULT_TYPING_INTERVAL_MS));
  }

  /** Waits for a pause, then predicts; a later edit of the file aborts both. */
  async schedule(input: NextEditInput, waitMs = this.delayMs()): Promise<void> {
    this.cancel(input.file);
    const prediction: Prediction = { controller: new AbortController(), taken: [] };
    this.inFlight.set(input.file, prediction);
    if (waitMs > 0 && !(await waitFor(this.deps.timers, waitMs, prediction.controller.signal))) return;
    if ((this.deps.rateLimitRemainingMs?.() ?? 0) > 0) {
      this.inFlight.delete(input.file);
      return;
    }
    await this.predict(input, prediction);
  }

  private async predict(input: NextEditInput, prediction: Prediction): Promise<void> {
    const { controller } = prediction;
    const { file } = input;
    const startedAt = this.deps.clock.now();
    const region = selectRegion(input.text, input.cursor, this.options.region);
    const prompt = buildPrompt(this.options.format, {
      filePath: input.filePath,
      languageId: input.languageId,
      region,
      edits: this.history.recent(startedAt),
      cursorPath: this.history.cursorPath(file),
    });
    const last = this.history.lastEdit(file, startedAt);
    this.activity.fire({ kind: 'request', file, at: startedAt });
    try {
      const stream = this.deps.backend(prompt, controller.signal);
      let firstShown = false;
      await readPrediction(stream, this.options.format, input.text, region, last, {
        onHunks: (answered, final) => {
          if (controller.signal.aborted) return;
          // Hunks the user took while the stream ran must be among these, moved as they were.
          const hunks = rebase(answered, prediction.taken);
          if (hunks === undefined) return;
          const at = this.deps.clock.now();
          if (hunks.length > 0 && !firstShown) {
            firstShown = true;
            this.latency.recordShowable(at - startedAt);
          }
          if (hunks.length > 0) this.activity.fire({ kind: 'shown', file, at, hunks: hunks.length, final });
          this.publish(file, hunks.length > 0 ? { file, hunks, final } : undefined);
        },
        onRejected: (reasons) => this.activity.fire({ kind: 'rejected', file, reasons }),
      });
    } catch (err) {
      if (!controller.signal.aborted) this.logger.debug(`next edit: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (this.inFlight.get(file) === prediction) this.inFlight.delete(file);
    }
  }

  /** Streams open now (for tests and the benchmark). */
  get streamsInFlight(): number {
    return this.inFlight.size;
  }

  dispose(): void {
    for (const file of [...this.inFlight.keys()]) this.cancel(file);
    this.shown.clear();
    this.history.clear();
    this.changed.clear();
    this.activity.clear();
  }
}

/** A prediction stream of a file, and the hunks (or their first characters) taken while it runs. */
interface Prediction {
  readonly controller: AbortController;
  readonly taken: TextChange[];
}

/** Hunks answered for the text before `taken`, after it; undefined when one of those changes is not in them. */
export function rebase(hunks: readonly EditHunk[], taken: readonly TextChange[]): EditHunk[] | undefined {
  let out: EditHunk[] | undefined = [...hunks];
  for (const change of taken) {
    out = consumeHunks(out, change);
    if (out === undefined) return undefined;
  }
  return out;
}

/**
 * The hunks left after a change that is (the start of) one of them: the whole hunk
 * taken, or its first characters typed. Undefined when the change is something else.
 */
export function consumeHunks(hunks: readonly EditHunk[], change: TextChange): EditHunk[] | undefined {
  const at = hunks.findIndex(
    (h) => h.offset === change.offset && h.oldText.length === change.length && h.newText.startsWith(change.text) && (change.text !== '' || h.newText === ''),
  );
  if (at < 0) return undefined;
  const hunk = hunks[at];
  const delta = change.text.length - change.length;
  const rest = hunk.newText.slice(change.text.length);
  const out: EditHunk[] = [];
  hunks.forEach((h, i) => {
    if (i === at) {
      if (rest !== '') out.push({ offset: h.offset + change.text.length, oldText: '', newText: rest });
    } else out.push(h.offset > hunk.offset ? { ...h, offset: h.offset + delta } : h);
  });
  return out;
}
