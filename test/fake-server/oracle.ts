// A FIM "model" that knows the benchmark's documents. Given the text before
// the cursor it finds where that text ends in a document and answers the rest
// of the line exactly, then a few plausible but wrong lines, so benchmarks can
// tell a correct suggestion from a wrong one without a real model.
import type { FimParts } from './fim';
import { firstTokens } from './tokens';

export interface OracleSpec {
  documents: { text: string }[];
  wrongLines?: number;
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
  let text = match ? answerAt(spec.documents[match.document]!.text, match.offset, spec.wrongLines ?? 0) : guess(parts.prefix);
  if (spec.maxTokens !== undefined) text = firstTokens(text, spec.maxTokens);
  return match ? { text, match } : { text };
}

function answerAt(doc: string, offset: number, wrongLines: number): string {
  const lines = doc.split('\n');
  let line = doc.slice(0, offset).split('\n').length - 1;
  const lineEnd = doc.indexOf('\n', offset);
  let correct = doc.slice(offset, lineEnd < 0 ? undefined : lineEnd);
  // At the end of a line a FIM model proposes the next line, so the correct part is that line.
  if (correct === '' && line + 1 < lines.length) {
    line += 1;
    correct = '\n' + lines[line];
  }
  const wrong: string[] = [];
  for (let i = 1; i <= wrongLines; i++) {
    const model = lines[line + i] ?? lines[line] ?? '';
    wrong.push(mutateLine(model, line + i));
  }
  return correct + wrong.map((w) => '\n' + w).join('');
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
