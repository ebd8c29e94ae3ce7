// Stop rules, applied to the cleaned output while it streams. Each rule looks at
// the text produced so far and returns where to cut it, or undefined to go on.
// The session stops the stream (and the server's work) at the earliest cut.
// This file holds the rules' contract, the length rules and the order they are
// asked in; the rules about repeats (repeatRules.ts) and about the shape of the
// code (shapeRules.ts) live beside it.
import { charsForTokens } from '../../shared/tokens';
import type { ScanOptions } from './brackets';
import { stopAtDoubledLine, stopAtNextLineRepeat, stopAtRepeatedLines, stopAtSuffixStart } from './repeatRules';
import { stopAtBlankLineAfterBlock, stopAtBreakInOpenBracket, stopAtForeignMarkup, stopAtUnmatchedBracket } from './shapeRules';
import { firstLineOf } from './text';

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
  | 'first-line-and-peek';

/** `final` is true once the stream ended: the last line counts as complete. */
export type StopRule = (text: string, ctx: StopContext, final: boolean) => number | undefined;


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
  ['first-line-and-peek', stopAfterFirstLineAndPeek],
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
