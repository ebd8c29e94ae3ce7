// The user's recent edits per file, kept as small before/after line pairs.
// Keystrokes of one typing burst (touching or overlapping the previous change,
// within BURST_GAP_MS) coalesce into one edit, so renaming `count` to `total`
// is one edit, not ten. The history is capped by count, size and age; the
// text of each tracked file is kept so a change's removed text is known, and
// so are the lines the cursor went through.

/** One change as the editor reports it: a range of the old text and what replaced it. */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

export interface RecordedEdit {
  file: string;
  /** Where the edit starts in the text as it is after it. */
  offset: number;
  oldText: string;
  newText: string;
  /** First line of `beforeLines`/`afterLines` (0-based, in the text after the edit). */
  line: number;
  /** The whole lines the edit touched, before and after it. */
  beforeLines: string;
  afterLines: string;
  startedAt: number;
  at: number;
}

export interface HistoryLimits {
  maxEdits: number;
  maxChars: number;
  maxAgeMs: number;
  burstGapMs: number;
  maxFiles: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxEdits: 12, maxChars: 4000, maxAgeMs: 10 * 60_000, burstGapMs: 1500, maxFiles: 20 };

/** The whole lines around [start, end) of `text`. */
function linesAround(text: string, start: number, end: number): { from: number; to: number } {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  return { from, to: nl < 0 ? text.length : nl };
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Fills in the line context of an edit from the text after it. */
function withLines(edit: Omit<RecordedEdit, 'line' | 'beforeLines' | 'afterLines'>, text: string): RecordedEdit {
  const { from, to } = linesAround(text, edit.offset, edit.offset + edit.newText.length);
  const afterLines = text.slice(from, to);
  const rel = edit.offset - from;
  const beforeLines = afterLines.slice(0, rel) + edit.oldText + afterLines.slice(rel + edit.newText.length);
  return { ...edit, line: lineOf(text, from), beforeLines, afterLines };
}

export function applyChange(text: string, change: TextChange): string {
  return text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
}

/** Lines the cursor rested on, kept per file. */
const CURSOR_PATH_LENGTH = 8;

export class EditHistory {
  private readonly texts = new Map<string, string>();
  private edits: RecordedEdit[] = [];
  private readonly cursorPaths = new Map<string, number[]>();

  constructor(private readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS) {}

  /** The file's text as the history knows it (set on open, kept up to date by changes). */
  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  noteText(file: string, text: string): void {
    this.texts.delete(file);
    this.texts.set(file, text);
    while (this.texts.size > this.limits.maxFiles) {
      const oldest = this.texts.keys().next().value as string;
      this.texts.delete(oldest);
      this.edits = this.edits.filter((e) => e.file !== oldest);
    }
  }

  /** Records one editor change event (its changes are on the old text, in any order). */
  noteChanges(file: string, changes: readonly TextChange[], at: number): void {
    let text = this.texts.get(file);
    if (text === undefined) return;
    // Applied from the end so earlier offsets stay valid.
    for (const change of [...changes].sort((a, b) => b.offset - a.offset)) {
      const removed = text.slice(change.offset, change.offset + change.length);
      text = applyChange(text, change);
      this.record(file, change, removed, text, at);
    }
    this.noteText(file, text);
    this.prune(at);
  }

  private record(file: string, change: TextChange, removed: string, text: string, at: number): void {
    const last = this.edits.at(-1);
    if (last && last.file === file && at - last.at <= this.limits.burstGapMs) {
      const start = last.offset;
      const end = last.offset + last.newText.length;
      const changeEnd = change.offset + change.length;
      if (change.offset <= end && changeEnd >= start) {
        // The part of the removed text outside the last edit's new text was original text.
        const before = removed.slice(0, Math.max(0, start - change.offset));
        const after = removed.slice(Math.max(0, end - change.offset));
        const keptHead = last.newText.slice(0, Math.max(0, change.offset - start));
        const keptTail = last.newText.slice(Math.min(last.newText.length, changeEnd - start));
        const merged = {
          file,
          offset: Math.min(start, change.offset),
          oldText: before + last.oldText + (changeEnd > end ? after : ''),
          newText: keptHead + change.text + keptTail,
          startedAt: last.startedAt,
          at,
        };
        this.edits.pop();
        if (merged.oldText !== merged.newText) this.edits.push(withLines(merged, text));
        return;
      }
    }
    const delta = change.text.length - change.length;
    // Older edits of this file below the change move with it.
    for (const e of this.edits) if (e.file === file && e.offset >= change.offset + change.length) e.offset += delta;
    this.edits.push(withLines({ file, offset: change.offset, oldText: removed, newText: change.text, startedAt: at, at }, text));
  }

  private prune(now: number): void {
    this.edits = this.edits.filter((e) => now - e.at <= this.limits.maxAgeMs);
    while (this.edits.length > this.limits.maxEdits) this.edits.shift();
    let chars = this.edits.reduce((n, e) => n + e.beforeLines.length + e.afterLines.length, 0);
    while (chars > this.limits.maxChars && this.edits.length > 1) {
      const first = this.edits.shift()!;
      chars -= first.beforeLines.length + first.afterLines.length;
    }
  }

  /** Recent edits, oldest first, newer than `now - maxAgeMs`. */
  recent(now: number): RecordedEdit[] {
    return this.edits.filter((e) => now - e.at <= this.limits.maxAgeMs);
  }

  /** The last edit made to a file, if it is recent. */
  lastEdit(file: string, now: number): RecordedEdit | undefined {
    return this.recent(now).filter((e) => e.file === file).at(-1);
  }

  /** The cursor moved to a line (0-based); repeats of the same line count once. */
  noteCursor(file: string, line: number): void {
    if (!this.texts.has(file)) return;
    const path = this.cursorPaths.get(file) ?? [];
    if (path.at(-1) === line) return;
    path.push(line);
    if (path.length > CURSOR_PATH_LENGTH) path.shift();
    this.cursorPaths.set(file, path);
  }

  /** The lines the cursor went through in a file, oldest first. */
  cursorPath(file: string): readonly number[] {
    return this.cursorPaths.get(file) ?? [];
  }

  forget(file: string): void {
    this.cursorPaths.delete(file);
    this.texts.delete(file);
    this.edits = this.edits.filter((e) => e.file !== file);
  }

  clear(): void {
    this.cursorPaths.clear();
    this.texts.clear();
    this.edits = [];
  }
}
