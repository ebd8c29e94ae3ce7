// Cleaning of raw model output before any rule looks at it: reasoning blocks,
// markdown fences and fill-in-the-middle control tokens that leak into code.
// Each step takes the whole text received so far and says how much of it is
// final, so it works on a growing stream as well as on a finished answer.
import { stripThinking } from '../../providers/stream/thinkTags';
import { partialMarkerLength } from '../../shared/markers';

/** Control tokens of the FIM model families; text from the first one on is never code. */
export const CONTROL_TOKENS = [
  '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|file_sep|>', '<|repo_name|>', '<|endoftext|>',
  '<|im_start|>', '<|im_end|>', '<|end|>', '<|eot_id|>', '<|end_of_text|>', '<|file_separator|>', '<|cursor|>',
  '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>', '<file_sep>', '<reponame>', '<filename>', '<gh_stars>',
  '<fim-prefix>', '<fim-suffix>', '<fim-middle>',
  '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<｜end▁of▁sentence｜>', '<｜begin▁of▁sentence｜>',
  '<PRE>', '<SUF>', '<MID>', '<EOT>', '</s>', '[PREFIX]', '[SUFFIX]', '[MIDDLE]',
  // U+FFFD: bytes the server sent were not UTF-8; what follows cannot be trusted as code.
  '\uFFFD',
];

/** The result of one cleaning step: the usable text, and whether the model's answer is over. */
export interface Cleaned {
  text: string;
  /** The output reached something that ends it (a control token, a closing fence). */
  ended: boolean;
}

/** Cuts at the first control token; while streaming, holds back a tail that may become one. */
export function stripControlTokens(text: string, final: boolean): Cleaned {
  let cut = -1;
  for (const token of CONTROL_TOKENS) {
    const at = text.indexOf(token);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  if (cut >= 0) return { text: text.slice(0, cut), ended: true };
  if (final) return { text, ended: false };
  return { text: text.slice(0, text.length - partialMarkerLength(text, CONTROL_TOKENS)), ended: false };
}

/**
 * Removes a markdown fence around the code (chat models add one): an opening
 * ```lang line at the start and everything from a closing ``` line on. In
 * markdown a fence is content and stays.
 */
export function stripFences(text: string, final: boolean, fencesAreContent = false): Cleaned {
  if (fencesAreContent) return { text, ended: false };
  let body = text;
  const leading = /^\s*```/.exec(body);
  if (leading) {
    const nl = body.indexOf('\n', leading[0].length);
    // Until the fence line is complete we cannot know where the code starts.
    if (nl < 0) return { text: '', ended: final };
    body = body.slice(nl + 1);
  } else if (!final && /^\s*`{1,2}$/.test(body)) {
    return { text: '', ended: false };
  }
  const closing = /(^|\n)[ \t]*```/.exec(body);
  const glued = gluedFence(body);
  if (closing && (glued < 0 || closing.index < glued)) return { text: body.slice(0, closing.index), ended: true };
  if (glued >= 0) return { text: body.slice(0, glued), ended: true };
  if (!final) {
    // A last line of backticks may become a closing fence, and so may backticks after code.
    const lastLine = body.slice(body.lastIndexOf('\n') + 1);
    if (/^[ \t]*`{1,2}$/.test(lastLine)) return { text: body.slice(0, body.length - lastLine.length), ended: false };
    const tail = /[^`\s][ \t]*(`{1,2})$/.exec(lastLine);
    if (tail && !/["']/.test(lastLine)) return { text: body.slice(0, body.length - tail[1]!.length), ended: false };
  }
  return { text: body, ended: false };
}

/**
 * Where a fence glued to the end of a line of code starts (`foo()```, or `a```js` opening
 * another block), or -1. Not inside a line with a quote, where backticks may be a string's.
 */
function gluedFence(body: string): number {
  const re = /[^`\s][ \t]*(```[\w+#.-]*[ \t]*)(?=\n|$)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const at = m.index + m[0].length - m[1]!.length;
    const lineStart = body.lastIndexOf('\n', at - 1) + 1;
    if (!/["']/.test(body.slice(lineStart, at))) return body.slice(0, at).trimEnd().length;
  }
  return -1;
}

const FENCED_LANGUAGES = new Set(['markdown', 'mdx', 'quarto', 'rmd']);

/** All cleaning steps in order: reasoning, then control tokens, then fences. */
export function cleanModelOutput(raw: string, final: boolean, languageId = ''): Cleaned {
  const thought = stripThinking(raw, final);
  const tokens = stripControlTokens(thought.text, final);
  const fenced = stripFences(tokens.text, final || tokens.ended, FENCED_LANGUAGES.has(languageId));
  return { text: fenced.text, ended: tokens.ended || fenced.ended };
}
