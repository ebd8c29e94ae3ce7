// A small model of the VS Code editor's typing behaviour, enough for a typing
// trace to produce the same document states VS Code would: auto-closed
// brackets and quotes, overtyping them, Enter with auto-indent (and the
// bracket-pair expansion), dedent when a closer is typed on an empty line,
// backspace over an auto-closed pair or to the previous tab stop.

export type Key = string; // one character, or 'Enter' | 'Backspace' | 'Delete' | 'Tab' | 'End' | 'Down'

export interface EditorOptions {
  languageId: string;
  /** One level of indentation: '    ', '  ' or '\t'. */
  indentUnit: string;
}

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);
/** VS Code's default `autoCloseBefore`: auto-close only when the next character is one of these. */
const AUTO_CLOSE_BEFORE = new Set([';', ':', '.', ',', '=', '}', ']', ')', '>', ' ', '\n', '\t', '']);

export class SimEditor {
  version = 1;

  constructor(
    public text: string,
    public cursor: number,
    readonly options: EditorOptions,
  ) {}

  private get quotes(): string {
    return this.options.languageId === 'rust' ? '"' : '"\'`';
  }

  lineStart(at = this.cursor): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  lineEnd(at = this.cursor): number {
    const nl = this.text.indexOf('\n', at);
    return nl < 0 ? this.text.length : nl;
  }

  /** Applies one key; returns whether it changed the text (an edit) or only moved the cursor. */
  press(key: Key): 'edit' | 'move' {
    switch (key) {
      case 'End':
        this.cursor = this.lineEnd();
        return 'move';
      case 'Down': {
        const column = this.cursor - this.lineStart();
        const nextStart = this.lineEnd() + 1;
        if (nextStart > this.text.length) return 'move';
        this.cursor = Math.min(nextStart + column, this.lineEnd(nextStart));
        return 'move';
      }
      case 'Enter':
        this.enter();
        break;
      case 'Backspace':
        this.backspace();
        break;
      case 'Delete':
        this.replace(this.cursor, this.cursor + 1, '');
        break;
      case 'Tab':
        this.insert(this.options.indentUnit);
        break;
      default:
        this.typeChar(key);
    }
    this.version++;
    return 'edit';
  }

  private replace(from: number, to: number, text: string, cursorAfter = from + text.length): void {
    this.text = this.text.slice(0, from) + text + this.text.slice(to);
    this.cursor = cursorAfter;
  }

  private insert(text: string): void {
    this.replace(this.cursor, this.cursor, text);
  }

  private typeChar(ch: string): void {
    const next = this.text[this.cursor] ?? '';
    const prev = this.text[this.cursor - 1] ?? '';
    // Overtype a closer or quote that is already there.
    if ((CLOSERS.has(ch) || this.quotes.includes(ch)) && next === ch) {
      this.cursor++;
      return;
    }
    if (CLOSERS.has(ch) && this.text.slice(this.lineStart(), this.cursor).trim() === '') {
      // Typing a closer on an empty line puts it one level out.
      const indent = this.text.slice(this.lineStart(), this.cursor);
      const out = indent.endsWith(this.options.indentUnit) ? indent.slice(0, -this.options.indentUnit.length) : indent;
      this.replace(this.lineStart(), this.cursor, out + ch);
      return;
    }
    if (ch in PAIRS && AUTO_CLOSE_BEFORE.has(next)) {
      this.replace(this.cursor, this.cursor, ch + PAIRS[ch], this.cursor + 1);
      return;
    }
    if (this.quotes.includes(ch) && AUTO_CLOSE_BEFORE.has(next) && !/[\w"'`]/.test(prev)) {
      this.replace(this.cursor, this.cursor, ch + ch, this.cursor + 1);
      return;
    }
    this.insert(ch);
  }

  private enter(): void {
    const start = this.lineStart();
    const before = this.text.slice(start, this.cursor);
    const indent = /^[ \t]*/.exec(before)![0];
    const last = before.trimEnd().slice(-1);
    const python = this.options.languageId === 'python';
    const opens = last in PAIRS || (python && last === ':');
    const unit = this.options.indentUnit;
    // Python's editor rules: a new block after `:`, one level out after a line that ends one.
    const endsBlock = python && /^\s*(break|continue|pass|raise\b.*|return\b.*)$/.test(before) && indent.endsWith(unit);
    const inner = opens ? indent + unit : endsBlock ? indent.slice(0, -unit.length) : indent;
    const next = this.text[this.cursor] ?? '';
    if (before.trim() === '' && this.cursor === this.lineEnd()) {
      // Enter on a line holding only auto-indentation leaves it empty (trimAutoWhitespace).
      this.replace(start, this.cursor, '\n' + indent);
      return;
    }
    if (last in PAIRS && next === PAIRS[last]) {
      // Between a pair: the closer goes to its own line below.
      this.replace(this.cursor, this.cursor, '\n' + inner + '\n' + indent, this.cursor + 1 + inner.length);
      return;
    }
    this.insert('\n' + inner);
  }

  private backspace(): void {
    if (this.cursor === 0) return;
    const prev = this.text[this.cursor - 1]!;
    const next = this.text[this.cursor] ?? '';
    if ((PAIRS[prev] === next || (this.quotes.includes(prev) && next === prev)) && next !== '') {
      this.replace(this.cursor - 1, this.cursor + 1, '');
      return;
    }
    const lineBefore = this.text.slice(this.lineStart(), this.cursor);
    const unit = this.options.indentUnit;
    if (lineBefore !== '' && lineBefore.trim() === '' && unit !== '\t' && lineBefore.endsWith(unit)) {
      // In indentation, backspace goes to the previous tab stop.
      this.replace(this.cursor - unit.length, this.cursor, '');
      return;
    }
    this.replace(this.cursor - 1, this.cursor, '');
  }
}
