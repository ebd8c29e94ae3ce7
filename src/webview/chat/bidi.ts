// Bidirectional control characters made visible, as VS Code's editor does: each is wrapped in
// an element that isolates it (so it reorders nothing around it) and shows its code point. The
// character itself stays in the text, so Copy copies what the model wrote and the host flags it.
import { BIDI_CONTROL, bidiControlName, codePointLabel } from '../../shared/textHygiene';
import { h } from './dom';

const SPLIT = new RegExp(`(${BIDI_CONTROL.source})`);

/** Appends `text` to `parent`, with every bidi control character shown as its code point. */
export function appendText(parent: Node, text: string): void {
  if (!BIDI_CONTROL.test(text)) {
    const last = parent.lastChild;
    if (last instanceof Text) last.appendData(text);
    else parent.appendChild(document.createTextNode(text));
    return;
  }
  text.split(SPLIT).forEach((piece, i) => {
    if (piece === '') return;
    if (i % 2 === 0) parent.appendChild(document.createTextNode(piece));
    else parent.appendChild(h('span', { class: 'bidi-control', title: bidiControlName(piece), attrs: { 'data-code-point': codePointLabel(piece) } }, piece));
  });
}

/** Marks every bidi control character in the text of `root` (rendered Markdown). */
export function markBidiControls(root: Node): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const found: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (BIDI_CONTROL.test((node as Text).data)) found.push(node as Text);
  }
  for (const node of found) {
    const replacement = document.createDocumentFragment();
    appendText(replacement, node.data);
    node.replaceWith(replacement);
  }
}
