// Snippets of recently edited and visited files, for the model to see code the
// user is working with elsewhere. A small ring of line chunks: a new chunk
// evicts any chunk nearly the same as it (the same code seen twice), else the
// oldest one. At request time the chunks most like the code before the cursor go first.
// Values shaped like credentials are replaced before a chunk is kept.
import { redactKeyShapes } from '../../config/core/keyShapes';
import type { ContextSnippet } from '../../providers/types';

export interface SnippetRingOptions {
  capacity: number;
  chunkLines: number;
  /** A new chunk replaces chunks whose line sets are at least this similar. */
  evictSimilarity: number;
}

export const DEFAULT_RING_OPTIONS: SnippetRingOptions = { capacity: 16, chunkLines: 64, evictSimilarity: 0.9 };

interface Chunk {
  filename: string;
  text: string;
  lines: Set<string>;
  words: Set<string>;
  /** Insertion order, for ties and eviction. */
  serial: number;
}

export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

function lineSet(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  );
}

function wordSet(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_][A-Za-z0-9_]{2,}/g) ?? []);
}

export class SnippetRing {
  private chunks: Chunk[] = [];
  private serial = 0;
  private readonly options: SnippetRingOptions;

  constructor(options: Partial<SnippetRingOptions> = {}) {
    this.options = { ...DEFAULT_RING_OPTIONS, ...options };
  }

  get size(): number {
    return this.chunks.length;
  }

  /** Adds the chunk of `text` centred on `line` (0-based). */
  addAround(filename: string, text: string, line: number): void {
    const lines = text.split('\n');
    const half = Math.floor(this.options.chunkLines / 2);
    const start = Math.max(0, Math.min(line - half, lines.length - this.options.chunkLines));
    const chunkText = redactKeyShapes(lines.slice(start, start + this.options.chunkLines).join('\n')).text;
    if (chunkText.trim() === '') return;
    const chunk: Chunk = { filename, text: chunkText, lines: lineSet(chunkText), words: wordSet(chunkText), serial: this.serial++ };
    this.chunks = this.chunks.filter((c) => jaccard(c.lines, chunk.lines) < this.options.evictSimilarity);
    this.chunks.push(chunk);
    while (this.chunks.length > this.options.capacity) this.chunks.shift();
  }

  clear(): void {
    this.chunks = [];
  }

  /** Forgets every chunk of a file (closed, deleted, or now excluded). */
  removeFile(filename: string): void {
    this.chunks = this.chunks.filter((c) => c.filename !== filename);
  }

  /**
   * Chunks of other files that fit in `maxChars`, most similar to `nearCursor`
   * first; files `isExcluded` rejects are never returned.
   */
  pick(currentFile: string, nearCursor: string, maxChars: number, isExcluded: (filename: string) => boolean): ContextSnippet[] {
    const words = wordSet(nearCursor);
    const ranked = this.chunks
      .filter((c) => c.filename !== currentFile && !isExcluded(c.filename))
      .map((c) => ({ c, score: jaccard(c.words, words) }))
      .sort((a, b) => b.score - a.score || b.c.serial - a.c.serial);
    const out: ContextSnippet[] = [];
    let used = 0;
    for (const { c } of ranked) {
      const cost = c.text.length + c.filename.length + 16;
      if (used + cost > maxChars) continue;
      out.push({ filename: c.filename, text: c.text });
      used += cost;
    }
    return out;
  }
}
