// What the engine already knows without asking: finished suggestions (kept
// whole for typing through them however long they are) and the LRU cache
// (backspace, coming back, and answers of "nothing here").
import { CompletionCache } from './cache';
import { relate, type CursorState } from './matching';
import { hasCompleteLine, tailOf, type Anchor, type AnswerTail, type GenerationSession } from './session';
import { isPastFirstLine } from './text';

/** Finished suggestions kept for typing through (a speculative one may finish before the user reaches it). */
const RECENT_KEPT = 3;

/** Text that continues from the cursor, found without a request; `''` means "asked here: nothing to add". */
export interface Known {
  remaining: string;
  /** Answered at exactly this spot. */
  exact: boolean;
  /** What the user typed of the answer since it was asked (or since the line of it the lookup found). */
  typed: string;
  /** What the answer said about the text after it. */
  tail: AnswerTail;
  /** `remaining` starts on a line the answer guessed before the user confirmed the line above it. */
  guessed: boolean;
}

export class SuggestionMemory {
  private readonly cache = new CompletionCache();
  private recent: Array<{ anchor: Anchor; output: string; tail: AnswerTail }> = [];

  /** Keeps what a finished session produced; a stream cut short keeps its whole lines. */
  remember(session: GenerationSession): void {
    const { anchor, output } = session;
    const done = session.state === 'done';
    const usable = done ? output : hasCompleteLine(output) ? output.slice(0, output.lastIndexOf('\n')) : '';
    const tail = tailOf(session);
    if (usable.trim() === '') {
      // Only a finished answer says the spot has nothing; an aborted one says nothing at all.
      if (done) this.cache.put(anchor.docKey, anchor.prefix, anchor.suffix, '', tail);
      return;
    }
    this.cache.put(anchor.docKey, anchor.prefix, anchor.suffix, usable, tail);
    this.recent = [{ anchor, output: usable, tail }, ...this.recent].slice(0, RECENT_KEPT);
  }

  /**
   * What was answered when asked at exactly this spot, if anything (even nothing).
   * A later line of an older suggestion that starts here is not an answer for the spot.
   */
  exact(state: CursorState): Known | undefined {
    const entry = this.cache.answeredAt(state.docKey, state.prefix, state.suffix);
    return entry && { remaining: entry.text, exact: true, typed: '', tail: entry.tail, guessed: false };
  }

  /** The rest of a suggestion the user is typing through, newest first, else the cache. */
  typedThrough(state: CursorState): Known | undefined {
    for (const { anchor, output, tail } of this.recent) {
      const relation = relate(anchor, output, false, state);
      if (relation.kind === 'continues') {
        const { typed } = relation;
        return { remaining: output.slice(typed.length), exact: false, typed, tail, guessed: isPastFirstLine(output, typed.length) };
      }
    }
    const hit = this.cache.lookup(state.docKey, state.prefix, state.suffix);
    return (
      hit && {
        remaining: hit.remaining,
        exact: hit.steppedBack === 0,
        typed: state.prefix.slice(state.prefix.length - hit.steppedBack),
        tail: hit.tail,
        guessed: hit.guessed,
      }
    );
  }

  forgetDocument(docKey: string): void {
    this.recent = this.recent.filter((r) => r.anchor.docKey !== docKey);
  }
}
