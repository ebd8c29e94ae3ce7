// Which of the tokens the server generated were of use. A character of the file
// is "shown correct" when it was on screen as ghost text at its place before the
// user typed it: the suggestion was shown at a cursor whose text before it is the
// file's beginning, and the character lies within the part of the suggestion
// that agrees with the file from there. Each character counts once, however many
// requests produced it. Useful tokens are those characters counted by the fake
// server's token rule; tokens thrown away are the tokens the server generated
// (its log) minus the useful ones.
import { countTokens } from '../../test/fake-server/server';

export interface ShownSuggestion {
  /** Text before the cursor when the suggestion was shown. */
  prefix: string;
  text: string;
}

/** Length of the common start of two strings. */
export function commonStart(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Spans [from, to) of `file` that some shown suggestion showed correctly, merged. */
export function correctSpans(file: string, shown: readonly ShownSuggestion[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const s of shown) {
    if (!file.startsWith(s.prefix)) continue;
    const n = commonStart(s.text, file.slice(s.prefix.length, s.prefix.length + s.text.length));
    if (n > 0) spans.push([s.prefix.length, s.prefix.length + n]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

/** Tokens of `file` that were shown correct as ghost text before they were typed. */
export function usefulTokens(file: string, shown: readonly ShownSuggestion[]): number {
  return correctSpans(file, shown).reduce((sum, [from, to]) => sum + countTokens(file.slice(from, to)), 0);
}
