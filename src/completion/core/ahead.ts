// When asking ahead (the speculative request for the spot after a suggestion's
// first line) is worth a request: only for a suggestion the user follows, and
// not where the answer itself says the user will leave the block after that line.
import type { AnswerTail } from './session';
import { firstLineOf, leadingWhitespace, linePrefixOf, nextLinesOf } from './text';

/**
 * The user has shown they follow a suggestion: they typed (or accepted) some of it beyond
 * a line break and indentation, which they would have typed anyway. Asking ahead for a
 * suggestion nobody follows (one at a typo, one the user is about to leave) is wasted.
 */
export function followsSuggestion(typed: string): boolean {
  return /\S/.test(typed);
}

/**
 * Whether to ask ahead from a suggestion, given what the user typed of its answer:
 * only once they follow it, and only for the end of the line they are typing (the
 * suggestion's first line continues the cursor's line). At the end of a line the
 * suggestion is the next line, which the user has not typed any of yet: it is asked
 * after once they do. A suggestion that starts with a blank line is asked after at
 * once: the user confirms a blank line with Enter, which says nothing, and the line
 * after it must not be the guess made before it.
 */
export function worthAskingAhead(suggestion: string, typed: string): boolean {
  const first = firstLineOf(suggestion);
  if (first.trim() === '') return true;
  return !first.includes('\n') && followsSuggestion(typed);
}

/** What the engine holds of the answer a suggestion came from, from the cursor on. */
export interface AnswerRest {
  /** The answer's text after the cursor. */
  text: string;
  /** What the answer said about the text after it. */
  tail: AnswerTail;
}

/**
 * True when the answer says that after its first line the user leaves the block
 * they are in, to text the document already has: the answer stopped there because
 * it would repeat the document, or its next line goes back to an outer level that
 * the document's next line is already at (the closing `}` the editor put below,
 * or the code after a Python block). Asked there, the model would only write that
 * text again; the user's next stop is past it.
 */
export function leavesBlockAfterFirstLine(answer: AnswerRest, prefix: string, suffix: string): boolean {
  const first = firstLineOf(answer.text);
  const after = answer.text.slice(first.length);
  if (after.trim() === '' && answer.tail.documentFollows) return true;
  // The model's next line: in the answer, or the start of it the answer was cut before.
  const nextLine = after.trim() !== '' ? after.split('\n').find((line) => line.trim() !== '') : answer.tail.peeked;
  if (nextLine === undefined) return false;
  const documentLine = nextLinesOf(suffix, 5).find((line) => line.trim() !== '');
  if (documentLine === undefined) return false;
  const firstLineText = first.includes('\n') ? first.slice(first.lastIndexOf('\n') + 1) : linePrefixOf(prefix) + first;
  const depth = (line: string) => leadingWhitespace(line).length;
  return depth(nextLine) < depth(firstLineText) && depth(documentLine) <= depth(nextLine);
}
