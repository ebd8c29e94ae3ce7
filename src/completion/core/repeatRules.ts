// Stop rules about repeats: the answer writes again what the document already
// has after the cursor (the rest of the line, the next line, a line twice) or
// loops over its own lines.
import { BracketScanner } from './brackets';
import type { StopContext, StopRule } from './stopRules';
import { completeLines, cutBeforeLine, documentHasTwice, leadingWhitespace, linePrefixOf, lineSuffixOf, linesAlike, nextLinesOf } from './text';

/** Stops where the output starts writing what already follows the cursor. */
export const stopAtSuffixStart: StopRule = (text, ctx, final) => {
  const rest = lineSuffixOf(ctx.suffix).trim();
  // Mid-line: the model wrote the rest of the line again.
  if (rest.length >= 3 && /\w/.test(rest)) {
    const firstLine = text.split('\n', 1)[0]!;
    const at = firstLine.indexOf(rest);
    if (at >= 0) return at;
  }
  const head = ctx.suffix.trimStart().split('\n', 1)[0]!.trim();
  if (head.length < 4 || !/\w/.test(head)) return undefined;
  for (const { line, start } of completeLines(text, final)) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith(head)) return start === 0 ? line.length - trimmed.length : cutBeforeLine(start);
  }
  return undefined;
};

/** How many non-blank lines below the cursor a repeat is looked for. */
const REPEAT_LOOKAHEAD = 4;

/**
 * Stops before a line that repeats what follows the cursor: the next non-blank line of the
 * document, or one of the few after it written at the same indentation (the model skipped
 * a line and wrote the block after it again, such as an `else` branch two lines down).
 */
export const stopAtNextLineRepeat: StopRule = (text, ctx, final) => {
  const following = nextLinesOf(ctx.suffix, 12).filter((l) => l.trim() !== '').slice(0, REPEAT_LOOKAHEAD);
  const next = following[0];
  if (next === undefined) return undefined;
  const lines = completeLines(text, final);
  const linePrefix = linePrefixOf(ctx.prefix);
  const cursorLineIsBlank = linePrefix.trim() === '';
  for (let i = 0; i < lines.length; i++) {
    // The first line continues the cursor's line; it is a whole line only when that line was blank.
    if (i === 0 && !cursorLineIsBlank) continue;
    const { line, start } = lines[i]!;
    const whole = (i === 0 ? linePrefix + line : line).trimEnd();
    const cut = i === 0 ? 0 : cutBeforeLine(start);
    if (following.slice(1).some((l) => l.trimEnd() === whole && isDistinctive(whole))) return cut;
    if (!linesAlike(line, next)) continue;
    // A lone `}` equal to the next line may close a block the output itself opened, and so may
    // an `end` or `fi` indented deeper than the document's.
    if (!/\w/.test(line) && !closesOuterBracket(text, start, line.length, ctx)) continue;
    if (leadingWhitespace(i === 0 ? linePrefix + line : line).length > leadingWhitespace(next).length) continue;
    return cut;
  }
  return undefined;
};

/** A line too particular to be written twice by chance: a word and six characters or more. */
function isDistinctive(line: string): boolean {
  return /\w/.test(line) && line.trim().length >= 6;
}

/** Whether the characters at [start, start+length) close a bracket opened before the cursor. */
function closesOuterBracket(text: string, start: number, length: number, ctx: StopContext): boolean {
  const scanner = new BracketScanner(ctx.scanOptions, ctx.open);
  for (let j = 0; j < start; j++) scanner.push(text[j]!);
  for (let j = start; j < start + length; j++) {
    const event = scanner.push(text[j]!);
    if (event.kind === 'close' && event.outer) return true;
  }
  return false;
}

/**
 * Stops at a line that is the same as the line before it (the model wrote it twice: a key,
 * an import, a statement), unless the document itself has that line twice in a row. The
 * first line counts with the text before the cursor, the line above the cursor included.
 */
export const stopAtDoubledLine: StopRule = (text, ctx, final) => {
  const lines = completeLines(text, final);
  if (lines.length === 0) return undefined;
  const linePrefix = linePrefixOf(ctx.prefix);
  const above = ctx.prefix.slice(0, ctx.prefix.length - linePrefix.length).replace(/\r?\n$/, '');
  let previous: string | undefined = ctx.prefix.includes('\n') ? above.slice(above.lastIndexOf('\n') + 1) : undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = (i === 0 ? linePrefix + lines[i]!.line : lines[i]!.line).trimEnd();
    if (line.trim() !== '' && line === previous?.trimEnd() && !documentHasTwice(ctx.prefix, ctx.suffix, line)) return i === 0 ? 0 : cutBeforeLine(lines[i]!.start);
    previous = line;
  }
  return undefined;
};

/** Stops when a block of two to four lines is written a third time in a row (a generation loop). */
export const stopAtRepeatedLines: StopRule = (text, _ctx, final) => {
  const lines = completeLines(text, final);
  for (let end = 0; end < lines.length; end++) {
    for (let period = 2; period <= 4; period++) {
      const first = end + 1 - 3 * period;
      if (first < 0) break;
      const block = (from: number) => lines.slice(from, from + period).map((l) => l.line);
      const a = block(first);
      if (a.every((l) => l.trim() === '')) continue;
      const b = block(first + period);
      const c = block(first + 2 * period);
      if (a.join('\n') === b.join('\n') && b.join('\n') === c.join('\n')) return cutBeforeLine(lines[first + 2 * period]!.start);
    }
  }
  return undefined;
};
