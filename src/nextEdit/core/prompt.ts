// The two prompt formats. 'chat' is for instruction-following chat models: a
// strict system prompt, the region between markers, and an answer that must
// repeat the region between the same markers. 'zeta' is a raw completion
// prompt in the layout of models trained for edit prediction, with their
// region and cursor tokens. Both carry the recent edits as small diffs.
import type { RecordedEdit } from './history';
import type { EditableRegion } from './region';

export type NextEditFormat = 'chat' | 'zeta';

export interface PromptMarkers {
  start: string;
  end: string;
  cursor: string;
}

export const MARKERS: Record<NextEditFormat, PromptMarkers> = {
  chat: { start: '<|region_start|>', end: '<|region_end|>', cursor: '<|cursor|>' },
  zeta: { start: '<|editable_region_start|>', end: '<|editable_region_end|>', cursor: '<|user_cursor_is_here|>' },
};

export interface NextEditPromptInput {
  filePath: string;
  languageId: string;
  region: EditableRegion;
  /** Oldest first; edits of other files included. */
  edits: readonly RecordedEdit[];
  /** Lines (0-based) the cursor went through in this file, oldest first. */
  cursorPath?: readonly number[];
}

export type NextEditPrompt =
  | { format: 'chat'; system: string; user: string; maxTokens: number }
  | { format: 'zeta'; prompt: string; stop: string[]; maxTokens: number };

const CHAT_SYSTEM = [
  'You predict the next edit a programmer makes in their code.',
  'You are given their most recent edits as diffs and an excerpt of the file they are in.',
  'The part of the excerpt you may change lies between <|region_start|> and <|region_end|>; <|cursor|> marks the cursor.',
  'Write that region as it reads after their next edit: carry a rename, a new parameter, a changed type or a change they repeat through to the other places in the region where it applies.',
  'Keep every other line exactly as it is, with the same spacing and comments. Never undo the edits shown.',
  'When nothing follows from the recent edits, write the region unchanged.',
  'Answer with the rewritten region only: <|region_start|>, a line break, the region without the cursor marker, a line break, <|region_end|>. No explanation.',
].join('\n');

const ZETA_INSTRUCTION =
  'Rewrite the editable part of the excerpt below so that it includes the edit the user is most likely to make next, judging from their recent edits and the cursor position.';

/** One recorded edit as a unified-diff hunk (1-based lines). */
export function editAsDiff(edit: RecordedEdit): string {
  const before = edit.beforeLines.split('\n');
  const after = edit.afterLines.split('\n');
  const line = edit.line + 1;
  return [
    `--- a/${edit.file}`,
    `+++ b/${edit.file}`,
    `@@ -${line},${before.length} +${line},${after.length} @@`,
    ...before.map((l) => `-${l}`),
    ...after.map((l) => `+${l}`),
  ].join('\n');
}

function markedRegion(region: EditableRegion, markers: PromptMarkers): string {
  const withCursor = region.text.slice(0, region.cursor) + markers.cursor + region.text.slice(region.cursor);
  return `${region.contextBefore}${markers.start}\n${withCursor}\n${markers.end}${region.contextAfter}`;
}

/** Tokens the answer needs: the region again plus some room for what is inserted. */
export function answerTokenBudget(region: EditableRegion): number {
  return Math.ceil(region.text.length / 3) + 128;
}

export function buildPrompt(format: NextEditFormat, input: NextEditPromptInput): NextEditPrompt {
  const diffs = input.edits.map(editAsDiff).join('\n\n');
  const markers = MARKERS[format];
  const excerpt = markedRegion(input.region, markers);
  const maxTokens = answerTokenBudget(input.region);
  if (format === 'chat') {
    const user = [
      'Recent edits:',
      '```diff',
      diffs || '(none)',
      '```',
      '',
      ...(input.cursorPath && input.cursorPath.length > 1 ? [`The cursor went through lines ${input.cursorPath.map((l) => l + 1).join(', ')} of ${input.filePath}.`, ''] : []),
      `Excerpt of ${input.filePath} (${input.languageId}):`,
      '```',
      excerpt,
      '```',
    ].join('\n');
    return { format, system: CHAT_SYSTEM, user, maxTokens };
  }
  const prompt = [
    '### Instruction:',
    ZETA_INSTRUCTION,
    '',
    '### User Edits:',
    '',
    diffs,
    '',
    '### User Excerpt:',
    '',
    '```' + input.filePath,
    excerpt,
    '```',
    '',
    '### Response:',
    '',
  ].join('\n');
  return { format, prompt, stop: [markers.end], maxTokens };
}

/**
 * Reads the rewritten region out of a streamed answer. `partial` is the region
 * as far as it arrived; `finish` is the whole region, or undefined when the
 * answer has no usable region (no start marker, cut off by max tokens).
 */
export class RewriteParser {
  private answer = '';

  constructor(private readonly format: NextEditFormat) {}

  push(text: string): void {
    this.answer += text;
  }

  private bounds(): { from: number; to: number; closed: boolean } | undefined {
    const markers = MARKERS[this.format];
    const at = this.answer.indexOf(markers.start);
    // Both formats echo the start marker: an answer without it is not a region.
    if (at < 0) return undefined;
    let from = at + markers.start.length;
    if (this.answer[from] === '\n') from++;
    const end = this.answer.indexOf(markers.end, from);
    return { from, to: end < 0 ? this.answer.length : end, closed: end >= 0 };
  }

  private clean(text: string): string {
    return text.split(MARKERS[this.format].cursor).join('');
  }

  /** The complete lines of the region received so far. */
  partialLines(): string[] {
    const b = this.bounds();
    if (!b) return [];
    const text = this.clean(this.answer.slice(b.from, b.to));
    const lines = text.split('\n');
    if (!b.closed) lines.pop();
    else if (lines.at(-1) === '') lines.pop();
    return lines;
  }

  /** The region once the answer ended; `stopped` is true when the server ended it normally (a stop, not max tokens). */
  finish(stopped: boolean): string | undefined {
    const b = this.bounds();
    if (!b || (!b.closed && !(stopped && this.format === 'zeta'))) return undefined;
    const text = this.clean(this.answer.slice(b.from, b.to));
    return text.endsWith('\n') ? text.slice(0, -1) : text;
  }
}
