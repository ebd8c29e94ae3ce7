// `keep-through`: a model of GitHub Copilot's strategy, not Copilot's code
// (written here from the facts in ../shared/research/anchors.md, section 4, and
// the ghostText sources of vscode-copilot-chat as read for that note).
//
// - No debounce (the experiment flag's default).
// - Typing as suggested: while the user types what the current ghost text
//   shows, its rest is shown at once.
// - A cache of finished answers (LRU of 100) keyed on the text before the
//   cursor, answering while what was typed since agrees with an answer.
// - Requests are not tied to VS Code's cancellation: a request in flight is kept
//   while its output so far still agrees with what the user typed, and cancelled
//   (the connection closed) once it no longer does. A call waits up to 200 ms for
//   such a request before asking again.
// - Results other than typing-as-suggested are held until 200 ms after the call.
// - The suggestion is shown once its answer is complete (a `\n` stop mid-line).
// The speculative request for the state after acceptance sits behind an
// experiment flag and is off here.
import type { CompletionInput, Suggestion, SuggestionSource } from '../../src/completion/core/types';
import { ModelStrategy, PrefixCache } from './base';
import type { ModelRequest, TransportHabit } from './request';

export const HOLD_MS = 200;
export const WAIT_FOR_IN_FLIGHT_MS = 200;
const CACHE_SIZE = 100;
const HABIT: TransportHabit = { delivery: 'streamed', closesEarly: true };

interface GhostText {
  docKey: string;
  prefix: string;
  suffix: string;
  text: string;
}

export class KeepThroughStrategy extends ModelStrategy {
  private current: GhostText | undefined;
  private readonly inFlight = new Set<ModelRequest>();
  private readonly cache = new PrefixCache(CACHE_SIZE);

  async provide(input: CompletionInput, signal: AbortSignal): Promise<Suggestion | undefined> {
    const startedAt = this.now();
    const typing = this.typingAsSuggested(input);
    if (typing !== undefined) return this.show(typing, input, 'cache');

    let text = this.cache.lookup(input.docKey, input.prefix, false);
    let source: SuggestionSource = 'cache';
    let req: ModelRequest | undefined;
    if (text === undefined) {
      this.cancelStale(input);
      const candidates = [...this.inFlight];
      if (candidates.length > 0) {
        const found = await this.firstMatching(candidates, input, signal, WAIT_FOR_IN_FLIGHT_MS);
        if (signal.aborted) return undefined;
        if (found) [req, text, source] = [found.req, found.text, 'stream'];
      }
    }
    if (text === undefined) {
      req = this.ask(input);
      source = 'request';
      const found = await this.firstMatching([req], input, signal, Number.POSITIVE_INFINITY);
      if (!found) return undefined;
      text = found.text;
    }
    const hold = startedAt + HOLD_MS - this.now();
    if (hold > 0 && !(await this.sleep(hold, signal))) return undefined;
    if (signal.aborted) return undefined;
    const suggestion = this.show(text, input, source, req);
    if (suggestion) this.current = { docKey: input.docKey, prefix: input.prefix, suffix: input.suffix, text: suggestion.text };
    return suggestion;
  }

  private ask(input: CompletionInput): ModelRequest {
    const req = this.send(input, HABIT);
    this.inFlight.add(req);
    void req.finished.then(() => {
      this.inFlight.delete(req);
      if (req.session.state === 'done' && req.session.output.trim() !== '') this.cache.set(req.anchor.docKey, req.anchor.prefix, req.session.output);
    });
    return req;
  }

  /** The rest of the shown ghost text when the user has typed its start. */
  private typingAsSuggested(input: CompletionInput): string | undefined {
    const g = this.current;
    if (!g || g.docKey !== input.docKey || g.suffix !== input.suffix || !input.prefix.startsWith(g.prefix)) return undefined;
    const typed = input.prefix.slice(g.prefix.length);
    return typed !== '' && g.text.startsWith(typed) && g.text.length > typed.length ? g.text.slice(typed.length) : undefined;
  }

  /** In-flight requests that no longer agree with the text are cancelled; the others are kept. */
  private cancelStale(input: CompletionInput): void {
    for (const req of this.inFlight) {
      if (req.anchor.suffix === input.suffix && req.agreesWith(input)) continue;
      this.inFlight.delete(req);
      this.abort(req, 'diverged');
    }
  }

  /** The first of `requests` to finish with an answer that fits `input`, within `timeoutMs`. */
  private firstMatching(requests: ModelRequest[], input: CompletionInput, signal: AbortSignal, timeoutMs: number): Promise<{ req: ModelRequest; text: string } | undefined> {
    return new Promise((resolve) => {
      let pending = requests.length;
      let settled = false;
      const finish = (value: { req: ModelRequest; text: string } | undefined) => {
        if (settled) return;
        settled = true;
        timer?.cancel();
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = () => finish(undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      const timer = Number.isFinite(timeoutMs) ? this.deps.timers.setTimeout(() => finish(undefined), timeoutMs) : undefined;
      for (const req of requests) {
        void req.finished.then(() => {
          const rest = req.session.state === 'done' ? req.remainingAt(input) : undefined;
          if (rest !== undefined && rest.trim() !== '') finish({ req, text: rest });
          else if (--pending === 0) finish(undefined);
        });
      }
    });
  }
}
