// Stop rules about the shape of the answer's lines: a line that ends while a bracket it
// belongs in is still open, and markup written into a language that has none (a JSX
// component pasted into a Python list). Each cuts where the answer stops fitting the code.
import { BracketScanner } from './brackets';
import type { StopRule } from './stopRules';
import { completeLines, cutBeforeLine, linePrefixOf } from './text';

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
