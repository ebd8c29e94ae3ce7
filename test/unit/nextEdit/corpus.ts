// Reads the next-edit corpus in test/fixtures/next-edit and replays it: one
// `.case` file per sequence with a header (title, path, model) and three
// sections: `=== file` (verbatim), `=== edits` (the user's edits in order, one
// JSON line each: the text `find` inside the unique text `at` becomes `replace`)
// and `=== expected` (the edits the user makes next, or `none`). `model` says
// what the fake model answers: the region after the expected edits, the region
// unchanged, a reversal of the last edit, a pure reformat, or no region at all.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TextChange } from '../../../src/nextEdit/core/history';
import { MARKERS, type NextEditFormat } from '../../../src/nextEdit/core/prompt';
import { selectRegion, type EditableRegion } from '../../../src/nextEdit/core/region';
import { readCaseFile } from '../support/caseFile';

export const NEXT_EDIT_CORPUS_DIR = path.join(__dirname, '../../fixtures/next-edit');

export interface EditOp {
  at: string;
  find: string;
  replace: string;
}

export type ModelPlay = 'expected' | 'same' | 'reversal' | 'reformat' | 'garbled';

export interface NextEditCase {
  name: string;
  title: string;
  path: string;
  model: ModelPlay;
  file: string;
  edits: EditOp[];
  /** Undefined: no suggestion is right. */
  expected: EditOp[] | undefined;
}

function ops(section: string): EditOp[] {
  return section
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EditOp);
}

export function parseNextEditCase(name: string, text: string): NextEditCase {
  const { header, body } = readCaseFile(name, text, ['file', 'edits', 'expected']);
  return {
    name,
    title: header.title ?? name,
    path: header.path ?? 'file.txt',
    model: (header.model ?? 'expected') as ModelPlay,
    file: body.file,
    edits: ops(body.edits),
    expected: body.expected.trim() === 'none' ? undefined : ops(body.expected),
  };
}

export function loadNextEditCorpus(dir = NEXT_EDIT_CORPUS_DIR): NextEditCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.case'))
    .sort()
    .map((f) => parseNextEditCase(f.replace(/\.case$/, ''), readFileSync(path.join(dir, f), 'utf8')));
}

/** Where an op's `find` starts in `text`; throws when `at` is missing or not unique. */
export function locate(text: string, op: EditOp): number {
  const at = text.indexOf(op.at);
  if (at < 0 || text.indexOf(op.at, at + 1) >= 0) throw new Error(`"${op.at}" is ${at < 0 ? 'missing' : 'not unique'}`);
  const inside = op.at.indexOf(op.find);
  if (inside < 0) throw new Error(`"${op.find}" is not in "${op.at}"`);
  return at + inside;
}

export function applyOp(text: string, op: EditOp): string {
  const offset = locate(text, op);
  return text.slice(0, offset) + op.replace + text.slice(offset + op.find.length);
}

/** The keystrokes of one edit: the old text selected and typed over, then the rest typed a key at a time. */
export function keystrokes(text: string, op: EditOp): { changes: TextChange[]; cursor: number } {
  const offset = locate(text, op);
  const keys = [...op.replace];
  if (keys.length === 0) return { changes: [{ offset, length: op.find.length, text: '' }], cursor: offset };
  const changes: TextChange[] = keys.map((ch, i) => ({ offset: offset + i, length: i === 0 ? op.find.length : 0, text: ch }));
  return { changes, cursor: offset + op.replace.length };
}

/** The document after the user's edits, the one before the last edit, and the cursor. */
export function replayEdits(c: NextEditCase): { text: string; previous: string; cursor: number; keys: TextChange[][] } {
  let text = c.file;
  let previous = text;
  let cursor = 0;
  const keys: TextChange[][] = [];
  for (const op of c.edits) {
    previous = text;
    const k = keystrokes(text, op);
    keys.push(k.changes);
    cursor = k.cursor;
    text = applyOp(text, op);
  }
  return { text, previous, cursor, keys };
}

/** The text the user ends up with when they take the expected next edits. */
export function expectedText(c: NextEditCase, text: string): string | undefined {
  return c.expected?.reduce(applyOp, text);
}

function sameRange(before: string, after: string, region: EditableRegion): string {
  return after.slice(region.start, region.end + (after.length - before.length));
}

/** Only spacing changed: what a model that "tidies" the code writes. */
export function reformat(text: string): string {
  return text.replace(/, /g, ',  ').replace(/ = /g, '  =  ').replace(/\(/g, '( ');
}

/** The answer of a model that sees nothing to change yet: the region around the cursor as it is. */
export function unchangedAnswer(text: string, cursor: number, format: NextEditFormat): string {
  const m = MARKERS[format];
  return `${m.start}\n${selectRegion(text, cursor).text}\n${m.end}`;
}

/** The region as the fake model writes it for a case, and the whole answer in the format's markers. */
export function modelAnswer(c: NextEditCase, format: NextEditFormat, index: number): { rewrite: string | undefined; answer: string } {
  const { text, previous, cursor } = replayEdits(c);
  const region = selectRegion(text, cursor);
  let rewrite: string | undefined;
  switch (c.model) {
    case 'expected':
      rewrite = sameRange(text, expectedText(c, text)!, region);
      break;
    case 'same':
      rewrite = region.text;
      break;
    case 'reversal':
      rewrite = sameRange(text, previous, region);
      break;
    case 'reformat':
      rewrite = reformat(region.text);
      break;
    case 'garbled':
      return { rewrite: undefined, answer: 'The code looks correct to me; no change is needed.' };
  }
  const m = MARKERS[format];
  const wrapped = `${m.start}\n${rewrite}\n${m.end}`;
  // Chat models sometimes fence their answer; a raw model may stop at the end marker (the stop sequence).
  const answer = format === 'chat' ? (index % 3 === 1 ? `\`\`\`\n${wrapped}\n\`\`\`` : wrapped) : index % 3 === 1 ? `${m.start}\n${rewrite}\n` : wrapped;
  return { rewrite, answer };
}
