// Cleans a model's rewrite: the code without the fences and the chatter some
// models add around it ("Here is the updated code:"). Works on a partial
// answer too, so the diff can follow the stream.

const FENCE = /^\s*(`{3,}|~{3,})[\w+#.-]*\s*$/;
const CHATTER = /^(?:here(?:'s| is| are)|sure|certainly|okay|ok|below|the (?:updated|rewritten|modified)|i(?:'ve| have))\b.*[:.!]?\s*$/i;

/** Prose before the code: words and spaces ending like a sentence, no code punctuation. */
const SENTENCE = /^[A-Z][^{};=<>()[\]`]*[.:!?]$/;

export interface CleanedOutput {
  /** The code so far. */
  code: string;
  /** The closing fence was seen: whatever follows is chatter. */
  closed: boolean;
}

export function cleanModelOutput(raw: string, final: boolean): CleanedOutput {
  const lines = raw.replace(/\r\n/g, '\n').split('\n');
  let start = 0;
  while (start < lines.length && lines[start].trim() === '') start++;
  const fenceAt = lines.findIndex((line, i) => i >= start && FENCE.test(line));
  let body: string[];
  let closed = false;
  if (fenceAt >= 0 && lines.slice(start, fenceAt).every((l) => l.trim() === '' || CHATTER.test(l.trim()) || SENTENCE.test(l.trim()))) {
    const fence = FENCE.exec(lines[fenceAt])![1];
    const rest = lines.slice(fenceAt + 1);
    // An unfinished last line may still become the closing fence.
    const closeAt = rest.findIndex((line, i) => (final || i < rest.length - 1) && line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '');
    closed = closeAt >= 0;
    body = closed ? rest.slice(0, closeAt) : rest;
    if (!final && !closed && body.length > 0 && /^\s*[`~]{1,3}$/.test(body[body.length - 1])) body = body.slice(0, -1);
  } else {
    body = lines.slice(start);
    // Chatter before the code without a fence: drop one leading sentence ending in a colon.
    if (body.length > 1 && CHATTER.test(body[0].trim()) && body[0].trim().endsWith(':')) body = body.slice(1);
    else if (!final && body.length === 1 && CHATTER.test(body[0].trim())) body = [];
  }
  return { code: body.join('\n'), closed };
}
