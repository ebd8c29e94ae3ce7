// When asking ahead (the speculative request for the spot after a suggestion's
// first line) is worth a request: only for a suggestion the user follows.
import { firstLineOf } from './text';

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
