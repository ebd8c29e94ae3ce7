// Where a growing Markdown text can be cut so that the part before the cut
// never renders differently as more text arrives. The panel renders that part
// once and re-renders only the rest on every frame, so a long answer costs the
// same per frame as a short one.

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

interface Fence {
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
