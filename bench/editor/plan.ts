// What the person at the keyboard types, and when: a file's exact text (or a
// block of its lines), one key per character, 70–150 ms apart, with a pause
// of about a second at the start of every non-blank line and after `(` and
// `= `, as bench/typing's typist pauses. No typos and no Tab: the editor's
// automatic edits are switched off in the profile, so the keys are the text.
// Seeded, so a plan can be made again exactly.
import { seededRandom } from '../typing/typist';

export interface PlannedKey {
  /** Milliseconds from the start of typing. */
  t: number;
  /** The character typed; `\n` is Enter, `\t` a tab character. */
  ch: string;
  /** Offset in the file just after this key: the cursor. */
  offset: number;
  /** A pause follows this key: the user stops and looks at the ghost text. */
  pause: boolean;
}

export interface TypingPlan {
  /** The whole file: what the document holds once every key is typed. */
  text: string;
  /**
   * The document when typing starts: the file without the typed block, the
   * block's last line break left in place, so the person types on an empty
   * line with nothing right of the cursor (as after pressing Enter to open it).
   */
  initialText: string;
  /** Where typing starts, in the file and in the initial document. */
  startOffset: number;
  keys: PlannedKey[];
}

export interface PlanOptions {
  seed: number;
  /** 1-based, inclusive: the block of lines typed (default: the whole file). */
  fromLine?: number;
  toLine?: number;
  keyGapMs?: [number, number];
  pauseMs?: [number, number];
}

export const KEY_GAP_MS: [number, number] = [70, 150];
export const PAUSE_MS: [number, number] = [800, 1200];

/** The rest of the file's line from `offset` (not including its line break). */
export function restOfLine(text: string, offset: number): string {
  const end = text.indexOf('\n', offset);
  return text.slice(offset, end < 0 ? undefined : end);
}

/** The file's line up to `offset`. */
export function lineBefore(text: string, offset: number): string {
  return text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
}

/**
 * Whether the person pauses after typing up to `offset`: at the start of a
 * line that has something to type, after `(` and after `= ` (also `>= `, `+= `…),
 * and only where the rest of the line is not empty, so that a correct
 * suggestion on the cursor's line exists.
 */
export function pausesAt(text: string, offset: number): boolean {
  const rest = restOfLine(text, offset);
  if (rest.trim() === '') return false;
  const typed = text.slice(0, offset);
  return typed.endsWith('\n') || typed.endsWith('(') || typed.endsWith('= ');
}

function lineStartOffset(lines: string[], line: number): number {
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i]!.length + 1;
  return offset;
}

export function planTyping(text: string, options: PlanOptions): TypingPlan {
  const lines = text.split('\n');
  // A final line break leaves an empty last element that is not a line to type.
  const lineCount = text.endsWith('\n') ? lines.length - 1 : lines.length;
  const fromLine = options.fromLine ?? 1;
  const toLine = options.toLine ?? lineCount;
  if (!(fromLine >= 1 && toLine >= fromLine && toLine <= lineCount)) {
    throw new Error(`lines ${fromLine}-${toLine} are not within the file's ${lineCount} lines`);
  }
  const startOffset = lineStartOffset(lines, fromLine);
  const blockEnd = toLine === lineCount ? text.length : lineStartOffset(lines, toLine + 1);
  const endOffset = text[blockEnd - 1] === '\n' ? blockEnd - 1 : blockEnd;
  const random = seededRandom(options.seed);
  const between = ([lo, hi]: [number, number]) => lo + (hi - lo) * random();
  const keyGap = options.keyGapMs ?? KEY_GAP_MS;
  const pause = options.pauseMs ?? PAUSE_MS;
  const keys: PlannedKey[] = [];
  let t = 0;
  for (let offset = startOffset; offset < endOffset; offset++) {
    const ch = text[offset]!;
    const last = offset + 1 === endOffset;
    const pauseAfter = !last && pausesAt(text, offset + 1);
    keys.push({ t: Math.round(t), ch, offset: offset + 1, pause: pauseAfter });
    t += pauseAfter ? between(pause) : between(keyGap);
  }
  return { text, initialText: text.slice(0, startOffset) + text.slice(endOffset), startOffset, keys };
}

/** How long typing the plan takes, in ms (to its last key). */
export function planDurationMs(plan: TypingPlan): number {
  return plan.keys[plan.keys.length - 1]?.t ?? 0;
}
