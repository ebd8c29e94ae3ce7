// A large code block shown as plain text while it streams: lines are appended as they arrive,
// in pieces of about PLAIN_PIECE_CHARS so that only the piece growing is laid out again and
// pieces off screen are skipped (media/chat.css). Rendering it as Markdown with highlighting
// on every frame would cost time in proportion to its whole length.
import { appendText } from './bidi';
import { h } from './dom';
import { fenceBody, isClosingLine, type LargeFence } from './incremental';
import { fenceLanguage, renderMarkdown } from './markdown';
import { sanitizeToFragment } from './sanitize';

const PLAIN_PIECE_CHARS = 32_000;

export class PlainCodeBlock {
  /** What goes into the message: the block with its toolbar, like any other. */
  readonly element: HTMLElement;
  private readonly code: HTMLElement;
  private piece: HTMLElement | undefined;
  private pieceChars = 0;
  /** The unfinished last line, replaced on every frame. */
  private readonly pending = document.createTextNode('');
  /** Offset in the answer up to which lines are in the block. */
  private consumed: number;

  constructor(private readonly fence: LargeFence) {
    const marker = fence.char.repeat(fence.length);
    // An empty block rendered as any other gets the same toolbar; the code goes in as text.
    const fragment = sanitizeToFragment(renderMarkdown(`${marker}${fenceLanguage(fence.info)}\n${marker}\n`));
    this.element = h('div', { class: 'md-chunk' });
    this.element.append(fragment);
    this.code = this.element.querySelector('code') ?? this.element;
    this.code.replaceChildren(this.pending);
    this.consumed = fence.bodyStart;
  }

  /**
   * Takes the lines of `text` that arrived since the last call. Returns where the text after
   * the block starts once its closing line came (or, when `final`, the answer's end), and
   * undefined while the block is still open.
   */
  update(text: string, final: boolean): number | undefined {
    const lines = fenceBody(text, this.consumed, this.fence);
    this.append(lines.body);
    this.consumed = lines.end;
    if (lines.closedAt !== undefined) {
      this.pending.data = '';
      return lines.closedAt;
    }
    const partial = text.slice(this.consumed);
    if (!final) {
      this.pending.data = partial;
      return undefined;
    }
    this.pending.data = '';
    if (!isClosingLine(partial, this.fence)) this.append(partial);
    return text.length;
  }

  private append(text: string): void {
    let rest = text;
    while (rest !== '') {
      if (!this.piece || this.pieceChars >= PLAIN_PIECE_CHARS) {
        this.piece = h('span', { class: 'plain-lines' });
        this.code.insertBefore(this.piece, this.pending);
        this.pieceChars = 0;
      }
      // A stored answer arrives whole: cut it into pieces at line ends.
      const room = PLAIN_PIECE_CHARS - this.pieceChars;
      const cut = rest.length <= room ? rest.length : rest.lastIndexOf('\n', room) + 1 || room;
      appendText(this.piece, rest.slice(0, cut));
      this.pieceChars += cut;
      rest = rest.slice(cut);
    }
  }
}
