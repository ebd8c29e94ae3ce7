// Post-processing: turns the model's output into what the editor shows. Two
// stages: `fixStart` runs once on the output of a request (relative to where it
// was asked), `finishSuggestion` runs every time a suggestion is served
// (relative to where the cursor is now, which may be further along).
import { BracketScanner, openBracketsBefore, scanOptionsFor } from './brackets';
import type { MultilineMode } from '../../config/core/settings';
import {
  isOnlyClosersRight,
  leadingClosers,
  leadingWhitespace,
  linePrefixOf,
  lineSuffixOf,
  documentHasTwice,
  linesAlike,
  nextNonBlankLine,
} from './text';

/** A suggestion as the editor gets it: insert `text` at the cursor, replacing `replaceLength` characters right of it. */
export interface FinishedSuggestion {
  text: string;
  replaceLength: number;
}

/**
 * Result of a start fix: the text, `undefined` while the start cannot be judged yet, or
 * `null` when the answer does not fit the cursor at all (nothing to show, nothing to wait for).
 */
export type StartFix = (text: string, linePrefix: string, final: boolean, prefix?: string) => string | undefined | null;

/**
 * The model starts by writing the current line again (Qwen turning `print(` into
 * `print(print()`): drop the repeated part.
 */
export const dropRepeatedLinePrefix: StartFix = (text, linePrefix, final) => {
  const typed = linePrefix.trimStart();
  if (typed.length < 4) return text;
  if (text.startsWith(typed)) return text.slice(typed.length);
  // Not enough text yet to tell.
  if (!final && typed.startsWith(text)) return undefined;
  return text;
};

/**
 * The cursor follows whitespace and the model starts with whitespace again (its first
 * token is often ` return`): the spaces would double. In the line's indentation (the
 * editor indented it) an answer indented from column 0 keeps the line's indentation and
 * any deeper level, and an answer that completes an indentation typed in part keeps its
 * spaces; any other answer indented less than the line, or after a space mid-line, loses
 * its leading whitespace.
 */
export const keepLineIndentation: StartFix = (text, linePrefix, final, prefix = linePrefix) => {
  if (!/[ \t]$/.test(linePrefix)) return text;
  const firstLine = text.split('\n', 1)[0]!;
  if (firstLine.trim() === '' && !final && !text.includes('\n')) return undefined;
  const indent = leadingWhitespace(firstLine);
  if (indent === '') return text;
  // Only spaces before the line break: they would trail the cursor's line.
  if (firstLine.trim() === '') return text.includes('\n') ? text.slice(firstLine.replace(/\r$/, '').length) : text;
  const atLineStart = linePrefix.trim() === '';
  if (atLineStart && indent.length >= linePrefix.length) return text.slice(linePrefix.length);
  if (atLineStart && completesIndentation(linePrefix + indent, prefix.slice(0, prefix.length - linePrefix.length))) return text;
  return text.slice(indent.length);
};

/**
 * Spaces that make a whole level of the file's indentation, at most one level deeper than
 * the line above: the user typed part of the indentation and the model the rest.
 */
function completesIndentation(indentation: string, above: string): boolean {
  const char = indentation[0];
  if (!/^( +|\t+)$/.test(indentation)) return false;
  const depths = above
    .slice(-4000)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => leadingWhitespace(l))
    .filter((w) => w === '' || new RegExp(`^${char}+$`).test(w))
    .map((w) => w.length);
  const previous = depths[depths.length - 1] ?? 0;
  const unit = char === '\t' ? 1 : depths.reduce((g, d) => (d === 0 ? g : gcd(g, d)), 0) || 4;
  return indentation.length % unit === 0 && indentation.length <= previous + unit;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Keywords a word being typed may end in: `el` + `if` is `elif`, not a statement glued to a word. */
const JOINED_KEYWORDS = new Set(['elif', 'elsif', 'elseif', 'endif', 'endfor', 'endwhile', 'endforeach', 'foreach', 'ifdef', 'ifndef', 'undef', 'elifdef']);
/** Words that start a statement: an answer starting with one right after a word being typed is the model starting a fresh line. */
const STATEMENT_START = /^(return|if|for|while|def|class|const|let|var|function|import|from|print|func|fn|elif|else|try|catch|switch|yield|raise|throw|with|echo|public|private|static)(?=[ \t(])/;

/**
 * The cursor is in a word. An answer that starts with the whole word again (`ret` +
 * `return x`) writes it twice: drop the repeat. An answer that starts a statement
 * (`def norm` + `return x / total`) glues unrelated code to the word: nothing is shown.
 */
export const fitToWord: StartFix = (text, linePrefix, final, prefix = linePrefix) => {
  // With the sigil of PHP, shell and Ruby variables (`$na` + `$name`).
  const word = /[$@]?\w+$/.exec(linePrefix)?.[0];
  if (word === undefined) return text;
  if (word.length >= 2) {
    // The word again, then more of a word (or, after a longer word, a call, a member, a macro, a path, an index or type arguments).
    const after = text.length > word.length && text.startsWith(word) ? text[word.length]! : '';
    if (/\w/.test(after) || (word.length >= 3 && /^[.(!:[<]$/.test(after))) return fitToWord(text.slice(word.length), linePrefix, final, prefix);
    if (!final && word.startsWith(text)) return undefined;
  }
  const statement = STATEMENT_START.exec(text);
  if (!statement) return text;
  const joined = word.replace(/^[$@]/, '') + statement[1]!;
  // A keyword the word ends in (`elif`), or a name the file already uses (`En` + `try` is `Entry`).
  if (JOINED_KEYWORDS.has(joined.toLowerCase()) || new RegExp(`\\b${joined}\\b`).test(prefix.slice(-8000, prefix.length - word.length))) return text;
  return null;
};

/** Runs the start fixes in order; `undefined` means wait for more output, `null` that the answer does not fit. */
export function fixStart(text: string, prefix: string, final: boolean): string | undefined | null {
  const linePrefix = linePrefixOf(prefix);
  let out: string | undefined | null = text;
  for (const fix of [dropRepeatedLinePrefix, fitToWord, keepLineIndentation]) {
    out = fix(out, linePrefix, final, prefix);
    if (out === undefined || out === null) return out;
  }
  return out;
}

/** Where the cursor is now, for serving a suggestion. */
export interface ServeContext {
  prefix: string;
  suffix: string;
  languageId: string;
  multiline: MultilineMode;
}

/** Nothing but whitespace: nothing to show. */
export function isEmptySuggestion(text: string): boolean {
  return text.trim() === '';
}

/** The suggestion is what already stands right of the cursor (e.g. only the auto-inserted `)`). */
export function repeatsSuffix(text: string, suffix: string): boolean {
  const t = text.trim();
  return t !== '' && suffix.trimStart().startsWith(t);
}

/** The suggestion's first whole line is the next line of the document, or the line above at the same indentation. */
export function repeatsNeighbourLine(text: string, prefix: string, suffix: string): boolean {
  const linePrefix = linePrefixOf(prefix);
  let candidate: string | undefined;
  if (linePrefix.trim() === '') candidate = text.split('\n', 1)[0];
  else if (/^[ \t]*\r?\n/.test(text)) candidate = text.split('\n', 2)[1];
  if (candidate === undefined || candidate.trim() === '') return false;
  if (linesAlike(candidate, nextNonBlankLine(suffix))) return true;
  const above = prefix.slice(0, prefix.length - linePrefix.length).replace(/\r?\n$/, '');
  const previousLine = above.slice(above.lastIndexOf('\n') + 1);
  // The line above counts with its indentation: `}` under `    }` closes another block.
  return linePrefix.trim() === '' && (linePrefix + candidate).trimEnd() === previousLine.trimEnd();
}

/**
 * Merges the suggestion with the closing brackets and quotes the editor put
 * right of the cursor, so `foo(` + auto `)` + model `bar)` gives `foo(bar)`,
 * not `foo(bar))`. Returns how many characters right of the cursor the
 * suggestion replaces.
 */
export function mergeWithClosers(text: string, ctx: ServeContext): number {
  const lineSuffix = lineSuffixOf(ctx.suffix);
  const rest = lineSuffix.trimEnd();
  if (rest === '') return 0;
  // A suggestion that ends with the whole rest of the line rewrites it: replace it, as long as
  // the brackets come out the same as before (`{` + `\n  x: 1,\n};` over `};`).
  if (text.endsWith(rest) && sameBracketBalance(text, rest)) return rest.length;
  const closers = leadingClosers(lineSuffix);
  if (closers === '') return 0;
  // Closers in the suggestion that close what was open before the cursor take the place of the editor's.
  const options = scanOptionsFor(ctx.languageId);
  const scanner = new BracketScanner(options, openBracketsBefore(ctx.prefix, options));
  let consumed = 0;
  for (let i = 0; i < text.length && consumed < closers.length; i++) {
    const ch = text[i]!;
    const event = scanner.push(ch);
    const closesOuter = (event.kind === 'close' || event.kind === 'quote-close') && event.outer;
    if (closesOuter && ch === closers[consumed]) consumed++;
    else if (closesOuter) break;
  }
  return consumed;
}

/**
 * Mid-line, the rest of the line may close brackets opened before the cursor (`f(|x)`). A
 * suggestion that closes one of those again would leave a closer too many (`f(a)x)`), so it
 * ends just before such a closer. Closers right after the cursor are merged instead (above).
 */
export function cutBeforeDoubledCloser(text: string, ctx: ServeContext): string {
  const lineSuffix = lineSuffixOf(ctx.suffix);
  if (isOnlyClosersRight(lineSuffix)) return text;
  const options = scanOptionsFor(ctx.languageId);
  const open = openBracketsBefore(ctx.prefix, options);
  const rest = new BracketScanner(options, open);
  let closedByLine = 0;
  for (const ch of lineSuffix) {
    const event = rest.push(ch);
    if (event.kind === 'close' && event.outer) closedByLine++;
  }
  if (closedByLine === 0) return text;
  const scanner = new BracketScanner(options, { stack: open.stack.slice(0, open.stack.length - closedByLine), quote: open.quote });
  for (let i = 0; i < text.length; i++) {
    if (scanner.push(text[i]!).kind === 'unmatched') return text.slice(0, i);
  }
  return text;
}

/** After accepting, the suggestion's last line (with the rest of the cursor's line) equals the line before it, and the document has no such pair. */
function endsOnRepeatedLine(text: string, ctx: ServeContext, replaceLength: number): boolean {
  const linePrefix = linePrefixOf(ctx.prefix);
  const lines = (linePrefix + text + lineSuffixOf(ctx.suffix).slice(replaceLength)).split('\n').map((l) => l.trimEnd());
  const last = lines[lines.length - 1]!;
  let before = lines[lines.length - 2];
  if (before === undefined && ctx.prefix.includes('\n')) {
    const above = ctx.prefix.slice(0, ctx.prefix.length - linePrefix.length - 1);
    before = above.slice(above.lastIndexOf('\n') + 1).trimEnd();
  }
  return last.trim() !== '' && last === before && !documentHasTwice(ctx.prefix, ctx.suffix, last);
}

/** Opening minus closing brackets of each kind agree between two texts. */
function sameBracketBalance(a: string, b: string): boolean {
  const balance = (s: string, open: string, close: string) => s.split(open).length - s.split(close).length;
  return ['()', '[]', '{}'].every(([open, close]) => balance(a, open!, close!) === balance(b, open!, close!));
}

/** Mid-line (text right of the cursor other than closers) a suggestion keeps to one line. */
export function limitToLine(text: string, ctx: ServeContext): string {
  const single = ctx.multiline === 'never' || (ctx.multiline === 'auto' && !isOnlyClosersRight(lineSuffixOf(ctx.suffix)));
  if (!single) return text;
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

/**
 * Drops trailing whitespace, line breaks included: it would only leave stray spaces or an
 * empty line before the text that follows the cursor.
 */
export function trimTrailingSpace(text: string): string {
  return text.replace(/[ \t\r\n]+$/, '');
}

/** The serve-time pipeline. `undefined` means show nothing. */
export function finishSuggestion(remaining: string, ctx: ServeContext): FinishedSuggestion | undefined {
  let text = trimTrailingSpace(limitToLine(remaining, ctx));
  if (isEmptySuggestion(text)) return undefined;
  if (repeatsNeighbourLine(text, ctx.prefix, ctx.suffix)) return undefined;
  const replaceLength = mergeWithClosers(text, ctx);
  if (replaceLength === 0) {
    text = trimTrailingSpace(cutBeforeDoubledCloser(text, ctx));
    if (isEmptySuggestion(text)) return undefined;
  }
  const replaced = lineSuffixOf(ctx.suffix).slice(0, replaceLength);
  // Only closers left, and they are already there: nothing new to show.
  if (text.trim() === replaced.trim() || (replaceLength === 0 && repeatsSuffix(text, ctx.suffix))) return undefined;
  // With the rest of its line, the last line is the line before it again: not that line.
  if (endsOnRepeatedLine(text, ctx, replaceLength)) {
    const lastBreak = text.lastIndexOf('\n');
    return lastBreak < 0 ? undefined : finishSuggestion(text.slice(0, lastBreak), ctx);
  }
  text = text.replace(/\r/g, '');
  return { text, replaceLength };
}
