// Stop rules, applied to the cleaned output while it streams. Each rule looks at
// the text produced so far and returns where to cut it, or undefined to go on.
// The session stops the stream (and the server's work) at the earliest cut.
import { charsForTokens } from '../../shared/tokens';
import { BracketScanner, type ScanOptions } from './brackets';
import { stopAtBreakInOpenBracket, stopAtForeignMarkup } from './shapeRules';
import { completeLines, cutBeforeLine, documentHasTwice, firstLineOf, isOnlyClosersRight, leadingClosers, leadingWhitespace, linePrefixOf, lineSuffixOf, linesAlike, nextLinesOf } from './text';

export interface StopContext {
  /** Text before the cursor when the request started. */
  prefix: string;
  /** Text after the cursor when the request started. */
  suffix: string;
  scanOptions: ScanOptions;
  /** The document's language, for rules that depend on it (markup, prose). */
  languageId?: string;
  /** Brackets open before the cursor and the string the cursor may sit in. */
  open: { stack: readonly string[]; quote: string | null };
  singleLine: boolean;
  maxLines: number;
  /** Client-side budget in estimated tokens (the server has its own max_tokens). */
  maxTokens: number;
  /**
   * A speculative request: only its first line is wanted (the engine asks again
   * after it once the user confirms it), plus where the next line starts.
   */
  firstLineAndPeek?: boolean;
}

export type StopRuleName =
  | 'suffix-start'
  | 'next-line-repeat'
  | 'repeated-lines'
  | 'doubled-line'
  | 'open-bracket-break'
  | 'foreign-markup'
  | 'unmatched-bracket'
  | 'blank-line-after-block'
  | 'line-budget'
  | 'token-budget'
  | 'single-line'
  | 'speculative-budget';

/** `final` is true once the stream ended: the last line counts as complete. */
export type StopRule = (text: string, ctx: StopContext, final: boolean) => number | undefined;


/** Stops where the output starts writing what already follows the cursor. */
export const stopAtSuffixStart: StopRule = (text, ctx, final) => {
  const rest = lineSuffixOf(ctx.suffix).trim();
  // Mid-line: the model wrote the rest of the line again.
  if (rest.length >= 3 && /\w/.test(rest)) {
    const firstLine = text.split('\n', 1)[0]!;
    const at = firstLine.indexOf(rest);
    if (at >= 0) return at;
  }
  const head = ctx.suffix.trimStart().split('\n', 1)[0]!.trim();
  if (head.length < 4 || !/\w/.test(head)) return undefined;
  for (const { line, start } of completeLines(text, final)) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith(head)) return start === 0 ? line.length - trimmed.length : cutBeforeLine(start);
  }
  return undefined;
};

/** How many non-blank lines below the cursor a repeat is looked for. */
const REPEAT_LOOKAHEAD = 4;

/**
 * Stops before a line that repeats what follows the cursor: the next non-blank line of the
 * document, or one of the few after it written at the same indentation (the model skipped
 * a line and wrote the block after it again, such as an `else` branch two lines down).
 */
export const stopAtNextLineRepeat: StopRule = (text, ctx, final) => {
  const following = nextLinesOf(ctx.suffix, 12).filter((l) => l.trim() !== '').slice(0, REPEAT_LOOKAHEAD);
  const next = following[0];
  if (next === undefined) return undefined;
  const lines = completeLines(text, final);
  const linePrefix = linePrefixOf(ctx.prefix);
  const cursorLineIsBlank = linePrefix.trim() === '';
  for (let i = 0; i < lines.length; i++) {
    // The first line continues the cursor's line; it is a whole line only when that line was blank.
    if (i === 0 && !cursorLineIsBlank) continue;
    const { line, start } = lines[i]!;
    const whole = (i === 0 ? linePrefix + line : line).trimEnd();
    const cut = i === 0 ? 0 : cutBeforeLine(start);
    if (following.slice(1).some((l) => l.trimEnd() === whole && isDistinctive(whole))) return cut;
    if (!linesAlike(line, next)) continue;
    // A lone `}` equal to the next line may close a block the output itself opened, and so may
    // an `end` or `fi` indented deeper than the document's.
    if (!/\w/.test(line) && !closesOuterBracket(text, start, line.length, ctx)) continue;
    if (leadingWhitespace(i === 0 ? linePrefix + line : line).length > leadingWhitespace(next).length) continue;
    return cut;
  }
  return undefined;
};

/** A line too particular to be written twice by chance: a word and six characters or more. */
function isDistinctive(line: string): boolean {
  return /\w/.test(line) && line.trim().length >= 6;
}

/** Whether the characters at [start, start+length) close a bracket opened before the cursor. */
function closesOuterBracket(text: string, start: number, length: number, ctx: StopContext): boolean {
  const scanner = new BracketScanner(ctx.scanOptions, ctx.open);
  for (let j = 0; j < start; j++) scanner.push(text[j]!);
  for (let j = start; j < start + length; j++) {
    const event = scanner.push(text[j]!);
    if (event.kind === 'close' && event.outer) return true;
  }
  return false;
}

/**
 * Stops at a line that is the same as the line before it (the model wrote it twice: a key,
 * an import, a statement), unless the document itself has that line twice in a row. The
 * first line counts with the text before the cursor, the line above the cursor included.
 */
export const stopAtDoubledLine: StopRule = (text, ctx, final) => {
  const lines = completeLines(text, final);
  if (lines.length === 0) return undefined;
  const linePrefix = linePrefixOf(ctx.prefix);
  const above = ctx.prefix.slice(0, ctx.prefix.length - linePrefix.length).replace(/\r?\n$/, '');
  let previous: string | undefined = ctx.prefix.includes('\n') ? above.slice(above.lastIndexOf('\n') + 1) : undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = (i === 0 ? linePrefix + lines[i]!.line : lines[i]!.line).trimEnd();
    if (line.trim() !== '' && line === previous?.trimEnd() && !documentHasTwice(ctx.prefix, ctx.suffix, line)) return i === 0 ? 0 : cutBeforeLine(lines[i]!.start);
    previous = line;
  }
  return undefined;
};

/** Stops when a block of two to four lines is written a third time in a row (a generation loop). */
export const stopAtRepeatedLines: StopRule = (text, _ctx, final) => {
  const lines = completeLines(text, final);
  for (let end = 0; end < lines.length; end++) {
    for (let period = 2; period <= 4; period++) {
      const first = end + 1 - 3 * period;
      if (first < 0) break;
      const block = (from: number) => lines.slice(from, from + period).map((l) => l.line);
      const a = block(first);
      if (a.every((l) => l.trim() === '')) continue;
      const b = block(first + period);
      const c = block(first + 2 * period);
      if (a.join('\n') === b.join('\n') && b.join('\n') === c.join('\n')) return cutBeforeLine(lines[first + 2 * period]!.start);
    }
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

/** Stops after `maxLines` lines. */
export const stopAtLineBudget: StopRule = (text, ctx) => {
  let index = -1;
  for (let n = 0; n < ctx.maxLines; n++) {
    index = text.indexOf('\n', index + 1);
    if (index < 0) return undefined;
  }
  return index;
};

/** Stops once the estimated tokens pass the budget, at the last line break when there is one. */
export const stopAtTokenBudget: StopRule = (text, ctx) => {
  const limit = charsForTokens(ctx.maxTokens);
  if (text.length <= limit) return undefined;
  const nl = text.lastIndexOf('\n', limit);
  return nl > 0 ? nl : limit;
};

/** Mid-line (or with multi-line off) only the rest of the current line is suggested. */
export const stopAtLineEndWhenSingleLine: StopRule = (text, ctx) => {
  if (!ctx.singleLine) return undefined;
  const nl = text.indexOf('\n');
  return nl < 0 ? undefined : nl;
};

/**
 * A speculative answer stops at the end of its first line once the next line has
 * shown its first character: its indentation says whether the block goes on.
 */
export const stopAfterFirstLineAndPeek: StopRule = (text, ctx) => {
  if (!ctx.firstLineAndPeek) return undefined;
  const first = firstLineOf(text);
  return /\S/.test(text.slice(first.length)) ? first.length : undefined;
};

/** The start of the line after `cut`: its indentation and first character, when the text has them. */
export function peekAfter(text: string, cut: number): string | undefined {
  return /^\n(?:[ \t]*\n)*([ \t]*\S)/.exec(text.slice(cut))?.[1];
}

export const STOP_RULES: ReadonlyArray<[StopRuleName, StopRule]> = [
  ['single-line', stopAtLineEndWhenSingleLine],
  ['suffix-start', stopAtSuffixStart],
  ['next-line-repeat', stopAtNextLineRepeat],
  ['repeated-lines', stopAtRepeatedLines],
  ['doubled-line', stopAtDoubledLine],
  ['open-bracket-break', stopAtBreakInOpenBracket],
  ['foreign-markup', stopAtForeignMarkup],
  ['unmatched-bracket', stopAtUnmatchedBracket],
  ['blank-line-after-block', stopAtBlankLineAfterBlock],
  ['line-budget', stopAtLineBudget],
  ['token-budget', stopAtTokenBudget],
  ['speculative-budget', stopAfterFirstLineAndPeek],
];

/** The earliest cut any rule asks for. */
function earliestCut(text: string, ctx: StopContext, final: boolean): { cut: number; rule: StopRuleName } | undefined {
  let best: { cut: number; rule: StopRuleName } | undefined;
  for (const [rule, fn] of STOP_RULES) {
    const cut = fn(text, ctx, final);
    if (cut !== undefined && (best === undefined || cut < best.cut)) best = { cut, rule };
  }
  return best;
}

/**
 * The earliest cut any rule asks for. What is left after a cut is a finished answer, so the
 * rules judge it again as one (a cut mid-line may leave a bracket open that the rest closed).
 */
export function applyStopRules(text: string, ctx: StopContext, final: boolean): { cut: number; rule: StopRuleName } | undefined {
  const first = earliestCut(text, ctx, final);
  if (!first) return undefined;
  let cut = first.cut;
  for (let again = earliestCut(text.slice(0, cut), ctx, true); again && again.cut < cut; again = earliestCut(text.slice(0, cut), ctx, true)) cut = again.cut;
  return { cut, rule: first.rule };
}
