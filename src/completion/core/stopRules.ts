// Stop rules, applied to the cleaned output while it streams. Each rule looks at
// the text produced so far and returns where to cut it, or undefined to go on.
// The session stops the stream (and the server's work) at the earliest cut.
import { BracketScanner, type ScanOptions } from './brackets';
import { firstLineOf, linePrefixOf, lineSuffixOf, linesAlike, nextLinesOf } from './text';

export interface StopContext {
  /** Text before the cursor when the request started. */
  prefix: string;
  /** Text after the cursor when the request started. */
  suffix: string;
  scanOptions: ScanOptions;
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
  | 'unmatched-bracket'
  | 'blank-line-after-block'
  | 'line-budget'
  | 'token-budget'
  | 'single-line'
  | 'speculative-budget';

/** `final` is true once the stream ended: the last line counts as complete. */
export type StopRule = (text: string, ctx: StopContext, final: boolean) => number | undefined;

/** Rough characters per token for code; used only for the client-side budget. */
export const CHARS_PER_TOKEN = 3.5;

/** The lines of `text` that are complete: all but the last unless the stream ended. */
function completeLines(text: string, final: boolean): { line: string; start: number }[] {
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
function cutBeforeLine(start: number): number {
  return Math.max(0, start - 1);
}

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

/** Stops before a line that repeats the next non-blank line of the document below the cursor. */
export const stopAtNextLineRepeat: StopRule = (text, ctx, final) => {
  const next = nextLinesOf(ctx.suffix, 5).find((l) => l.trim() !== '');
  if (next === undefined) return undefined;
  const lines = completeLines(text, final);
  const cursorLineIsBlank = linePrefixOf(ctx.prefix).trim() === '';
  for (let i = 0; i < lines.length; i++) {
    // The first line continues the cursor's line; it is a whole line only when that line was blank.
    if (i === 0 && !cursorLineIsBlank) continue;
    const { line, start } = lines[i]!;
    if (!linesAlike(line, next)) continue;
    // A lone `}` equal to the next line may close a block the output itself opened.
    if (!/\w/.test(line) && !closesOuterBracket(text, start, line.length, ctx)) continue;
    return i === 0 ? 0 : cutBeforeLine(start);
  }
  return undefined;
};

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

/** Stops when a block of one to four lines is written a third time in a row (a generation loop). */
export const stopAtRepeatedLines: StopRule = (text, _ctx, final) => {
  const lines = completeLines(text, final);
  for (let end = 0; end < lines.length; end++) {
    for (let period = 1; period <= 4; period++) {
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

/** Stops at a closing bracket that closes nothing open before it (in the output or before the cursor). */
export const stopAtUnmatchedBracket: StopRule = (text, ctx) => {
  const scanner = new BracketScanner(ctx.scanOptions, ctx.open);
  for (let i = 0; i < text.length; i++) {
    if (scanner.push(text[i]!).kind !== 'unmatched') continue;
    let cut = i;
    while (cut > 0 && (text[cut - 1] === ' ' || text[cut - 1] === '\t')) cut--;
    if (cut > 0 && text[cut - 1] === '\n') cut--;
    return cut;
  }
  return undefined;
};

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
  const limit = Math.floor(ctx.maxTokens * CHARS_PER_TOKEN);
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
  ['unmatched-bracket', stopAtUnmatchedBracket],
  ['blank-line-after-block', stopAtBlankLineAfterBlock],
  ['line-budget', stopAtLineBudget],
  ['token-budget', stopAtTokenBudget],
  ['speculative-budget', stopAfterFirstLineAndPeek],
];

/** The earliest cut any rule asks for. */
export function applyStopRules(text: string, ctx: StopContext, final: boolean): { cut: number; rule: StopRuleName } | undefined {
  let best: { cut: number; rule: StopRuleName } | undefined;
  for (const [rule, fn] of STOP_RULES) {
    const cut = fn(text, ctx, final);
    if (cut !== undefined && (best === undefined || cut < best.cut)) best = { cut, rule };
  }
  return best;
}
