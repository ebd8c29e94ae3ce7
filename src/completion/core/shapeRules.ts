// Stop rules about the shape of the answer's lines: a line that ends while a bracket it
// belongs in is still open, markup written into a language that has none (a JSX
// component pasted into a Python list), a closing bracket that closes nothing or what the
// document closes already, and a blank line once the answer's block is closed. Each cuts
// where the answer stops fitting the code.
import { BracketScanner } from './brackets';
import type { StopContext, StopRule } from './stopRules';
import { completeLines, cutBeforeLine, isOnlyClosersRight, leadingClosers, linePrefixOf, lineSuffixOf } from './text';

/** Line ends after which a bracket may stay open: an opener, a comma, an operator, a string to join. */
const ASKS_FOR_MORE = /(?:[([{,+\-*/%&|^=<>!?:.\\"'`]|\b(?:and|or|not|in|is))$/;

/** Languages of prose, where a parenthesis may well span lines. */
const PROSE = new Set(['markdown', 'mdx', 'plaintext', 'restructuredtext', 'latex']);

/**
 * The answer's first line ends while a bracket opened on the cursor's line is still open,
 * and nothing at its end asks for more (`def load(pa` + `th` and a line break, then a
 * body): the rest is not the rest of this line. Cut at the line break; a bracket the
 * answer opened itself is not left open either, the answer ends before it.
 */
export const stopAtBreakInOpenBracket: StopRule = (text, ctx, final) => {
  if (ctx.languageId !== undefined && PROSE.has(ctx.languageId)) return undefined;
  const nl = text.indexOf('\n');
  if (nl < 0 && !final) return undefined;
  const end = nl < 0 ? text.length : nl;
  const linePrefix = linePrefixOf(ctx.prefix);
  const scanner = new BracketScanner(ctx.scanOptions);
  for (const ch of linePrefix) scanner.push(ch);
  // Where the answer opened each bracket still open; -1 for one opened before the cursor.
  const opened: number[] = scanner.openStack.map(() => -1);
  for (let i = 0; i < end; i++) {
    const event = scanner.push(text[i]!);
    if (event.kind === 'open') opened.push(i);
    else if (event.kind === 'close') opened.pop();
  }
  if (opened.length === 0 || ASKS_FOR_MORE.test((linePrefix + text.slice(0, end)).trimEnd())) return undefined;
  const own = opened.find((at) => at >= 0);
  if (own !== undefined) return text.slice(0, own).trimEnd().length;
  return nl < 0 ? undefined : nl;
};

/** Languages in which no line starts with an HTML or JSX tag. */
const NO_MARKUP = new Set([
  'python', 'go', 'rust', 'java', 'csharp', 'cpp', 'c', 'ruby', 'sql', 'yaml', 'json', 'jsonc', 'shellscript', 'css', 'scss', 'less', 'kotlin', 'swift', 'toml',
]);

/** A line that starts with a closing tag, a tag with attributes, a self-closing tag or a lower-case tag. */
const MARKUP_LINE = /^[ \t]*(?:<\/[A-Za-z][\w.:-]*[ \t]*>|<[A-Za-z][\w.:-]*(?:[ \t]+[\w:.-]+=|[ \t]*\/>)|<[a-z][\w-]*>)/;

/** The cursor is inside a string that spans lines, where markup is text. */
function inLongString(prefix: string, quote: string | null): boolean {
  if (quote === '`') return true;
  const count = (s: string) => prefix.split(s).length - 1;
  return count('"""') % 2 === 1 || count("'''") % 2 === 1;
}

/**
 * Markup in a language that has none is another language's code (a React component in a
 * Python list, a template in a Go function): the answer stops before its first such line,
 * unless the document around the cursor has such lines too.
 */
export const stopAtForeignMarkup: StopRule = (text, ctx, final) => {
  if (ctx.languageId === undefined || !NO_MARKUP.has(ctx.languageId) || inLongString(ctx.prefix, ctx.open.quote)) return undefined;
  const around = (ctx.prefix.slice(-3000) + '\n' + ctx.suffix.slice(0, 3000)).split('\n');
  if (around.some((l) => MARKUP_LINE.test(l))) return undefined;
  const linePrefix = linePrefixOf(ctx.prefix);
  const lines = completeLines(text, final);
  for (let i = 0; i < lines.length; i++) {
    const { line, start } = lines[i]!;
    if (MARKUP_LINE.test(i === 0 ? linePrefix + line : line)) return i === 0 ? 0 : cutBeforeLine(start);
  }
  return undefined;
};

/**
 * Stops at a closing bracket that closes nothing open before it (in the output or before the
 * cursor), or that closes a bracket opened before the cursor which the document after the
 * cursor closes already (the function's `}` or the list's `]` written a second time). The
 * closers the editor put right of the cursor are merged with the output's, so those count
 * as the output's own.
 */
export const stopAtUnmatchedBracket: StopRule = (text, ctx) => {
  const scanner = new BracketScanner(ctx.scanOptions, ctx.open);
  const closedAfter = closedBySuffix(ctx);
  const lineSuffix = lineSuffixOf(ctx.suffix);
  const mergeable = leadingClosers(lineSuffix).replace(/["'`]/g, '');
  // Mid-line, the first line's closers are judged once it is whole, when the suggestion is served.
  const firstLineServed = !isOnlyClosersRight(lineSuffix);
  let outerClosed = 0;
  let merged = 0;
  let firstLine = true;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') firstLine = false;
    const event = scanner.push(text[i]!);
    if (event.kind === 'close' && event.outer) {
      outerClosed++;
      if (outerClosed > closedAfter || (firstLine && firstLineServed)) continue;
      if (text[i] === mergeable[merged]) {
        merged++;
        continue;
      }
    } else if (event.kind !== 'unmatched') {
      continue;
    }
    let cut = i;
    while (cut > 0 && (text[cut - 1] === ' ' || text[cut - 1] === '\t')) cut--;
    if (cut > 0 && text[cut - 1] === '\n') cut--;
    return cut;
  }
  return undefined;
};

/** How far after the cursor the document is read for the closers of brackets open at the cursor. */
const SUFFIX_SCAN = 20_000;
const closedCache = new WeakMap<StopContext, number>();

/**
 * How many of the brackets open at the cursor (innermost first) the document after the
 * cursor closes. Trusted only when it closes all of them: in a document that does not
 * balance, the user is in the middle of writing it and its closers may belong to enclosing
 * blocks (`append(xs, Entry{` above a function's last `}`).
 */
function closedBySuffix(ctx: StopContext): number {
  const known = closedCache.get(ctx);
  if (known !== undefined) return known;
  const scanner = new BracketScanner(ctx.scanOptions, ctx.open);
  let closed = 0;
  const end = Math.min(ctx.suffix.length, SUFFIX_SCAN);
  for (let i = 0; i < end && closed < ctx.open.stack.length; i++) {
    const event = scanner.push(ctx.suffix[i]!);
    if (event.kind === 'close' && event.outer) closed++;
  }
  const trusted = closed === ctx.open.stack.length ? closed : 0;
  closedCache.set(ctx, trusted);
  return trusted;
}

/** Stops at a blank line once the output has written something and closed every bracket it opened. */
export const stopAtBlankLineAfterBlock: StopRule = (text, ctx, final) => {
  const lines = completeLines(text, final);
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const { line, start } = lines[i]!;
    if (line.trim() !== '') {
      seenContent = true;
      continue;
    }
    if (!seenContent || i === 0) continue;
    const scanner = new BracketScanner(ctx.scanOptions, ctx.open);
    for (let j = 0; j < start; j++) scanner.push(text[j]!);
    if (scanner.relativeDepth <= 0) return cutBeforeLine(start);
  }
  return undefined;
};
