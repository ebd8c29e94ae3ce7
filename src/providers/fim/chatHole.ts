// Fill-in-the-middle for chat-only providers (Groq, Cerebras chat models, OpenAI): a strict
// prompt asks for the missing text between <COMPLETION> tags, and a streaming cleaner keeps
// only that text: no fences, no prose, no repeated line, no reasoning.
import type { ChatMessage, FimRequest } from '../types';
import { partialMarkerLength } from '../../shared/markers';
import type { TextFilter } from '../stream/textFilters';
import { neutraliseTokens } from './templates';

export const HOLE = '{{FILL_HERE}}';
export const OPEN_TAG = '<COMPLETION>';
export const CLOSE_TAG = '</COMPLETION>';

const SYSTEM_PROMPT = [
  'You are a code completion engine inside an editor, not a chat assistant.',
  `The user sends one file in which the cursor is marked ${HOLE}.`,
  `Answer with exactly the text to insert at the cursor, wrapped as ${OPEN_TAG}text${CLOSE_TAG}.`,
  'Rules: write nothing outside the tags; no explanations; no markdown code fences;',
  'do not repeat code that already comes before or after the cursor; keep the file\'s indentation style;',
  `stop where the code after the cursor takes over. If nothing should be inserted, answer ${OPEN_TAG}${CLOSE_TAG}.`,
].join(' ');

/** Markers of the hole prompt; found in the user's text they are broken so only ours count. */
export const HOLE_MARKERS = [HOLE, OPEN_TAG, CLOSE_TAG, '<FILE>', '</FILE>'];

export function buildHolePrompt(req: FimRequest): ChatMessage[] {
  const clean = (text: string) => neutraliseTokens(text, HOLE_MARKERS);
  const context = (req.extraContext ?? [])
    .map((s) => `Related file ${clean(s.filename)}:\n<FILE>\n${clean(s.text)}\n</FILE>\n\n`)
    .join('');
  const name = req.filePath ? `${clean(req.filePath)}${req.languageId ? ` (${clean(req.languageId)})` : ''}` : clean(req.languageId ?? 'untitled');
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `${context}File ${name}:\n<FILE>\n${clean(req.prefix)}${HOLE}${clean(req.suffix)}\n</FILE>` },
  ];
}

const FENCE_OPEN = /^[ \t]*(```|~~~)[^\n]*\n/;
const PROSE_LINE = /^\s*(here('s| is)|sure|certainly|okay|ok[,.!]|the (missing|completed?|code)|this (code|completes)|i('ve| have| will|'ll))\b[^\n]*\n/i;

/**
 * Streaming extractor for answers to the hole prompt. Before the opening tag everything
 * is held back (prose is dropped). Inside, text flows out except what could be the start of
 * the closing tag or fence. If the model ignored the tags, the held text is cleaned at the end.
 */
export class HoleAnswerCleaner implements TextFilter {
  private state: 'before' | 'inside' | 'done' = 'before';
  private held = '';
  private closers = [CLOSE_TAG];
  /** Undecided start of the answer, compared against the cursor line to drop an echo. */
  private head = '';
  private headDecided = false;
  private newlineChecked = false;
  /** Whether the start of the answer was checked for an opening fence (done once). */
  private fenceChecked = false;
  private readonly cursorLine: string;
  private readonly atLineStart: boolean;

  constructor(prefix: string) {
    const lastLine = prefix.slice(prefix.lastIndexOf('\n') + 1);
    this.cursorLine = lastLine.trim();
    this.atLineStart = lastLine.trim() === '';
  }

  get finished(): boolean {
    return this.state === 'done';
  }

  push(text: string): string {
    if (this.state === 'done') return '';
    this.held += text;
    if (this.state === 'before') {
      const at = this.held.indexOf(OPEN_TAG);
      if (at === -1) return '';
      this.held = this.held.slice(at + OPEN_TAG.length);
      this.state = 'inside';
    }
    return this.flushInside(false);
  }

  end(): string {
    if (this.state === 'done') return '';
    if (this.state === 'before') {
      // The model ignored the tags: take the held text, minus fences and prose lines.
      this.state = 'inside';
      this.held = stripLooseAnswer(this.held);
      const out = this.flushInside(true);
      this.state = 'done';
      return out;
    }
    const out = this.flushInside(true);
    this.state = 'done';
    return out;
  }

  private flushInside(final: boolean): string {
    // Models sometimes write the opening tag again; it is never code.
    if (this.held.includes(OPEN_TAG)) this.held = this.held.split(OPEN_TAG).join('');
    // An opening fence right after the tag: drop it and watch for its closing fence.
    if (!this.headDecided && this.head === '' && !this.fenceChecked) {
      const trimmed = this.held.replace(/^\n/, '');
      // The end may be a second opening tag still arriving, which will be dropped: judge without it.
      const settled = trimmed.slice(0, trimmed.length - partialMarkerLength(trimmed, [OPEN_TAG]));
      const mayBecomeFence = /^[ \t]*(`{0,2}|~{0,2})$/.test(settled) || (/^[ \t]*(```|~~~)/.test(settled) && !settled.includes('\n'));
      if (mayBecomeFence && !final) return '';
      // Decided now: a fence later on (its closing one) must not be taken for an opening one.
      this.fenceChecked = true;
      const fence = FENCE_OPEN.exec(trimmed);
      if (fence) {
        this.held = trimmed.slice(fence[0].length);
        this.closers = [CLOSE_TAG, '\n' + fence[1], fence[1]];
      }
    }
    let out = this.held;
    let closed = false;
    let cut = -1;
    for (const closer of this.closers) {
      const at = out.indexOf(closer);
      if (at !== -1 && (cut === -1 || at < cut)) cut = at;
    }
    if (cut !== -1) {
      out = out.slice(0, cut);
      closed = true;
      this.held = '';
    } else if (!final) {
      const keep = partialMarkerLength(out, [...this.closers, OPEN_TAG]);
      this.held = out.slice(out.length - keep);
      out = out.slice(0, out.length - keep);
    } else {
      this.held = '';
    }
    if (closed) this.state = 'done';
    return this.dropEcho(out, final || closed);
  }

  /**
   * Decides how the answer starts: at the start of a line a leading newline is dropped
   * (it would leave an empty line), and a repeat of the text before the cursor is removed.
   * Text is held only until that can be decided.
   */
  private dropEcho(text: string, final: boolean): string {
    if (this.headDecided) return text;
    this.head += text;
    if (this.atLineStart && !this.newlineChecked && this.head !== '') {
      this.newlineChecked = true;
      if (this.head.startsWith('\n')) this.head = this.head.slice(1);
    }
    const line = this.cursorLine;
    const echoCheck = line.length >= 3;
    if (!final) {
      if (this.head === '') return '';
      const candidate = this.head.trimStart();
      if (echoCheck && candidate.length < line.length && line.startsWith(candidate)) return '';
    }
    if (echoCheck) {
      const candidate = this.head.trimStart();
      if (candidate.startsWith(line)) this.head = candidate.slice(line.length);
    }
    this.headDecided = true;
    const out = this.head;
    this.head = '';
    return out;
  }
}

/** Cleans a whole answer that came without tags. */
export function stripLooseAnswer(text: string): string {
  let out = text.replace(/<think>[\s\S]*?<\/think>\s*/g, '');
  while (PROSE_LINE.test(out)) out = out.replace(PROSE_LINE, '');
  const fence = FENCE_OPEN.exec(out.replace(/^\s*\n/, ''));
  if (fence) {
    const body = out.replace(/^\s*\n/, '').slice(fence[0].length);
    const close = body.search(/\n?[ \t]*(```|~~~)/);
    out = close === -1 ? body : body.slice(0, close);
  }
  return out.replace(new RegExp(`${OPEN_TAG}|${CLOSE_TAG}`, 'g'), '');
}
