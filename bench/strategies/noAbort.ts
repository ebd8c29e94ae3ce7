// `no-abort`: a model of llama.vscode's strategy, not llama.vscode's code
// (written here from the facts in ../shared/research/anchors.md, section 1, and
// its src/completion.ts as read for that note).
//
// - No debounce, but one request at a time: a call that finds a request in
//   progress waits in steps of 150 ms (giving up when its call is cancelled).
// - The request has no abort signal and is not streamed: the server generates
//   the whole answer, and the ghost text appears when all of it has arrived.
// - Auto-trigger is skipped when more than 8 characters sit right of the cursor.
// - An LRU of 250 answers keyed on (text before the line, text after the cursor,
//   text of the line before the cursor); on a miss it steps back over the
//   characters of the line just typed to reuse an answer that agrees with them.
// - After showing a suggestion with nothing right of the cursor, it asks ahead
//   for the state after accepting it and caches that answer (and caches the
//   rest of a multi-line suggestion for the start of its next line).
import { lineSuffixOf } from '../../src/completion/core/text';
import type { CompletionInput, Suggestion } from '../../src/completion/core/types';
import { Lru, ModelStrategy } from './base';
import type { ModelRequest, TransportHabit } from './request';

export const POLL_MS = 150;
export const MAX_LINE_SUFFIX = 8;
const CACHE_SIZE = 250;
const HABIT: TransportHabit = { delivery: 'whole', closesEarly: false };

/** The cache key parts of a spot: the line's text before the cursor is stepped back over on a miss. */
function keyParts(input: Pick<CompletionInput, 'docKey' | 'prefix' | 'suffix'>): { base: string; linePrefix: string } {
  const lineStart = input.prefix.lastIndexOf('\n') + 1;
  const line = input.prefix.slice(lineStart);
  return {
    base: `${input.docKey}\u0000${input.prefix.slice(Math.max(0, lineStart - 4000), lineStart)}\u0000${input.suffix.slice(0, 2000)}\u0000`,
    // A line of only indentation is keyed as empty, as llama.vscode does.
    linePrefix: line.trim() === '' ? '' : line,
  };
}

export class NoAbortStrategy extends ModelStrategy {
  private inProgress = false;
  private readonly cache = new Lru<string>(CACHE_SIZE);

  async provide(input: CompletionInput, signal: AbortSignal): Promise<Suggestion | undefined> {
    const lineSuffix = lineSuffixOf(input.suffix);
    if (input.trigger === 'automatic' && lineSuffix.length > MAX_LINE_SUFFIX) return undefined;
    while (this.inProgress) {
      if (!(await this.sleep(POLL_MS, signal))) return undefined;
    }
    this.inProgress = true;
    let text: string | undefined;
    let req: ModelRequest | undefined;
    try {
      text = this.lookup(input);
      if (text === undefined) {
        if (signal.aborted) return undefined;
        req = this.send(input, HABIT);
        // Not tied to the call: the answer is awaited and cached even after the user typed on.
        await req.finished;
        text = req.session.output;
        if (text.trim() !== '') this.store(input, text);
      }
    } finally {
      this.inProgress = false;
    }
    if (text === undefined || text.trim() === '') return undefined;
    const suggestion = this.show(text, input, req ? 'request' : 'cache', req);
    if (suggestion && lineSuffix.trim() === '') {
      this.deps.timers.setTimeout(() => {
        if (!signal.aborted) this.askAhead(input, suggestion.text);
      }, 0);
    }
    return suggestion;
  }

  private lookup(input: CompletionInput): string | undefined {
    const { base, linePrefix } = keyParts(input);
    for (let i = linePrefix.length; i >= 0; i--) {
      const hit = this.cache.get(base + linePrefix.slice(0, i));
      const cut = linePrefix.slice(i);
      if (hit !== undefined && hit.startsWith(cut)) return hit.slice(cut.length);
    }
    return undefined;
  }

  private store(at: Pick<CompletionInput, 'docKey' | 'prefix' | 'suffix'>, text: string): void {
    const { base, linePrefix } = keyParts(at);
    this.cache.set(base + linePrefix, text);
  }

  /** The state after accepting `text`: asked for (unless cached) and cached; its next line's start cached from `text`. */
  private askAhead(input: CompletionInput, text: string): void {
    const after = { ...input, prefix: input.prefix + text, offset: input.offset + text.length };
    const { base, linePrefix } = keyParts(after);
    if (!this.cache.has(base + linePrefix)) {
      const req = this.send(after, HABIT, true);
      void req.finished.then(() => {
        if (req.session.output.trim() !== '') this.store(after, req.session.output);
      });
    }
    const nl = text.indexOf('\n');
    if (nl >= 0 && text.slice(nl + 1).trim() !== '') this.store({ ...input, prefix: input.prefix + text.slice(0, nl + 1) }, text.slice(nl + 1));
  }
}
