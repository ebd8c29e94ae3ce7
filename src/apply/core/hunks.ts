// Splits a proposal into hunks (runs of changed lines) with the `diff` library,
// and rebuilds the file from the hunks the user keeps.
import { diffArrays } from 'diff';
import { joinText, splitText } from './lines';

export interface Hunk {
  /** First replaced line of the original, 0-based. */
  originalStart: number;
  /** Number of original lines replaced (0 for a pure insertion before `originalStart`). */
  originalCount: number;
  /** First line of the hunk in the proposal, 0-based. */
  proposedStart: number;
  /** The lines that take their place. */
  lines: string[];
}

export function splitHunks(original: string, proposed: string): Hunk[] {
  const before = splitText(original).lines;
  const after = splitText(proposed).lines;
  const hunks: Hunk[] = [];
  let oldLine = 0;
  let newLine = 0;
  let open: Hunk | undefined;
  for (const part of diffArrays(before, after)) {
    const count = part.value.length;
    if (!part.added && !part.removed) {
      open = undefined;
      oldLine += count;
      newLine += count;
      continue;
    }
    if (!open) {
      open = { originalStart: oldLine, originalCount: 0, proposedStart: newLine, lines: [] };
      hunks.push(open);
    }
    if (part.removed) {
      open.originalCount += count;
      oldLine += count;
    } else {
      open.lines.push(...part.value);
      newLine += count;
    }
  }
  return hunks;
}

/** The original with the kept hunks applied; the others leave their lines as they were. */
export function applyHunks(original: string, hunks: readonly Hunk[], keep: (hunk: Hunk, index: number) => boolean): string {
  const text = splitText(original);
  const out: string[] = [];
  let line = 0;
  hunks.forEach((hunk, index) => {
    if (!keep(hunk, index)) return;
    out.push(...text.lines.slice(line, hunk.originalStart), ...hunk.lines);
    line = hunk.originalStart + hunk.originalCount;
  });
  out.push(...text.lines.slice(line));
  return joinText(out, out.length > 0 && text.lines.length === 0 ? { eol: text.eol, finalNewline: true } : text);
}

/** "lines 12–20" style label and a short summary of a hunk, for pickers. */
export function describeHunk(hunk: Hunk): { label: string; detail: string } {
  const first = hunk.originalStart + 1;
  const where = hunk.originalCount === 0 ? `after line ${hunk.originalStart}` : hunk.originalCount === 1 ? `line ${first}` : `lines ${first}–${first + hunk.originalCount - 1}`;
  const added = hunk.lines.length;
  const firstLine = (hunk.lines.find((l) => l.trim() !== '') ?? '').trim();
  return { label: `${where}: −${hunk.originalCount} +${added}`, detail: firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine };
}
