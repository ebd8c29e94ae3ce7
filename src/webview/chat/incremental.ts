// Where a growing Markdown text can be cut so that the part before the cut
// never renders differently as more text arrives. The panel renders that part
// once and re-renders only the rest on every frame, so a long answer costs the
// same per frame as a short one.

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

export interface Fence {
  char: string;
  length: number;
}

/**
 * Returns the largest offset ≥ `from` at which the text splits into finished
 * blocks: the start of a line that follows a blank line, outside any code
 * fence, and that does not start with whitespace (so it is not a list item's
 * continuation or an indented code block). `from` must itself be such a point
 * (or 0). Only complete lines (ending in a newline) are considered.
 */
export function stableSplit(text: string, from: number): number {
  let best = from;
  let fence: Fence | undefined;
  let previousBlank = false;
  let pos = from;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos);
    if (end === -1) break; // the last line is still being written
    const line = text.slice(pos, end);
    const blank = line.trim() === '';
    if (fence) {
      const m = FENCE.exec(line);
      if (m && m[1][0] === fence.char && m[1].length >= fence.length && m[2].trim() === '') fence = undefined;
    } else {
      if (previousBlank && !blank && !/^\s/.test(line)) best = pos;
      const m = FENCE.exec(line);
      if (m && !(m[1][0] === '`' && m[2].includes('`'))) fence = { char: m[1][0], length: m[1].length };
    }
    previousBlank = !fence && blank;
    pos = end + 1;
  }
  return best;
}

function closesFence(line: string, fence: Fence): boolean {
  const m = FENCE.exec(line);
  return m !== null && m[1][0] === fence.char && m[1].length >= fence.length && m[2].trim() === '';
}

/** A fenced code block found by `largeFence`. */
export interface LargeFence extends Fence {
  /** Where its opening line starts. */
  start: number;
  /** Where its first line of code starts (after the opening line). */
  bodyStart: number;
  /** The opening line's info string (the language). */
  info: string;
}

/**
 * The first fenced code block at or after `from` (a split point, as for `stableSplit`) whose
 * code is longer than `minChars`, closed or still growing. Such a block is shown as plain text
 * appended piece by piece: rendering it as Markdown with highlighting again on every frame
 * costs time in proportion to its whole length.
 */
export function largeFence(text: string, from: number, minChars: number): LargeFence | undefined {
  let pos = from;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos);
    if (end === -1) return undefined;
    const m = FENCE.exec(text.slice(pos, end));
    if (!m || (m[1][0] === '`' && m[2].includes('`'))) {
      pos = end + 1;
      continue;
    }
    const fence: LargeFence = { char: m[1][0], length: m[1].length, start: pos, bodyStart: end + 1, info: m[2] };
    const body = fenceBody(text, fence.bodyStart, fence);
    const bodyEnd = body.closedAt === undefined ? text.length : body.end;
    if (bodyEnd - fence.bodyStart > minChars) return fence;
    if (body.closedAt === undefined) return undefined;
    pos = body.closedAt;
  }
  return undefined;
}

/**
 * The complete lines of an open fence's code from `from` on: `body` up to `end`, stopping
 * before the closing line when it has arrived (`closedAt` is then where the text after it starts).
 */
export function fenceBody(text: string, from: number, fence: Fence): { body: string; end: number; closedAt?: number } {
  let pos = from;
  for (;;) {
    const end = text.indexOf('\n', pos);
    if (end === -1) return { body: text.slice(from, pos), end: pos };
    if (closesFence(text.slice(pos, end), fence)) return { body: text.slice(from, pos), end: pos, closedAt: end + 1 };
    pos = end + 1;
  }
}

/** Whether the unfinished last line of a stream that ended is the block's closing line. */
export function isClosingLine(line: string, fence: Fence): boolean {
  return closesFence(line, fence);
}

/**
 * Drops a closing fence still being written ("`" or "``" on the last line of an open code
 * block): rendered, it would show as a stray line of backticks under the code, and stay
 * there when the answer is stopped right then.
 */
export function withoutPartialFence(text: string): string {
  const lastBreak = text.lastIndexOf('\n');
  const last = text.slice(lastBreak + 1);
  const partial = /^ {0,3}(`+|~+)$/.exec(last);
  if (!partial) return text;
  let fence: Fence | undefined;
  for (const line of text.slice(0, lastBreak + 1).split('\n')) {
    const m = FENCE.exec(line);
    if (!m) continue;
    if (fence) {
      if (m[1][0] === fence.char && m[1].length >= fence.length && m[2].trim() === '') fence = undefined;
    } else if (!(m[1][0] === '`' && m[2].includes('`'))) {
      fence = { char: m[1][0], length: m[1].length };
    }
  }
  return fence && partial[1][0] === fence.char && partial[1].length < fence.length ? text.slice(0, lastBreak + 1) : text;
}
