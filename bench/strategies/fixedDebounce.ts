// `fixed-debounce`: a model of Continue's strategy, not Continue's code
// (written here from the facts in ../shared/research/anchors.md, section 2, and
// its core/autocomplete sources as read for that note).
//
// - 350 ms debounce as Continue's AutocompleteDebouncer does it: a call after
//   350 ms of quiet goes at once; a call within 350 ms of the previous one waits
//   350 ms and goes only if no call came meanwhile.
// - An LRU of answers keyed on the text before the cursor, answering from the
//   longest key the current text starts with when the answer agrees with what
//   was typed since (typing through a finished suggestion, coming back).
// - GeneratorReuseManager: the in-flight stream is reused while what it was
//   asked at plus what it has produced still starts with the current text;
//   otherwise it is cancelled (the connection closed) and a new one started.
//   VS Code's cancellation only stops the call from reading: the stream itself
//   is closed when it is replaced or when a stream filter stops it.
// - The ghost text is shown when the suggestion is complete: at the end of its
//   first line in single-line mode, at the end of the stream otherwise.
import type { CompletionInput, Suggestion, SuggestionSource } from '../../src/completion/core/types';
import { ModelStrategy, PrefixCache } from './base';
import { isSingleLineSpot, type ModelRequest, type TransportHabit } from './request';

export const DEBOUNCE_MS = 350;
const CACHE_SIZE = 1000;
const HABIT: TransportHabit = { delivery: 'streamed', closesEarly: true };

export class FixedDebounceStrategy extends ModelStrategy {
  private debouncing = false;
  private quietTimer: { cancel(): void } | undefined;
  private lastCall = 0;
  private current: ModelRequest | undefined;
  private readonly cache = new PrefixCache(CACHE_SIZE);

  async provide(input: CompletionInput, signal: AbortSignal): Promise<Suggestion | undefined> {
    const call = ++this.lastCall;
    const wasDebouncing = this.debouncing;
    this.debouncing = true;
    this.quietTimer?.cancel();
    this.quietTimer = this.deps.timers.setTimeout(() => (this.debouncing = false), DEBOUNCE_MS);
    if (wasDebouncing) {
      await this.sleep(DEBOUNCE_MS);
      if (call !== this.lastCall) return undefined;
    }
    const cached = this.cache.lookup(input.docKey, input.prefix, true);
    if (cached !== undefined) return this.show(cached, input, 'cache');

    let source: SuggestionSource = 'stream';
    let req = this.current;
    if (!req || !this.reusable(req, input)) {
      if (req) this.abort(req, 'replaced');
      req = this.current = this.send(input, HABIT);
      source = 'request';
    }
    const text = await this.completion(req, input, signal);
    if (text === undefined || signal.aborted || text.trim() === '') return undefined;
    this.cache.set(input.docKey, input.prefix, text);
    return this.show(text, input, source, req);
  }

  private reusable(req: ModelRequest, input: CompletionInput): boolean {
    if (req.anchor.docKey !== input.docKey || req.anchor.prefix.length > input.prefix.length) return false;
    return (req.anchor.prefix + req.session.output).startsWith(input.prefix);
  }

  /** The suggestion after what was typed since the request, once complete; undefined when cancelled or it disagrees. */
  private completion(req: ModelRequest, input: CompletionInput, signal: AbortSignal): Promise<string | undefined> {
    const typed = input.prefix.slice(req.anchor.prefix.length);
    const singleLine = isSingleLineSpot(input.suffix);
    return new Promise((resolve) => {
      const check = () => {
        if (signal.aborted) return done(undefined);
        const output = req.session.output;
        if (!output.startsWith(typed)) return req.session.streaming && typed.startsWith(output) ? undefined : done(undefined);
        const rest = output.slice(typed.length);
        const nl = rest.indexOf('\n');
        if (singleLine && nl >= 0) return done(rest.slice(0, nl));
        if (!req.session.streaming) return done(rest);
      };
      const done = (value: string | undefined) => {
        subscription.dispose();
        signal.removeEventListener('abort', check);
        resolve(value);
      };
      const subscription = req.session.onChange(check);
      signal.addEventListener('abort', check);
      check();
    });
  }
}
