// An LRU of finished suggestions keyed on where they were asked: the tail of the
// text before the cursor and the head of the text after it (ignoring closers the
// editor inserts). A lookup also steps back over the last characters typed, so a
// suggestion asked at `fo` answers at `foo` when it starts with `o`; that covers
// typing ahead, backspace and coming back to a spot.
import { NO_TAIL, type AnswerTail } from './session';
import { isPastFirstLine, suffixKey } from './text';

export interface CacheHit {
  /** The rest of the cached suggestion after what was typed since it was asked. */
  remaining: string;
  /** How many characters were typed since the cached spot. */
  steppedBack: number;
  /** What the suggestion's answer said about the text after it. */
  tail: AnswerTail;
  /**
   * The remaining text starts past the first line of the answer it comes from:
   * a line the model guessed before the user confirmed the line above it.
   */
  guessed: boolean;
}

const PREFIX_TAIL = 256;

interface Entry {
  text: string;
  /** Stored where it was asked, not at a line start of a longer suggestion. */
  asked: boolean;
  /** A line start past the answer's first line. */
  guessed: boolean;
  tail: AnswerTail;
}

export class CompletionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = 256,
    private readonly maxStepBack = 64,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  private static key(docKey: string, prefix: string, suffix: string): string {
    return `${docKey}\u0000${prefix.slice(-PREFIX_TAIL)}\u0000${suffixKey(suffix)}`;
  }

  /**
   * Remembers a suggestion asked at (prefix, suffix), and also at the start of each
   * of its later lines, so a long suggestion can be found again from any line of it.
   */
  put(docKey: string, prefix: string, suffix: string, completion: string, tail: AnswerTail = NO_TAIL): void {
    // An empty answer is remembered too: the spot was asked and the model had nothing to add.
    this.set(CompletionCache.key(docKey, prefix, suffix), { text: completion.trim() === '' ? '' : completion, asked: true, guessed: false, tail });
    if (completion.trim() === '') return;
    for (let nl = completion.indexOf('\n'); nl >= 0 && nl < completion.length - 1; nl = completion.indexOf('\n', nl + 1)) {
      const key = CompletionCache.key(docKey, prefix + completion.slice(0, nl + 1), suffix);
      // A line of a longer guess does not replace what was asked at that line's start.
      if (this.entries.get(key)?.asked) continue;
      this.set(key, { text: completion.slice(nl + 1), asked: false, guessed: isPastFirstLine(completion, nl + 1), tail });
    }
  }

  /**
   * What was answered where it was asked, exactly at this spot ('' when the
   * model had nothing to add); a line start of a longer suggestion does not count.
   */
  answeredAt(docKey: string, prefix: string, suffix: string): { text: string; tail: AnswerTail } | undefined {
    const entry = this.entries.get(CompletionCache.key(docKey, prefix, suffix));
    return entry?.asked ? { text: entry.text, tail: entry.tail } : undefined;
  }

  private set(key: string, value: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /**
   * The nearest cached suggestion that what was typed since agrees with and that
   * has something left. At the spot itself an empty answer counts (remaining '').
   */
  lookup(docKey: string, prefix: string, suffix: string, maxStepBack = this.maxStepBack): CacheHit | undefined {
    const limit = Math.min(maxStepBack, prefix.length);
    for (let back = 0; back <= limit; back++) {
      const key = CompletionCache.key(docKey, prefix.slice(0, prefix.length - back), suffix);
      const entry = this.entries.get(key);
      if (entry === undefined) continue;
      const completion = entry.text;
      if (back === 0 && completion === '') return { remaining: '', steppedBack: 0, tail: entry.tail, guessed: false };
      const typed = prefix.slice(prefix.length - back);
      if (!completion.startsWith(typed) || completion.length === typed.length) continue;
      // Refresh recency.
      this.set(key, entry);
      return { remaining: completion.slice(back), steppedBack: back, tail: entry.tail, guessed: entry.guessed || isPastFirstLine(completion, back) };
    }
    return undefined;
  }

  clear(): void {
    this.entries.clear();
  }
}
