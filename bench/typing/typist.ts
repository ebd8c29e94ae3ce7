// Makes a typing trace: a simulated person types a region of a source file into
// the editor model, key by key, with human timing (70–450 ms between keys,
// about a second at the start of lines and after `(` and `= `, longer thinking
// pauses now and then), typos noticed and backspaced, the odd word deleted and
// typed again, and the editor's auto-closed brackets overtyped or stepped over.
// Seeded, so a trace can be made again exactly.
import { SimEditor, type EditorOptions, type Key } from './editor';

export interface TraceKey {
  /** Milliseconds since the trace started. */
  t: number;
  k: Key;
}

export interface Trace {
  name: string;
  languageId: string;
  filePath: string;
  indentUnit: string;
  /** The file once typed: the document the fake server's oracle knows. */
  text: string;
  initial: { text: string; cursor: number };
  keys: TraceKey[];
  /** How the trace was made. */
  origin: string;
}

export interface TraceSpec extends EditorOptions {
  name: string;
  filePath: string;
  text: string;
  /** 1-based lines [fromLine, toLine] removed from the file and typed back. */
  fromLine: number;
  toLine: number;
  seed: number;
  /** Cut the trace after this many keys (a short trace for tests). */
  maxKeys?: number;
}

/** mulberry32: a small seeded generator. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NEIGHBOURS = 'qwertyuiopasdfghjklzxcvbnm';
const CLOSERS = ')]}';
const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

export function makeTrace(spec: TraceSpec): Trace {
  const random = seededRandom(spec.seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const T = spec.text;
  const lines = T.split('\n');
  const a = lines.slice(0, spec.fromLine - 1).join('\n').length + (spec.fromLine > 1 ? 1 : 0);
  const b = lines.slice(0, spec.toLine).join('\n').length + 1;
  const firstIndent = /^[ \t]*/.exec(lines[spec.fromLine - 1]!)![0];
  // The person has just opened an empty line, indented like the first line to type.
  const initialText = T.slice(0, a) + firstIndent + T.slice(b - 1);
  const editor = new SimEditor(initialText, a + firstIndent.length, spec);
  const tailLength = T.length - (b - 1);
  const msPerKey = between(95, 135);
  const keys: TraceKey[] = [];
  let t = 0;
  let pendingPause = between(700, 1300);

  const press = (k: Key, gap: number) => {
    t += Math.round(gap + pendingPause);
    pendingPause = 0;
    keys.push({ t, k });
    editor.press(k);
  };
  const rhythm = () => Math.min(450, Math.max(60, msPerKey * Math.exp((random() - 0.5) * 0.8)));

  for (let step = 0; editor.text !== T; step++) {
    if (step > 20_000) throw new Error(`${spec.name}: the typist is stuck at ${editor.cursor}`);
    if (spec.maxKeys !== undefined && keys.length >= spec.maxKeys) break;
    const before = editor.text.slice(0, editor.cursor);
    const lineStart = editor.lineStart();
    if (!T.startsWith(before)) {
      const linePrefix = before.slice(lineStart);
      const targetIndent = /^[ \t]*/.exec(T.slice(lineStart))![0];
      if (linePrefix.trim() === '' && T.startsWith(before.slice(0, lineStart))) {
        // The editor indented the new line more than the file has it.
        const content = T.slice(lineStart + targetIndent.length);
        const closesBlock = CLOSERS.includes(content[0] ?? '') && linePrefix === targetIndent + spec.indentUnit;
        press(closesBlock ? content[0]! : 'Backspace', rhythm());
      } else {
        // A typo: noticed after a moment, then removed.
        const last = keys[keys.length - 1]?.k;
        press('Backspace', last === 'Backspace' ? between(70, 130) : between(250, 600));
      }
      continue;
    }
    const p = editor.cursor;
    const junk = editor.text.slice(p, editor.text.length - tailLength);
    const c = T[p]!;
    const inIndent = before.slice(lineStart).trim() === '';
    if (junk.startsWith(c) && (CLOSERS.includes(c) || '"\'`'.includes(c))) {
      press(c, rhythm());
    } else if (c === '\n') {
      const pairedWithBefore = junk !== '' && PAIRS[editor.text[p - 1] ?? ''] === junk[0];
      if (junk !== '' && junk[0] !== '\n' && !pairedWithBefore) {
        // A closer the editor added that the file does not have on this line.
        press('Delete', rhythm());
      } else if (junk.startsWith('\n') && junk.slice(1).split('\n', 1)[0] === T.slice(p + 1).split('\n', 1)[0]) {
        // The editor already put this line (a closing bracket) below: step over it.
        press('Down', between(150, 300));
        press('End', between(120, 250));
      } else {
        press('Enter', rhythm());
        // People stop at the start of a line to think what comes next.
        pendingPause = between(650, 1400);
      }
    } else if (inIndent && (c === ' ' || c === '\t')) {
      const rest = /^[ \t]*/.exec(T.slice(p))![0];
      press(rest.startsWith(spec.indentUnit) ? 'Tab' : c, rhythm());
    } else if (/[a-z]/i.test(c) && random() < 0.025) {
      press(NEIGHBOURS[Math.floor(random() * NEIGHBOURS.length)]!, rhythm());
    } else if (c !== ' ' && / [A-Za-z_]{3,} $/.test(before.slice(-12)) && random() < 0.04) {
      // Second thoughts about the last word: delete it and type it again.
      const word = / ([A-Za-z_]{3,} )$/.exec(before)![1]!;
      pendingPause = between(300, 700);
      for (let i = 0; i < word.length; i++) press('Backspace', between(60, 110));
      pendingPause = between(200, 500);
    } else {
      press(c, rhythm());
      if (c === '(' || (c === ' ' && before.endsWith('='))) {
        if (random() < 0.85) pendingPause = between(450, 1100);
      } else if (random() < 0.012) {
        pendingPause = between(1500, 3000);
      }
    }
  }
  return {
    name: spec.name,
    languageId: spec.languageId,
    filePath: spec.filePath,
    indentUnit: spec.indentUnit,
    text: T,
    initial: { text: initialText, cursor: a + firstIndent.length },
    keys,
    origin: `bench/typing/makeTraces.ts seed ${spec.seed}: lines ${spec.fromLine}-${spec.toLine} of ${spec.filePath} typed by a simulated person`,
  };
}

/** Replays a trace's keys on the editor model; the result must be the trace's file. */
export function replayKeys(trace: Trace): SimEditor {
  const editor = new SimEditor(trace.initial.text, trace.initial.cursor, trace);
  for (const { k } of trace.keys) editor.press(k);
  return editor;
}
