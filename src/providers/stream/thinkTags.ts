// Separates `<think>…</think>` (reasoning written inside the content, as Qwen3,
// DeepSeek-R1 distills and others do on OpenAI-compatible servers) from the answer,
// including tags split across chunk boundaries, as a stream (ThinkTagSplitter) or on
// the whole text received so far (stripThinking).
import { partialMarkerLength } from '../../shared/markers';

const OPEN = '<think>';
const CLOSE = '</think>';

export interface TextSegment {
  kind: 'content' | 'reasoning';
  text: string;
}

export class ThinkTagSplitter {
  private inThink = false;
  private held = '';
  /** Whitespace right after `</think>` is separator, not answer. */
  private trimNextContent = false;

  push(text: string): TextSegment[] {
    const out: TextSegment[] = [];
    let buffer = this.held + text;
    this.held = '';
    for (;;) {
      const marker = this.inThink ? CLOSE : OPEN;
      const at = buffer.indexOf(marker);
      if (at === -1) break;
      this.emit(out, buffer.slice(0, at));
      buffer = buffer.slice(at + marker.length);
      this.inThink = !this.inThink;
      if (!this.inThink) this.trimNextContent = true;
    }
    const keep = partialMarkerLength(buffer, [this.inThink ? CLOSE : OPEN]);
    this.emit(out, buffer.slice(0, buffer.length - keep));
    this.held = buffer.slice(buffer.length - keep);
    return out;
  }

  end(): TextSegment[] {
    const out: TextSegment[] = [];
    this.emit(out, this.held);
    this.held = '';
    return out;
  }

  private emit(out: TextSegment[], text: string): void {
    let piece = text;
    if (!this.inThink && this.trimNextContent) {
      piece = piece.replace(/^\s+/, '');
      if (piece === '') return;
      this.trimNextContent = false;
    }
    if (piece === '') return;
    const kind = this.inThink ? 'reasoning' : 'content';
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += piece;
    else out.push({ kind, text: piece });
  }
}

/**
 * Removes `<think>…</think>` blocks (reasoning models write them into code, even
 * empty ones). An unclosed block hides everything after it: while streaming that
 * text may still turn into an answer, at the end it is dropped.
 */
export function stripThinking(text: string, final: boolean): { text: string; ended: false } {
  let out = '';
  let rest = text;
  // A closing tag before any opening one (the opening one sat in the prompt, as reasoning
  // models' chat templates do) means what precedes it was reasoning.
  const firstClose = rest.indexOf(CLOSE);
  const firstOpen = rest.indexOf(OPEN);
  if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)) rest = rest.slice(firstClose + CLOSE.length).replace(/^\s*\n/, '');
  for (;;) {
    const open = rest.indexOf(OPEN);
    if (open < 0) break;
    out += rest.slice(0, open);
    const close = rest.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) return { text: out.split(CLOSE).join(''), ended: false };
    // The answer starts on a fresh line after the block, often after a blank one too.
    rest = rest.slice(close + CLOSE.length).replace(/^(?:[ \t]*\r?\n)+/, '');
  }
  // A stray closing tag right after a block closes reasoning that went on outside it.
  const stray = rest.indexOf(CLOSE);
  if (stray >= 0 && out === '') rest = rest.slice(stray + CLOSE.length).replace(/^\s*\n/, '');
  // Any other stray closing tag is never code (above too).
  out = (out + rest).split(CLOSE).join('');
  if (final) return { text: out, ended: false };
  return { text: out.slice(0, out.length - partialMarkerLength(out, [OPEN, CLOSE])), ended: false };
}
