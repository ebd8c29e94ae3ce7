// A content check run on text before it joins a prompt from another file (the
// completion context ring, chat attachments): values shaped like credentials
// are replaced by a placeholder, the rest of the code stays. It catches what has
// a recognisable form; a short or word-like password (`password = "hunter2"`)
// is not recognisable, which is why secret files are kept out by name first.
// Every pattern has bounded repeats, so a minified line costs linear time.

export const KEY_PLACEHOLDER = '[redacted]';

interface KeyShape {
  name: string;
  re: RegExp;
  /** The capture group holding the secret; 0 = the whole match. */
  group: number;
  /** Extra check on the captured value. */
  accept?: (value: string) => boolean;
}

/** Bits per character of the value's character distribution. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A random-looking token: long, letters and digits mixed, high entropy. Identifiers
 * (`process.env.API_KEY`, `getToken`) and words have no digits or too little entropy.
 */
function looksRandom(value: string): boolean {
  return value.length >= 16 && /[0-9]/.test(value) && /[A-Za-z]/.test(value) && shannonEntropy(value) >= 3.5;
}

const SHAPES: KeyShape[] = [
  // The whole block, or to the end of the text when the END line is cut off.
  { name: 'private key', re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$(?![\s\S]))/g, group: 0 },
  { name: 'AWS access key id', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, group: 0 },
  { name: 'GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/g, group: 0 },
  { name: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}/g, group: 0 },
  { name: 'Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, group: 0 },
  { name: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}/g, group: 0 },
  { name: 'Stripe key', re: /\b[rsp]k_(?:live|test)_[A-Za-z0-9]{16,}/g, group: 0 },
  { name: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/g, group: 0 },
  { name: 'model API key', re: /\b(?:sk|gsk|csk|xai)[-_][A-Za-z0-9_-]{20,}/g, group: 0 },
  { name: 'JSON web token', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, group: 0 },
  // The password of `scheme://user:password@host`.
  { name: 'URL password', re: /\b[a-z][a-z0-9+.-]{0,20}:\/\/[^\s/:@'"]{1,256}:([^\s/@'"]{1,256})@/gi, group: 1 },
  // `api_key = "…"`, `"clientSecret": "…"`, `DB_PASSWORD=…`, `token: …` with a random-looking value.
  {
    name: 'assigned secret',
    re: /(?:key|token|secret|passw(?:or)?d|pwd|credential|auth)[\w.-]{0,64}?["'`]?[ \t]{0,16}(?:[:=]|=>|:=)[ \t]{0,16}["'`]?([A-Za-z0-9+/_~.=-]{16,512})/gi,
    group: 1,
    accept: looksRandom,
  },
];

export interface KeyShapeHit {
  name: string;
  start: number;
  end: number;
}

/** Every credential-shaped value in `text`, in order, without overlaps. */
export function findKeyShapes(text: string): KeyShapeHit[] {
  const hits: KeyShapeHit[] = [];
  for (const shape of SHAPES) {
    for (const match of text.matchAll(shape.re)) {
      const value = match[shape.group];
      if (value === undefined || (shape.accept && !shape.accept(value))) continue;
      const start = match.index + (shape.group === 0 ? 0 : match[0].lastIndexOf(value));
      hits.push({ name: shape.name, start, end: start + value.length });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: KeyShapeHit[] = [];
  for (const hit of hits) {
    const last = out[out.length - 1];
    if (last && hit.start < last.end) last.end = Math.max(last.end, hit.end);
    else out.push({ ...hit });
  }
  return out;
}

/** `text` with every credential-shaped value replaced by {@link KEY_PLACEHOLDER}, and how many were. */
export function redactKeyShapes(text: string): { text: string; redacted: number } {
  const hits = findKeyShapes(text);
  if (hits.length === 0) return { text, redacted: 0 };
  let out = '';
  let at = 0;
  for (const hit of hits) {
    out += text.slice(at, hit.start) + KEY_PLACEHOLDER;
    at = hit.end;
  }
  return { text: out + text.slice(at), redacted: hits.length };
}
