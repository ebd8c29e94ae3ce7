// The fake server's token rule. It is fixed and documented so tests can
// predict `usage.completion_tokens` and pacing exactly:
//   - letters, digits, marks and `_` form words; a word is cut into pieces of
//     at most 4 characters, each piece one token;
//   - a run of spaces/tabs is one token;
//   - each line break (`\n` or `\r\n`) is one token;
//   - every other character (punctuation, symbols, emoji) is one token each,
//     counted by code point so a token never splits a surrogate pair.
const TOKEN_PATTERN = /[\p{L}\p{M}\p{N}_]{1,4}|[ \t]+|\r?\n|[^]/gu;

export function splitTokens(text: string): string[] {
  return text.match(TOKEN_PATTERN) ?? [];
}

export function countTokens(text: string): number {
  return splitTokens(text).length;
}

/** The first `n` tokens of `text`, joined back into a string. */
export function firstTokens(text: string, n: number): string {
  return splitTokens(text).slice(0, n).join('');
}

const FILLER_LINES = [
  'function step{n}(input: number[]): number {',
  '  let total = 0;',
  '  for (const value of input) {',
  '    total += value * {n};',
  '  }',
  '  return total;',
  '}',
  '',
];

/** Plausible code of exactly `count` tokens, the same for the same count. */
export function fillerCode(count: number): string {
  if (count <= 0) return '';
  const tokens: string[] = [];
  for (let n = 1; tokens.length < count; n++) {
    for (const line of FILLER_LINES) tokens.push(...splitTokens(line.replace(/\{n\}/g, String(n)) + '\n'));
  }
  return tokens.slice(0, count).join('');
}
