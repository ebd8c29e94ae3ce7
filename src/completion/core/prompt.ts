// The request sent for a spot: prefix and suffix cut to a token budget at line
// boundaries (more prefix than suffix: what comes before the cursor predicts
// best), the file's path and language, and snippets of other files when the
// budget leaves room for them. Laid out for servers' prefix caches: the prefix
// window's start is anchored to the document so it stays put while the user
// types, and other files come first in a fixed order.
import type { ContextSnippet, FimRequest } from '../../providers/types';
import { CHARS_PER_TOKEN } from './stopRules';

export interface PromptBudget {
  /** Tokens the prompt may use in total (the model's context minus the answer). */
  promptTokens: number;
  /** Share of the budget for the text before the cursor. */
  prefixShare: number;
  /** Share for the text after it. */
  suffixShare: number;
  /** Other files' snippets are only sent when at least this many tokens are left for them. */
  minSnippetTokens: number;
}

export const DEFAULT_PROMPT_BUDGET: PromptBudget = {
  promptTokens: 2048,
  prefixShare: 0.6,
  // The suffix follows the prefix, so no prefix cache covers it: about fifteen lines.
  suffixShare: 0.08,
  minSnippetTokens: 128,
};

/**
 * For a server on this machine. The suffix follows the prefix in a FIM prompt, so it is
 * processed again on every request (a cloud does it in a few milliseconds, a CPU in a large
 * part of the time to first token): a short one.
 */
export const LOCAL_PROMPT_BUDGET: PromptBudget = { ...DEFAULT_PROMPT_BUDGET, suffixShare: 0.05 };

export function promptBudgetFor(local: boolean): PromptBudget {
  return local ? LOCAL_PROMPT_BUDGET : DEFAULT_PROMPT_BUDGET;
}

/**
 * The prefix window's start moves in steps of this many characters of the document, so the
 * prompt's start stays the same while the user types (a server's prefix cache only helps when
 * the prompt starts as the cached one did): it moves once per this many characters typed.
 */
export const PREFIX_ANCHOR_CHARS = 2048;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/**
 * At most the last `maxChars` of the prefix, starting at a line start when it had to be cut.
 * With `prefixStart` (where the prefix begins in the document), the cut is anchored to the
 * document: it falls on a multiple of PREFIX_ANCHOR_CHARS, so the window holds between
 * `maxChars − PREFIX_ANCHOR_CHARS` and `maxChars` characters and its start does not move
 * while the user types after it.
 */
export function windowPrefix(prefix: string, maxChars: number, prefixStart?: number): string {
  if (prefix.length <= maxChars) return prefix;
  let start = prefix.length - maxChars;
  if (prefixStart !== undefined && maxChars > PREFIX_ANCHOR_CHARS) {
    const anchored = Math.ceil((prefixStart + start) / PREFIX_ANCHOR_CHARS) * PREFIX_ANCHOR_CHARS - prefixStart;
    if (anchored < prefix.length) start = anchored;
  }
  // The first line start at or after the cut: text before the cursor does not change while typing.
  const nl = prefix.indexOf('\n', Math.max(0, start - 1));
  return nl < 0 || nl >= prefix.length - 1 ? prefix.slice(start) : prefix.slice(nl + 1);
}

/** The first `maxChars` of the suffix, ending at a line end when it had to be cut. */
export function windowSuffix(suffix: string, maxChars: number): string {
  if (suffix.length <= maxChars) return suffix;
  const nl = suffix.lastIndexOf('\n', maxChars);
  return nl <= 0 ? suffix.slice(0, maxChars) : suffix.slice(0, nl + 1);
}

export interface PromptInput {
  prefix: string;
  suffix: string;
  filePath: string;
  languageId: string;
  /** The cursor's offset in the document (the prefix ends there), to anchor the prefix window. */
  offset?: number;
}

export interface PromptOptions {
  budget: PromptBudget;
  maxTokens: number;
  temperature?: number;
  singleLine: boolean;
  /** Picks snippets of other files for a number of characters; empty when none are allowed. */
  snippets?: (maxChars: number) => ContextSnippet[];
}

export function buildFimRequest(input: PromptInput, options: PromptOptions): FimRequest {
  const { budget } = options;
  const charsFor = (share: number) => Math.floor(budget.promptTokens * share * CHARS_PER_TOKEN);
  const prefixStart = input.offset !== undefined ? input.offset - input.prefix.length : undefined;
  const suffix = windowSuffix(input.suffix, charsFor(budget.suffixShare));
  // Snippets are picked for the room the prefix leaves; when there are none to send, the
  // prefix takes that room itself (more of the file, and a larger share a prefix cache keeps).
  const shared = windowPrefix(input.prefix, charsFor(budget.prefixShare), prefixStart);
  const snippetRoom = budget.promptTokens - estimateTokens(shared) - estimateTokens(suffix);
  const picked = options.snippets && snippetRoom >= budget.minSnippetTokens ? options.snippets(Math.floor(snippetRoom * CHARS_PER_TOKEN)) : [];
  const prefix = picked.length > 0 ? shared : windowPrefix(input.prefix, Math.floor((budget.promptTokens - estimateTokens(suffix)) * CHARS_PER_TOKEN), prefixStart);
  const request: FimRequest = {
    prefix,
    suffix,
    filePath: input.filePath,
    languageId: input.languageId,
    maxTokens: options.maxTokens,
  };
  if (options.temperature !== undefined) request.temperature = options.temperature;
  // One line wanted: let the server stop at the line break instead of generating more.
  if (options.singleLine) request.stop = ['\n'];
  if (picked.length > 0) {
    // Other files come first in the prompt: in a fixed order, so a reordering alone never
    // makes the server process the whole prompt again.
    request.extraContext = [...picked].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  }
  return request;
}
