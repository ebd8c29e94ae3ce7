// From a rewritten region to the edits worth showing. The line diff is the one
// Smart Apply uses; each line hunk is then narrowed to the characters that
// really change, so a renamed word is one small replacement. A rewrite is
// dropped when it changes nothing, and a hunk when it only changes whitespace
// or when it would undo the user's last edit.
import { splitHunks, type Hunk } from '../../apply/core/hunks';
import type { RecordedEdit } from './history';
import { applyChange } from './history';

/** One suggested change, in offsets of the whole document text. */
export interface EditHunk {
  offset: number;
  /** The text replaced (empty for an insertion). */
  oldText: string;
  newText: string;
}

export type RejectReason = 'identical' | 'reversal' | 'whitespace';

export interface RewriteVerdict {
  hunks: EditHunk[];
  /** Why hunks were dropped, one entry per dropped hunk (or one 'identical'). */
  rejected: RejectReason[];
}

function regionLineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The characters of a line hunk that change, with the common head and tail left out. */
function narrow(region: string, starts: readonly number[], hunk: Hunk, regionOffset: number): EditHunk {
  const from = hunk.originalStart < starts.length ? starts[hunk.originalStart] : region.length;
  const endLine = hunk.originalStart + hunk.originalCount;
  // A hunk's text includes the line breaks between its lines; a pure insertion ends with one.
  let oldText: string;
  let newText: string;
  if (hunk.originalCount === 0) {
    oldText = '';
    newText = hunk.lines.map((l) => `${l}\n`).join('');
    if (from === region.length && region.length > 0 && !region.endsWith('\n')) newText = `\n${newText.slice(0, -1)}`;
  } else {
    const to = endLine < starts.length ? starts[endLine] - 1 : region.length;
    oldText = region.slice(from, to);
    newText = hunk.lines.join('\n');
    if (hunk.lines.length === 0) {
      // Whole lines removed: take one line break with them.
      if (to < region.length) oldText += '\n';
      else if (from > 0) return trimCommon({ offset: regionOffset + from - 1, oldText: `\n${oldText}`, newText: '' });
    }
  }
  return trimCommon({ offset: regionOffset + from, oldText, newText });
}

function trimCommon(h: EditHunk): EditHunk {
  let head = 0;
  const max = Math.min(h.oldText.length, h.newText.length);
  while (head < max && h.oldText[head] === h.newText[head]) head++;
  let tail = 0;
  while (tail < max - head && h.oldText[h.oldText.length - 1 - tail] === h.newText[h.newText.length - 1 - tail]) tail++;
  return {
    offset: h.offset + head,
    oldText: h.oldText.slice(head, h.oldText.length - tail),
    newText: h.newText.slice(head, h.newText.length - tail),
  };
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

export function isWhitespaceOnly(hunk: EditHunk): boolean {
  return squeeze(hunk.oldText) === squeeze(hunk.newText);
}

export function applyHunk(text: string, hunk: EditHunk): string {
  return applyChange(text, { offset: hunk.offset, length: hunk.oldText.length, text: hunk.newText });
}

/** True when taking the hunk would give back the text as it was before the user's last edit. */
export function isReversal(text: string, hunk: EditHunk, last: RecordedEdit | undefined): boolean {
  if (!last) return false;
  const before = applyChange(text, { offset: last.offset, length: last.newText.length, text: last.oldText });
  if (applyHunk(text, hunk) === before) return true;
  // Part of the last edit taken back: the hunk lies inside it and moves it towards the old text.
  const inside = hunk.offset >= last.offset && hunk.offset + hunk.oldText.length <= last.offset + last.newText.length;
  if (!inside) return false;
  const edited = applyHunk(text, hunk).slice(last.offset, last.offset + last.newText.length + hunk.newText.length - hunk.oldText.length);
  return edited.length > 0 && last.oldText.startsWith(edited) && edited !== last.newText;
}

/** Lines changed one for one are separate hunks, so each can be taken or shown on its own. */
function perLine(hunk: Hunk): Hunk[] {
  if (hunk.originalCount !== hunk.lines.length || hunk.originalCount < 2) return [hunk];
  return hunk.lines.map((line, i) => ({ originalStart: hunk.originalStart + i, originalCount: 1, proposedStart: hunk.proposedStart + i, lines: [line] }));
}

/** The hunks of a line diff between the region and its rewrite, narrowed and in document offsets. */
export function diffRegion(region: string, rewrite: string, regionOffset: number): EditHunk[] {
  const starts = regionLineOffsets(region);
  return splitHunks(`${region}\n`, `${rewrite}\n`)
    .flatMap(perLine)
    .map((h) => narrow(region, starts, h, regionOffset))
    .filter((h) => h.oldText !== h.newText);
}

/** Judges a rewrite of the region [regionOffset, regionOffset + region.length) of `text`. */
export function judgeRewrite(text: string, regionOffset: number, region: string, rewrite: string, last: RecordedEdit | undefined): RewriteVerdict {
  if (rewrite === region) return { hunks: [], rejected: ['identical'] };
  const hunks: EditHunk[] = [];
  const rejected: RejectReason[] = [];
  for (const hunk of diffRegion(region, rewrite, regionOffset)) {
    if (isWhitespaceOnly(hunk)) rejected.push('whitespace');
    else if (isReversal(text, hunk, last)) rejected.push('reversal');
    else hunks.push(hunk);
  }
  return { hunks, rejected };
}
