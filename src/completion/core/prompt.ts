// The request sent for a spot: prefix and suffix cut to a token budget at line
// boundaries (more prefix than suffix: what comes before the cursor predicts
// best), the file's path and language, and snippets of other files when the
// budget leaves room for them.
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
  suffixShare: 0.15,
  minSnippetTokens: 128,
};

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The last `maxChars` of the prefix, starting at a line start when it had to be cut. */
export function windowPrefix(prefix: string, maxChars: number): string {
  if (prefix.length <= maxChars) return prefix;
  const start = prefix.length - maxChars;
  const nl = prefix.indexOf('\n', start);
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
  const prefix = windowPrefix(input.prefix, charsFor(budget.prefixShare));
  const suffix = windowSuffix(input.suffix, charsFor(budget.suffixShare));
  const left = budget.promptTokens - estimateTokens(prefix) - estimateTokens(suffix);
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
  if (options.snippets && left >= budget.minSnippetTokens) {
    const snippets = options.snippets(Math.floor(left * CHARS_PER_TOKEN));
    if (snippets.length > 0) request.extraContext = snippets;
  }
  return request;
}
