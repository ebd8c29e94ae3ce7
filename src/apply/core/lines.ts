// Line helpers shared by the apply core: the text is split once into lines,
// line endings are restored on the way out, indentation is measured in columns.

export interface SplitText {
  lines: string[];
  /** The file's line ending, kept when the result is joined. */
  eol: '\n' | '\r\n';
  /** Whether the text ended with a line break. */
  finalNewline: boolean;
}

export function splitText(text: string): SplitText {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const normal = text.replace(/\r\n/g, '\n');
  const finalNewline = normal.endsWith('\n');
  const body = finalNewline ? normal.slice(0, -1) : normal;
  return { lines: body === '' && !finalNewline ? [] : body.split('\n'), eol, finalNewline };
}

export function joinText(lines: readonly string[], shape: Pick<SplitText, 'eol' | 'finalNewline'>): string {
  if (lines.length === 0) return '';
  return lines.join(shape.eol) + (shape.finalNewline ? shape.eol : '');
}

export const isBlank = (line: string): boolean => line.trim() === '';

/** Leading whitespace width; a tab counts as `tabSize` columns. */
export function indentWidth(line: string, tabSize = 4): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width += 1;
    else if (ch === '\t') width += tabSize;
    else break;
  }
  return width;
}

export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/**
 * Moves `lines` so that a line at `from` columns lands at `to`, converting each
 * level of the block's indentation (`blockUnit`) to one of the file's (`fileUnit`,
 * a tab or some spaces). Blank lines become empty.
 */
export function reindent(lines: readonly string[], from: number, to: number, fileUnit: string, blockUnit = fileUnit): string[] {
  const fileStep = unitWidth(fileUnit);
  const blockStep = unitWidth(blockUnit);
  if (from === to && fileStep === blockStep && fileUnit.startsWith('\t') === blockUnit.startsWith('\t')) return [...lines];
  return lines.map((line) => {
    if (isBlank(line)) return '';
    const relative = indentWidth(line) - from;
    const levels = relative >= 0 ? Math.floor(relative / blockStep) : -Math.ceil(-relative / blockStep);
    const width = Math.max(0, to + levels * fileStep + (relative >= 0 ? relative % blockStep : 0));
    const pad = fileUnit === '\t' ? '\t'.repeat(Math.floor(width / fileStep)) + ' '.repeat(width % fileStep) : ' '.repeat(width);
    return pad + line.slice(leadingWhitespace(line).length);
  });
}

const unitWidth = (unit: string) => (unit === '\t' ? 4 : Math.max(1, unit.length));

/** The indentation unit of a file: a tab, or the smallest step between indented lines. */
export function indentUnit(lines: readonly string[]): string {
  let tabs = 0;
  let spaces = 0;
  let smallest = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    const lead = leadingWhitespace(line);
    // ` * ` continuation lines of block comments are aligned, not indented.
    if (lead === '' || isBlank(line) || line.startsWith('*', lead.length)) continue;
    if (lead.startsWith('\t')) tabs++;
    else {
      spaces++;
      smallest = Math.min(smallest, lead.length);
    }
  }
  if (tabs > spaces) return '\t';
  return ' '.repeat(Number.isFinite(smallest) ? Math.min(smallest, 8) : 2);
}

/** The text with lines `range.start`..`range.end` (inclusive) replaced, in the file's line endings. */
export function replaceLines(file: SplitText, range: { start: number; end: number }, lines: readonly string[]): string {
  const shape = file.lines.length > 0 ? file : { eol: file.eol, finalNewline: true };
  return joinText([...file.lines.slice(0, range.start), ...lines, ...file.lines.slice(range.end + 1)], shape);
}
