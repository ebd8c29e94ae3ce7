// Reads the apply corpus in test/fixtures/apply: one `.case` file per case with
// a header (title, path, expect) and three sections, `=== file`, `=== block`
// and `=== expected`, each taken verbatim (line endings included).
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PlaceMethod } from '../../../src/apply/core/place';
import { readCaseFile } from '../support/caseFile';

export const CORPUS_DIR = path.join(__dirname, '../../fixtures/apply');

export interface ApplyCase {
  name: string;
  title: string;
  path: string;
  /** How the deterministic path handles it: a placement method, or the reason it hands over to the model. */
  expect: PlaceMethod | 'ambiguous' | 'unplaced';
  file: string;
  block: string;
  expected: string;
}

export function loadCorpus(dir = CORPUS_DIR): ApplyCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.case'))
    .sort()
    .map((f) => parseCase(f.replace(/\.case$/, ''), readFileSync(path.join(dir, f), 'utf8')));
}

export function parseCase(name: string, text: string): ApplyCase {
  const { header, body } = readCaseFile(name, text, ['file', 'block', 'expected']);
  return {
    name,
    title: header.title ?? name,
    path: header.path ?? 'file.txt',
    expect: header.expect as ApplyCase['expect'],
    file: body.file,
    // The block section ends with the separator's line break, not the block's.
    block: body.block.replace(/\n$/, ''),
    expected: body.expected,
  };
}
