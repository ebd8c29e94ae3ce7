// The one estimate of tokens from characters, for prompt budgets, the stop rules'
// length cap and speed figures when a server reports no usage.

/**
 * Characters per token. Code tokenizes denser than prose (symbols, indentation and short
 * identifiers split into many tokens), and about 3.5 holds for code on the tokenizers of the
 * models served for completion. Erring low keeps a prompt inside the context window.
 */
export const CHARS_PER_TOKEN = 3.5;

export function tokensForChars(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

export function estimateTokens(text: string): number {
  return tokensForChars(text.length);
}

/** How many characters fit in `tokens`, rounded down. */
export function charsForTokens(tokens: number): number {
  return Math.floor(tokens * CHARS_PER_TOKEN);
}
