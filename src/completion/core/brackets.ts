// A forgiving bracket scanner: tracks open brackets and string state through
// code, skipping brackets inside strings and line comments, so the stop rules
// and the auto-closer merge can tell which closing bracket closes what.
import { CLOSERS, OPENERS, openerOf } from './text';

export interface ScanOptions {
  /** Line comments start with `#` (Python, shell, Ruby, YAML…). */
  hashComments: boolean;
  /** Characters that open strings; Rust leaves out `'` because of lifetimes. */
  quotes: string;
  /** A `)` with no `(` open is a `case` pattern's end (shell), not a stray closer. */
  loneParenCloses?: boolean;
}

/** What a single character did. `outer` means it closed something opened before the scan began. */
export type ScanEvent =
  | { kind: 'open' }
  | { kind: 'close'; outer: boolean }
  | { kind: 'unmatched' }
  | { kind: 'quote-close'; outer: boolean }
  | { kind: 'other' };

const HASH_COMMENT_LANGUAGES = new Set([
  'python', 'shellscript', 'ruby', 'perl', 'r', 'yaml', 'toml', 'makefile', 'dockerfile', 'powershell', 'elixir', 'julia', 'coffeescript',
]);

export function scanOptionsFor(languageId: string): ScanOptions {
  return {
    hashComments: HASH_COMMENT_LANGUAGES.has(languageId),
    quotes: languageId === 'rust' ? '"`' : '"\'`',
    loneParenCloses: languageId === 'shellscript',
  };
}

export class BracketScanner {
  private readonly stack: string[];
  private quote: string | null;
  private quoteIsOuter: boolean;
  private comment = false;
  private escaped = false;
  private previous = '';
  /** Depth of the stack when the scan began. */
  private readonly base: number;
  /** How many entries at the bottom of the stack were opened before the scan began. */
  private outerOpen: number;

  constructor(
    private readonly options: ScanOptions,
    initial?: { stack: readonly string[]; quote: string | null },
  ) {
    this.stack = [...(initial?.stack ?? [])];
    this.quote = initial?.quote ?? null;
    this.quoteIsOuter = this.quote !== null;
    this.base = this.stack.length;
    this.outerOpen = this.stack.length;
  }

  /** Open brackets relative to where the scan began (negative once it closed outer ones). */
  get relativeDepth(): number {
    return this.stack.length - this.base;
  }

  get openStack(): readonly string[] {
    return this.stack;
  }

  get openQuote(): string | null {
    return this.quote;
  }

  push(ch: string): ScanEvent {
    const prev = this.previous;
    this.previous = ch;
    if (ch === '\n') {
      this.comment = false;
      this.escaped = false;
      // Only template strings span lines; an unterminated quote ends at the line break.
      if (this.quote !== null && this.quote !== '`') this.quote = null;
      return { kind: 'other' };
    }
    if (this.comment) return { kind: 'other' };
    if (this.quote !== null) {
      if (this.escaped) {
        this.escaped = false;
      } else if (ch === '\\') {
        this.escaped = true;
      } else if (ch === this.quote) {
        const outer = this.quoteIsOuter;
        this.quote = null;
        return { kind: 'quote-close', outer };
      }
      return { kind: 'other' };
    }
    if ((ch === '/' && prev === '/') || (ch === '#' && this.options.hashComments)) {
      this.comment = true;
      return { kind: 'other' };
    }
    if (this.options.quotes.includes(ch)) {
      this.quote = ch;
      this.quoteIsOuter = false;
      return { kind: 'other' };
    }
    if (OPENERS.includes(ch)) {
      this.stack.push(ch);
      return { kind: 'open' };
    }
    if (CLOSERS.includes(ch)) {
      if (ch === ')' && this.options.loneParenCloses && this.stack[this.stack.length - 1] !== '(') return { kind: 'other' };
      if (this.stack.length === 0 || this.stack[this.stack.length - 1] !== openerOf(ch)) return { kind: 'unmatched' };
      const outer = this.stack.length <= this.outerOpen;
      this.stack.pop();
      if (outer) this.outerOpen--;
      return { kind: 'close', outer };
    }
    return { kind: 'other' };
  }
}

/**
 * Brackets still open at the end of `prefix` (innermost last) and whether the
 * cursor sits inside a string. Looks back a bounded distance from a line start.
 */
export function openBracketsBefore(prefix: string, options: ScanOptions, lookback = 6000): { stack: string[]; quote: string | null } {
  let start = Math.max(0, prefix.length - lookback);
  if (start > 0) {
    const nl = prefix.indexOf('\n', start);
    start = nl < 0 ? prefix.length : nl + 1;
  }
  // Unmatched closers in the prefix (code above the window, a typo) are simply ignored.
  const scanner = new BracketScanner(options);
  for (let i = start; i < prefix.length; i++) scanner.push(prefix[i]!);
  return { stack: [...scanner.openStack], quote: scanner.openQuote };
}
