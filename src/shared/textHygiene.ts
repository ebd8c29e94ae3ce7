// Characters that make text read differently from what it is. Pure, used by the host (what goes
// into the editor and the clipboard) and by the chat page (what is shown).

/**
 * Bidirectional formatting characters (embeddings, overrides, isolates, marks): an override can
 * make `invoice\u202Egnp.exe` display as `invoiceexe.png`, and reorder code so that it reads
 * differently from how it runs. The set VS Code's editor highlights as invisible bidi characters.
 */
export const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const BIDI_CONTROL_ALL = new RegExp(BIDI_CONTROL.source, 'g');

const BIDI_NAMES: Record<string, string> = {
  '\u061C': 'ARABIC LETTER MARK',
  '\u200E': 'LEFT-TO-RIGHT MARK',
  '\u200F': 'RIGHT-TO-LEFT MARK',
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};

/** "U+202E" for a character. */
export function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "U+202E RIGHT-TO-LEFT OVERRIDE" for a bidi control character. */
export function bidiControlName(char: string): string {
  return `${codePointLabel(char)} ${BIDI_NAMES[char] ?? 'BIDIRECTIONAL CONTROL'}`;
}

export interface BidiControlFound {
  /** "U+202E RIGHT-TO-LEFT OVERRIDE". */
  name: string;
  /** 1-based. */
  line: number;
}

export function findBidiControls(text: string): BidiControlFound[] {
  const found: BidiControlFound[] = [];
  let line = 1;
  let counted = 0;
  for (const match of text.matchAll(BIDI_CONTROL_ALL)) {
    for (let i = counted; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    counted = match.index;
    found.push({ name: bidiControlName(match[0]), line });
  }
  return found;
}

/** One sentence for a notice about bidi characters in code about to be used, or undefined when there are none. */
export function bidiWarning(text: string): string | undefined {
  const found = findBidiControls(text);
  if (found.length === 0) return undefined;
  const first = found.slice(0, 3).map((f) => `${f.name} on line ${f.line}`);
  const more = found.length > 3 ? ` and ${found.length - 3} more` : '';
  return (
    `The code contains ${found.length === 1 ? 'a bidirectional control character' : `${found.length} bidirectional control characters`} ` +
    `(${first.join(', ')}${more}), which can make it read differently from how it runs. They were kept: check them in the editor, which shows them.`
  );
}

/**
 * Control characters removed from text that goes into a file or the clipboard: C0 controls
 * except tab and line feed, a carriage return unless it starts a CRLF, DEL, and the C1 range
 * (U+0080–U+009F, which some terminals read as escape sequences). An ESC byte in a completion
 * would otherwise be written into the file as is.
 */
// eslint-disable-next-line no-control-regex
const UNWANTED_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\r(?!\n)/g;

export function stripControlCharacters(text: string): string {
  return text.replace(UNWANTED_CONTROLS, '');
}
