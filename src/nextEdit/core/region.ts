// The editable region: whole lines from a few above the cursor to more below it
// (edits usually propagate downwards), with some context on both sides that
// the model sees but may not rewrite. Offsets are on the `\n` text.

export interface RegionShape {
  linesAbove: number;
  linesBelow: number;
  /** Lines of read-only context on each side of the region. */
  contextLines: number;
}

export const DEFAULT_REGION_SHAPE: RegionShape = { linesAbove: 10, linesBelow: 20, contextLines: 30 };

export interface EditableRegion {
  /** Offset of the region's first character (a line start). */
  start: number;
  /** Offset just past the region's last line (before its line break, or the text's end). */
  end: number;
  startLine: number;
  text: string;
  /** The cursor within `text`. */
  cursor: number;
  contextBefore: string;
  contextAfter: string;
}

/** Offsets of the start of every line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineEnd(text: string, starts: readonly number[], line: number): number {
  return line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
}

export function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function selectRegion(text: string, cursor: number, shape: RegionShape = DEFAULT_REGION_SHAPE): EditableRegion {
  const starts = lineStarts(text);
  const cursorLine = lineAt(starts, Math.max(0, Math.min(cursor, text.length)));
  const first = Math.max(0, cursorLine - shape.linesAbove);
  const last = Math.min(starts.length - 1, cursorLine + shape.linesBelow);
  const start = starts[first];
  const end = lineEnd(text, starts, last);
  const contextStart = starts[Math.max(0, first - shape.contextLines)];
  const contextEnd = lineEnd(text, starts, Math.min(starts.length - 1, last + shape.contextLines));
  return {
    start,
    end,
    startLine: first,
    text: text.slice(start, end),
    cursor: cursor - start,
    contextBefore: text.slice(contextStart, start),
    contextAfter: text.slice(end, contextEnd),
  };
}
