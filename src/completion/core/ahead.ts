// Asking ahead: the speculative request for the spot after a suggestion's first
// line, so the next line is ready when the user gets there. When it is worth a
// request (only for a suggestion the user follows, and not where the answer
// itself says the user will leave the block after that line), and the
// bookkeeping that asks each spot once, after the stream before it has closed.
import type { GenerationSession } from './session';
import { tailOf, type AnswerTail } from './session';
import { ASKED_AHEAD_MEMORY } from './tuning';
import { firstLineOf, leadingWhitespace, linePrefixOf, nextLinesOf } from './text';
import type { CompletionInput, EngineRule, Suggestion } from './types';

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

/** What asking ahead needs from the engine. */
export interface AskAheadHost {
  ruleOn(rule: EngineRule): boolean;
  /** Asking ahead is on, and the provider is neither rate-limited nor failing. */
  mayAskAhead(): boolean;
  /** The open stream is still streaming: one stream at a time. */
  liveStreaming(): boolean;
  /** Resolves once every stream's connection is closed; undefined when all are. */
  connectionsClosed(): Promise<unknown> | undefined;
  /** Something was answered at exactly this spot already. */
  answeredAt(at: Pick<CompletionInput, 'docKey' | 'offset' | 'prefix' | 'suffix'>): boolean;
  /** Starts the speculative request. */
  ask(at: CompletionInput): void;
}

/**
 * Asks ahead for the spot after accepting a suggestion's first line, so the
 * next line is ready when the user gets there (by Tab or by typing). The lines
 * after the first were guessed before the user confirmed the first one; an
 * answer asked with it in place is the better guess, and it is shown first.
 * Only for a suggestion the user follows (worthAskingAhead), and not where the
 * answer says the user leaves the block after that line.
 */
export class AskingAhead {
  /** Spots already asked about, by document and the end of the prefix. */
  private readonly asked = new Set<string>();

  constructor(private readonly host: AskAheadHost) {}

  /** A suggestion served from `session` after the user typed `typed` of it: asks ahead once the session has finished normally. */
  afterServed(session: GenerationSession, typed: string, input: CompletionInput, suggestion: Suggestion): void {
    if (!this.worthIt(suggestion.text, typed)) return;
    const rest = (): AnswerRest => ({ text: session.output.slice(typed.length), tail: tailOf(session) });
    if (!session.streaming) return this.askAfter(input, suggestion, rest());
    const subscription = session.onChange(() => {
      if (session.streaming) return;
      subscription.dispose();
      if (session.state === 'done') this.askAfter(input, suggestion, rest());
    });
  }

  /** A suggestion served from what the engine knew, of which the user typed `typed`. */
  afterReused(input: CompletionInput, suggestion: Suggestion, typed: string, answer: AnswerRest): void {
    if (this.worthIt(suggestion.text, typed)) this.askAfter(input, suggestion, answer);
  }

  /** Asking ahead from a suggestion the user was shown: once they follow it (the rule switched off: as soon as it is shown). */
  private worthIt(suggestion: string, typed: string): boolean {
    return !this.host.ruleOn('ask-ahead-when-followed') || worthAskingAhead(suggestion, typed);
  }

  private askAfter(input: CompletionInput, suggestion: Suggestion, answer: AnswerRest): void {
    if (!this.host.mayAskAhead() || this.host.liveStreaming()) return;
    if (this.host.ruleOn('block-end') && leavesBlockAfterFirstLine(answer, input.prefix, input.suffix)) return;
    const closing = this.host.connectionsClosed();
    if (closing) {
      // Wait until the stream that produced the suggestion has closed its connection.
      void closing.then(() => this.askAfter(input, suggestion, answer));
      return;
    }
    const accepted = firstLineOf(suggestion.text);
    const prefix = input.prefix + accepted;
    const suffix = accepted === suggestion.text ? input.suffix.slice(suggestion.replaceLength) : input.suffix;
    const key = `${input.docKey}\u0000${prefix.slice(-256)}`;
    // Skip spots already asked about; an older suggestion that merely runs through the spot does not count.
    if (this.asked.has(key) || this.host.answeredAt({ docKey: input.docKey, offset: input.offset + accepted.length, prefix, suffix })) return;
    this.asked.add(key);
    if (this.asked.size > ASKED_AHEAD_MEMORY) this.asked.delete(this.asked.values().next().value as string);
    this.host.ask({ ...input, offset: input.offset + accepted.length, prefix, suffix });
  }
}
