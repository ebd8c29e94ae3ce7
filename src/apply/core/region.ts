// What the model gets to rewrite when the block could not be placed: the whole
// file when it is short, otherwise the part around the likely place, widened to
// whole top-level pieces so the model never starts or stops mid-function.
import { lineKey } from './keys';
import type { LineRange } from './place';
import { buildOutline } from './outline';

/** Files up to this many lines go to the model whole. */
export const WHOLE_FILE_LINES = 400;
/** Lines of context kept on each side of the likely place. */
const MARGIN_LINES = 20;

export function modelRegion(fileLines: readonly string[], block: readonly string[], hint: readonly LineRange[]): LineRange {
  const last = Math.max(0, fileLines.length - 1);
  if (fileLines.length <= WHOLE_FILE_LINES) return { start: 0, end: last };
  const around = hint.length > 0 ? { start: Math.min(...hint.map((r) => r.start)), end: Math.max(...hint.map((r) => r.end)) } : bestWindow(fileLines, block);
  const margin = Math.max(MARGIN_LINES, Math.ceil(block.length / 2));
  const wanted = { start: Math.max(0, around.start - margin), end: Math.min(last, around.end + margin) };
  // Widen to whole top-level pieces.
  let { start, end } = wanted;
  for (const node of buildOutline([...fileLines])) {
    if (node.start <= wanted.start && node.end >= wanted.start) start = Math.min(start, node.start);
    if (node.start <= wanted.end && node.end >= wanted.end) end = Math.max(end, node.end);
  }
  return { start, end };
}

/** The window of the block's length that shares the most lines with it. */
function bestWindow(fileLines: readonly string[], block: readonly string[]): LineRange {
  const keys = new Set(block.map(lineKey).filter((k) => /[\p{L}\p{N}]/u.test(k)));
  const size = Math.max(1, Math.min(fileLines.length, block.length));
  const hits = fileLines.map((line) => (keys.has(lineKey(line)) ? 1 : 0));
  let score = hits.slice(0, size).reduce((a: number, b) => a + b, 0);
  let best = { score, start: 0 };
  for (let start = 1; start + size <= fileLines.length; start++) {
    score += hits[start + size - 1] - hits[start - 1];
    if (score > best.score) best = { score, start };
  }
  return { start: best.start, end: best.start + size - 1 };
}

/** The innermost block (function, class, rule…) around `line`, or the line itself: what an inline edit with no selection rewrites. */
export function enclosingBlock(fileLines: readonly string[], line: number): LineRange {
  let found: LineRange = { start: line, end: line };
  let nodes = buildOutline([...fileLines]);
  for (;;) {
    const node = nodes.find((n) => n.start <= line && n.end >= line);
    if (!node || node.kind !== 'block') return found;
    found = { start: node.start, end: node.end };
    nodes = node.children;
  }
}
