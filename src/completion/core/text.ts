// Small text helpers shared by the stop rules, post-processing and matching.

export const OPENERS = '([{';
export const CLOSERS = ')]}';
export const QUOTES = '"\'`';
const PAIR: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** The opener a closing bracket pairs with. */
export function openerOf(closer: string): string | undefined {
  return PAIR[closer];
}

/** Characters the editor auto-inserts right of the cursor: closing brackets and quotes. */
export function isAutoClosable(ch: string): boolean {
  return CLOSERS.includes(ch) || QUOTES.includes(ch);
}

/** The text before the cursor on its line. */
export function linePrefixOf(prefix: string): string {
  return prefix.slice(prefix.lastIndexOf('\n') + 1);
}

/** Nothing but indentation before the cursor on its line. */
export function isAtLineStart(prefix: string): boolean {
  return linePrefixOf(prefix).trim() === '';
}

/** The text after the cursor on its line (without the line break). */
export function lineSuffixOf(suffix: string): string {
  const nl = suffix.indexOf('\n');
  return (nl < 0 ? suffix : suffix.slice(0, nl)).replace(/\r$/, '');
}

/** Leading run of closing brackets and quotes right of the cursor, e.g. `)` after an auto-closed `(`. */
export function leadingClosers(lineSuffix: string): string {
  let i = 0;
  while (i < lineSuffix.length && isAutoClosable(lineSuffix[i]!)) i++;
  return lineSuffix.slice(0, i);
}

/** True when the text right of the cursor on its line is only closers, quotes, `;`, `,` and spaces. */
export function isOnlyClosersRight(lineSuffix: string): boolean {
  return /^[\s)\]}"'`;,]*$/.test(lineSuffix);
}

/** The lines below the cursor's line, as written in the document. */
export function nextLinesOf(suffix: string, count: number): string[] {
  const nl = suffix.indexOf('\n');
  if (nl < 0) return [];
  return suffix
    .slice(nl + 1)
    .split('\n', count)
    .map((l) => l.replace(/\r$/, ''));
}

/** The first non-blank line below the cursor's line, trimmed, or '' when there is none nearby. */
export function nextNonBlankLine(suffix: string, lookahead = 5): string {
  for (const line of nextLinesOf(suffix, lookahead)) {
    if (line.trim() !== '') return line.trim();
  }
  return '';
}

export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/**
 * A key for the text after the cursor that does not change when the editor
 * auto-inserts or the user overtypes closers: typing `(` adds `)` after the cursor,
 * and Enter between brackets pushes them to a new line.
 */
export function suffixKey(suffix: string, length = 128): string {
  return suffix.replace(/^[\s)\]}"'`]+/, '').slice(0, length);
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** True when two trimmed lines are the same, or nearly (under 10% of characters differ). */
export function linesAlike(a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  if (x === '' || y === '') return false;
  if (x === y) return true;
  const limit = Math.floor(Math.max(x.length, y.length) * 0.1);
  return limit > 0 && editDistance(x, y, limit) <= limit;
}

/**
 * A suggestion up to the end of its first line: the rest of the cursor's line,
 * or, when that is blank, the line after it (a leading line break included).
 * A blank line counts as a line: what follows it is the model's second line,
 * guessed before the user confirmed the first.
 */
export function firstLineOf(text: string): string {
  const nl = text.indexOf('\n');
  if (nl < 0 || text.slice(0, nl).trim() !== '') return nl < 0 ? text : text.slice(0, nl);
  const next = text.indexOf('\n', nl + 1);
  return next < 0 ? text : text.slice(0, next);
}

/**
 * The answer's text from `offset` on starts past its first line: on a line the
 * model guessed before the user confirmed the line above it.
 */
export function isPastFirstLine(answer: string, offset: number): boolean {
  return offset > firstLineOf(answer).length;
}

/** The lines of `text` that are complete: all but the last unless the stream ended. */
export function completeLines(text: string, final: boolean): { line: string; start: number }[] {
  const out: { line: string; start: number }[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    out.push({ line: text.slice(start, nl).replace(/\r$/, ''), start });
    start = nl + 1;
  }
  if (final && start < text.length) out.push({ line: text.slice(start), start });
  return out;
}

/** Cut just before line `start`, dropping the line break that led to it. */
export function cutBeforeLine(start: number): number {
  return Math.max(0, start - 1);
}

/** The document around the cursor has `line` twice in a row (trailing spaces aside). */
export function documentHasTwice(prefix: string, suffix: string, line: string): boolean {
  const lines = (prefix.slice(-4000) + suffix.slice(0, 4000)).split('\n').map((l) => l.trimEnd());
  return lines.some((l, i) => l === line && lines[i + 1] === line);
}

/** A document offset with each CRLF line break counted as one character, as the engine sees text (`line` is the offset's line). */
export function lfOffset(offset: number, line: number, crlf: boolean): number {
  return crlf ? offset - line : offset;
}
