// Text generators biased towards what breaks parsers: multi-byte UTF-8 (2, 3 and 4 bytes,
// surrogate pairs, combining marks), JSON escapes, line separators, and the pieces of the
// markers the code looks for.
import fc from 'fast-check';

export const TRICKY_CHARS = [
  'a', 'b', 'x', ' ', '\n', '\t', '"', '\\', '/', '<', '>', '|', '_', '{', '}', '(', ')', '[', ']', ';',
  'é', '€', '中', '😀', '👍🏽', 'e\u0301', '\u2028', '\u0000', '\r',
];

/** Short strings over `chars`, with whole `tokens` mixed in. */
export function textOf(chars: readonly string[], tokens: readonly string[] = [], maxLength = 24): fc.Arbitrary<string> {
  const pieces = tokens.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...chars), weight: 4 }, { arbitrary: fc.constantFrom(...tokens), weight: 1 }) : fc.constantFrom(...chars);
  return fc.array(pieces, { maxLength }).map((parts) => parts.join(''));
}

/** Cut points inside a byte array: every way to deliver it in pieces. */
export function splitBytes(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    if (p > from) out.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  if (from < bytes.length) out.push(bytes.subarray(from));
  return out;
}

/** Cut points inside a string (by UTF-16 unit, so surrogate pairs can be split too). */
export function splitText(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(text.slice(from, p));
    from = p;
  }
  out.push(text.slice(from));
  return out;
}
