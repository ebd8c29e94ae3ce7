// Decides whether the editor's current state still belongs to a request: the
// user typed exactly what the request has produced (keep it and serve from it),
// is on the way to where a speculative request was asked (keep it), or went
// somewhere else (abort it now).
import type { Anchor } from './session';
import { suffixKey } from './text';

/** The editor's state at a call: the text around the cursor and the cursor's document offset. */
export interface CursorState {
  docKey: string;
  offset: number;
  prefix: string;
  suffix: string;
}

export type Relation =
  /** The cursor moved forward from the anchor by typing `typed`, which agrees with the output. */
  | { kind: 'continues'; typed: string }
  /** A speculative anchor lies ahead of the cursor along `missing`. */
  | { kind: 'ahead'; missing: string }
  | { kind: 'diverged'; why: 'document' | 'moved' | 'text' | 'suffix' };

/**
 * How far the user may type past what a stream has produced and still keep it:
 * a few keys may yet agree; beyond that a fresh request at the cursor has better odds.
 */
export const MAX_TYPED_AHEAD = 4;

/** Keys in `typed`, counting a line break and the indentation the editor adds after it as one (Enter). */
export function keysIn(typed: string): number {
  return typed.replace(/\n[ \t]*/g, '\n').length;
}

/** How much of the text before the cursor is compared to recognise the same spot. */
const CONTEXT_CHECK = 200;

function samePlace(a: string, b: string): boolean {
  return suffixKey(a, 96) === suffixKey(b, 96);
}

/** The text typed between `anchor` and `state`, or undefined when `state` is not the anchor plus typing. */
export function typedSince(anchor: Pick<CursorState, 'offset' | 'prefix'>, state: CursorState): string | undefined {
  const n = state.offset - anchor.offset;
  if (n < 0 || n > state.prefix.length) return undefined;
  const typed = state.prefix.slice(state.prefix.length - n);
  const before = state.prefix.slice(0, state.prefix.length - n);
  const check = Math.min(CONTEXT_CHECK, before.length, anchor.prefix.length);
  if (before.slice(before.length - check) !== anchor.prefix.slice(anchor.prefix.length - check)) return undefined;
  return typed;
}

/**
 * Relation of the current state to a request anchored at `anchor` that has
 * produced `output` so far (`streaming` when more may come).
 */
export function relate(anchor: Anchor, output: string, streaming: boolean, state: CursorState): Relation {
  if (anchor.docKey !== state.docKey) return { kind: 'diverged', why: 'document' };
  if (!samePlace(anchor.suffix, state.suffix)) return { kind: 'diverged', why: 'suffix' };
  const typed = typedSince(anchor, state);
  if (typed !== undefined) {
    return relateOutput(output, typed, streaming) ?? { kind: 'diverged', why: 'text' };
  }
  if (anchor.speculative) {
    const missing = missingUntil(anchor, state);
    if (missing !== undefined) return { kind: 'ahead', missing };
  }
  return { kind: 'diverged', why: state.offset < anchor.offset ? 'text' : 'moved' };
}

/** Whether `typed` agrees with `output`: typed through it, or (streaming) a little ahead of it. */
export function relateOutput(output: string, typed: string, streaming: boolean): Relation | undefined {
  if (output.startsWith(typed)) return { kind: 'continues', typed };
  // The user typed past what has arrived; the stream may still agree.
  if (streaming && typed.startsWith(output) && keysIn(typed.slice(output.length)) <= MAX_TYPED_AHEAD) return { kind: 'continues', typed };
  return undefined;
}

/** For an anchor ahead of the cursor: the text still to type to reach it, if the cursor is on the way. */
function missingUntil(anchor: Anchor, state: CursorState): string | undefined {
  const n = anchor.offset - state.offset;
  if (n <= 0 || n > anchor.prefix.length) return undefined;
  const before = anchor.prefix.slice(0, anchor.prefix.length - n);
  const check = Math.min(CONTEXT_CHECK, before.length, state.prefix.length);
  if (before.slice(before.length - check) !== state.prefix.slice(state.prefix.length - check)) return undefined;
  return anchor.prefix.slice(anchor.prefix.length - n);
}

/**
 * What of `output` is left to show after `typed`, while streaming only up to
 * the last whole line. Undefined when there is nothing to show yet.
 */
export function remainingAfter(output: string, typed: string, streaming: boolean): string | undefined {
  if (!output.startsWith(typed)) return undefined;
  const rest = output.slice(typed.length);
  if (!streaming) return rest;
  const lastBreak = rest.lastIndexOf('\n');
  if (lastBreak < 0) return undefined;
  const whole = rest.slice(0, lastBreak);
  return whole.trim() === '' ? undefined : whole;
}
