// A FIM "model" that knows the benchmark's documents. Given the text before
// the cursor it finds where that text ends in a document and answers from
// there, right or wrong line by line as its behaviour says, so benchmarks can
// tell a correct suggestion from a wrong one without a real model:
// - `current-line` (the default): the rest of the line exactly, then
//   `wrongLines` plausible but wrong lines;
// - `next-lines`: the rest of the line and the `linesAfter` lines after it exactly;
// - `noisy`: the rest of the line and each of the `linesAfter` lines after it
//   right with probability `rightProbability`, drawn from `seed` and the spot;
// - `wrong`: wrong from the cursor on (its first character already differs
//   from the document's), then `linesAfter` plausible wrong lines.
import type { FimParts } from './fim';
import { firstTokens } from './tokens';

export type OracleBehaviour = 'current-line' | 'next-lines' | 'noisy' | 'wrong';

export interface OracleSpec {
  documents: { text: string }[];
  behaviour?: OracleBehaviour;
  /** `current-line`: wrong lines after the right rest of the line. */
  wrongLines?: number;
  /** The other behaviours: lines after the cursor's line (default 3). */
  linesAfter?: number;
  /** `noisy`: the chance that each line is right (default 0.6). */
  rightProbability?: number;
  /** `noisy`: the seed of the draws (default 1); the same seed, spot and line always draw the same. */
  seed?: number;
  maxTokens?: number;
}

export interface OracleAnswer {
  text: string;
  /** Where the prefix was found; absent when the answer is a guess. */
  match?: { document: number; offset: number; tailLength: number };
}

/** Tail lengths tried, longest first: long tails are unambiguous, short ones survive edits further back. */
const TAIL_LENGTHS = [400, 300, 200, 120, 80, 40, 20, 10];

export function locatePrefix(prefix: string, documents: { text: string }[]): OracleAnswer['match'] | undefined {
  if (prefix.length === 0) return undefined;
  // The common benchmark case: the editor holds the document typed from its start.
  const whole = documents.findIndex((d) => d.text.startsWith(prefix));
  if (whole >= 0) return { document: whole, offset: prefix.length, tailLength: prefix.length };
  const tried = new Set<number>();
  for (const length of TAIL_LENGTHS) {
    const l = Math.min(length, prefix.length);
    if (tried.has(l)) continue;
    tried.add(l);
    const tail = prefix.slice(-l);
    for (let d = 0; d < documents.length; d++) {
      const at = documents[d]!.text.indexOf(tail);
      if (at >= 0) return { document: d, offset: at + l, tailLength: l };
    }
  }
  return undefined;
}

export function oracleAnswer(spec: OracleSpec, parts: FimParts): OracleAnswer {
  const match = locatePrefix(parts.prefix, spec.documents);
  let text = match ? answerAt(spec, match.document, match.offset) : guess(parts.prefix);
  if (spec.maxTokens !== undefined) text = firstTokens(text, spec.maxTokens);
  return match ? { text, match } : { text };
}

/** Which lines of an answer are right: index 0 is the rest of the cursor's line, then the lines after it. */
function rightLines(spec: OracleSpec, document: number, offset: number): boolean[] {
  const behaviour = spec.behaviour ?? 'current-line';
  if (behaviour === 'current-line') return [true, ...new Array<boolean>(spec.wrongLines ?? 0).fill(false)];
  const count = 1 + (spec.linesAfter ?? 3);
  if (behaviour === 'next-lines') return new Array<boolean>(count).fill(true);
  if (behaviour === 'wrong') return new Array<boolean>(count).fill(false);
  const p = spec.rightProbability ?? 0.6;
  return Array.from({ length: count }, (_, i) => draw(spec.seed ?? 1, document, offset, i) < p);
}

function answerAt(spec: OracleSpec, document: number, offset: number): string {
  const doc = spec.documents[document]!.text;
  const lines = doc.split('\n');
  let line = doc.slice(0, offset).split('\n').length - 1;
  const lineEnd = doc.indexOf('\n', offset);
  let rest = doc.slice(offset, lineEnd < 0 ? undefined : lineEnd);
  // At the end of a line a FIM model proposes the next line, so the cursor's line is that one.
  const atLineEnd = rest === '' && line + 1 < lines.length;
  if (atLineEnd) {
    line += 1;
    rest = lines[line]!;
  }
  const right = rightLines(spec, document, offset);
  const first = right[0] ? rest : atLineEnd ? wrongLine(rest, line) : guessUnlike(rest, line);
  const after = right.slice(1).map((isRight, i) => {
    const model = lines[line + 1 + i] ?? lines[line] ?? '';
    return isRight ? model : mutateLine(model, line + 1 + i);
  });
  return (atLineEnd ? '\n' : '') + [first, ...after].join('\n');
}

/** A number in [0, 1) from the seed and the spot: the same inputs always draw the same. */
export function draw(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of [...parts, parts.length]) {
    h = Math.imul(h ^ part, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 2 ** 32;
}

/** A guess whose first character is not `avoid`'s, picked by `seed`. */
function guessUnlike(avoid: string, seed: number): string {
  const candidates = GUESSES.filter((g) => g[0] !== avoid[0]);
  return candidates[seed % candidates.length]!;
}

/** A whole line, wrong from its first character after the indentation (same indentation). */
function wrongLine(line: string, seed: number): string {
  const indent = /^\s*/.exec(line)![0];
  return indent + guessUnlike(line.slice(indent.length), seed);
}

const KEYWORDS = new Set([
  'const', 'let', 'var', 'function', 'return', 'if', 'else', 'for', 'while', 'of', 'in', 'new', 'class', 'def', 'import',
  'from', 'export', 'public', 'private', 'static', 'void', 'int', 'self', 'this', 'true', 'false', 'null', 'None', 'async', 'await',
]);
const VARIANTS = ['Value', 'Tmp', '2', 'Result'];

/** Same indentation and shape, different identifiers and numbers: plausible, deterministic, never equal to the original. */
export function mutateLine(line: string, seed: number): string {
  const indent = /^\s*/.exec(line)![0];
  let wordIndex = 0;
  const body = line
    .slice(indent.length)
    .replace(/[A-Za-z_][A-Za-z0-9_]*|\d+/g, (w) => {
      if (/^\d+$/.test(w)) return String(Number(w) + 1);
      if (KEYWORDS.has(w)) return w;
      return w + VARIANTS[(seed + wordIndex++) % VARIANTS.length];
    });
  const mutated = indent + body;
  return mutated === line ? `${indent}// TODO ${seed}` : mutated;
}

const GUESSES = ['return null;', 'console.log(value);', '// TODO', 'i += 1;', 'break;', 'result = []'];

/** The prefix is not in any document: a short answer that depends only on the prefix. */
function guess(prefix: string): string {
  const lastLine = prefix.slice(prefix.lastIndexOf('\n') + 1);
  let hash = 0;
  for (let i = 0; i < lastLine.length; i++) hash = (hash * 31 + lastLine.charCodeAt(i)) >>> 0;
  return GUESSES[hash % GUESSES.length]!;
}
