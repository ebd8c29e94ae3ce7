// Reads the completion corpus (test/fixtures/completions/**/*.case): one file per case,
// a few `key: value` header lines, then sections opened by `=== name` lines. A section's
// text is every line up to the next section, the line break before that section excluded:
// an empty last line therefore stands for a trailing line break.
//
//   language: python              VS Code language id
//   transport: fim | infill | chat  how the model's answer arrives
//   class: doubled-space           what the case is about (see CLASSES)
//   cursor: line-start | mid-line | mid-identifier | in-string | in-comment
//   shown: nothing                 (instead of a `shown` section) nothing may be shown
//   replaces: 1                    characters right of the cursor the suggestion replaces (default 0)
//   === document                   the file, with ‸ where the cursor is
//   === output                     the model's answer as the server streams it
//   === shown                      the ghost text a careful user wants
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CURSOR = '‸';
export const TRANSPORTS = ['fim', 'infill', 'chat'] as const;
export const CURSOR_SPOTS = ['line-start', 'mid-line', 'mid-identifier', 'in-string', 'in-comment'] as const;
export const CLASSES = [
  'doubled-space',
  'repeated-line',
  'repeat-further-down',
  'open-bracket-break',
  'mid-identifier',
  'wrong-language',
  'doubled-closer',
  'fences',
  'fim-tokens',
  'think',
  'suffix-repeat',
  'auto-closed',
  'chat-chatter',
  'clean',
] as const;

export type Transport = (typeof TRANSPORTS)[number];

export interface CorpusCase {
  /** Path relative to the corpus folder. */
  name: string;
  language: string;
  transport: Transport;
  caseClass: (typeof CLASSES)[number];
  cursor: (typeof CURSOR_SPOTS)[number];
  prefix: string;
  suffix: string;
  output: string;
  /** undefined: nothing may be shown. */
  shown: { text: string; replaceLength: number } | undefined;
}

export const CORPUS_DIR = path.join(__dirname, '..', '..', 'fixtures', 'completions');

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string, file: string): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value)) {
    throw new Error(`${file}: ${what} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value as T;
}

export function parseCase(name: string, source: string): CorpusCase {
  const header: Record<string, string> = {};
  const sections: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of source.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')) {
    const opener = /^=== (\w+)$/.exec(line);
    if (opener) {
      if (sections[opener[1]!]) throw new Error(`${name}: section ${opener[1]} twice`);
      current = sections[opener[1]!] = [];
    } else if (current) {
      current.push(line);
    } else if (line.trim() !== '' && !line.startsWith('#')) {
      const kv = /^([\w-]+):\s*(.*)$/.exec(line);
      if (!kv) throw new Error(`${name}: header line ${JSON.stringify(line)} is not "key: value"`);
      header[kv[1]!] = kv[2]!.trim();
    }
  }
  const section = (key: string) => sections[key]?.join('\n');
  const document = section('document');
  const output = section('output');
  if (document === undefined || output === undefined) throw new Error(`${name}: needs a document and an output section`);
  const at = document.indexOf(CURSOR);
  if (at < 0 || document.indexOf(CURSOR, at + 1) >= 0) throw new Error(`${name}: the document needs exactly one ${CURSOR}`);
  const shownText = section('shown');
  if ((header.shown === 'nothing') === (shownText !== undefined)) throw new Error(`${name}: give either "shown: nothing" or a shown section`);
  const replaceLength = Number(header.replaces ?? '0');
  return {
    name,
    language: header.language ?? '',
    transport: oneOf(header.transport, TRANSPORTS, 'transport', name),
    caseClass: oneOf(header.class, CLASSES, 'class', name),
    cursor: oneOf(header.cursor, CURSOR_SPOTS, 'cursor', name),
    prefix: document.slice(0, at),
    suffix: document.slice(at + CURSOR.length),
    output,
    shown: shownText === undefined ? undefined : { text: shownText, replaceLength },
  };
}

export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.case')) cases.push(parseCase(path.relative(dir, full), fs.readFileSync(full, 'utf8')));
    }
  };
  walk(dir);
  return cases;
}

/** Splits `text` into pieces: whole, line by line, every `n` characters. */
export function chunkings(text: string): { name: string; pieces: string[] }[] {
  const every = (n: number) => Array.from({ length: Math.ceil(text.length / n) }, (_, i) => text.slice(i * n, i * n + n));
  const lines = text.split(/(?<=\n)/);
  const half = Math.ceil(text.length / 2);
  return [
    { name: 'whole', pieces: [text] },
    { name: 'lines', pieces: lines },
    { name: 'halves', pieces: [text.slice(0, half), text.slice(half)] },
    { name: '3 chars', pieces: every(3) },
    { name: '1 char', pieces: every(1) },
  ].map((c) => ({ ...c, pieces: c.pieces.filter((p) => p !== '') }));
}
