// Separates `<think>…</think>` (reasoning written inside the content, as Qwen3,
// DeepSeek-R1 distills and others do on OpenAI-compatible servers) from the answer,
// including tags split across chunk boundaries.
import { partialMarkerLength } from './textFilters';

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
