// Fill-in-the-middle prompt templates per model family, for servers that expose only a
// plain completions route. Token spellings follow each family's tokenizer; the stop lists
// hold the tokens a model emits when it is done or starts a new file.
import type { ContextSnippet, FimRequest, FimTemplateId } from '../types';

export interface FimTemplate {
  id: FimTemplateId;
  /** The prompt for one request; the user's text cannot contain the family's special tokens (see `neutraliseTokens`). */
  build(req: FimRequest): string;
  /** Most important first: some servers accept only four stop strings. */
  stop: string[];
  /** Every spelling the family's tokenizer reads as a control token: the template's markers and its stops. */
  special: string[];
}

/** Put inside a special token found in the user's text, so the tokenizer reads plain characters. */
export const TOKEN_BREAK = '\u200B';

/**
 * Breaks every occurrence of `tokens` in `text` with a zero-width space after its first
 * character. Servers parse special tokens inside a raw prompt, so a file that contains
 * `<|fim_middle|>` (a test of this very extension, say) would otherwise end the prefix early
 * and let the file's text steer the template.
 */
export function neutraliseTokens(text: string, tokens: readonly string[]): string {
  let out = text;
  for (const token of tokens) {
    if (out.includes(token)) out = out.split(token).join(token[0] + TOKEN_BREAK + token.slice(1));
  }
  return out;
}

/** The request with its user text (code, file names, other files) made safe for one family. */
function safeRequest(req: FimRequest, tokens: readonly string[]): FimRequest {
  const clean = (text: string) => neutraliseTokens(text, tokens);
  return {
    ...req,
    prefix: clean(req.prefix),
    suffix: clean(req.suffix),
    ...(req.filePath !== undefined ? { filePath: clean(req.filePath) } : {}),
    ...(req.extraContext ? { extraContext: req.extraContext.map((s) => ({ filename: clean(s.filename), text: clean(s.text) })) } : {}),
  };
}

/** A template whose `build` sees only neutralised user text. */
function template(id: FimTemplateId, markers: string[], stop: string[], build: (req: FimRequest) => string): FimTemplate {
  const special = [...new Set([...markers, ...stop])].sort((a, b) => b.length - a.length);
  return { id, stop, special, build: (req) => build(safeRequest(req, special)) };
}

const qwenContext = (snippets: ContextSnippet[], filePath: string | undefined) =>
  snippets.length === 0
    ? ''
    : `<|repo_name|>workspace\n${snippets.map((s) => `<|file_sep|>${s.filename}\n${s.text}\n`).join('')}<|file_sep|>${filePath ?? 'current'}\n`;

const starcoderContext = (snippets: ContextSnippet[], filePath: string | undefined) =>
  snippets.length === 0 ? '' : `${snippets.map((s) => `<file_sep>${s.filename}\n${s.text}\n`).join('')}<file_sep>${filePath ?? 'current'}\n`;

const codegemmaContext = (snippets: ContextSnippet[]) =>
  snippets.map((s) => `<|file_separator|>${s.filename}\n${s.text}\n`).join('');

export const FIM_TEMPLATES: Record<FimTemplateId, FimTemplate> = {
  qwen: template(
    'qwen',
    ['<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|repo_name|>', '<|file_sep|>'],
    ['<|endoftext|>', '<|fim_prefix|>', '<|file_sep|>', '<|im_end|>', '<|fim_pad|>', '<|fim_suffix|>', '<|fim_middle|>', '<|repo_name|>'],
    (r) => `${qwenContext(r.extraContext ?? [], r.filePath)}<|fim_prefix|>${r.prefix}<|fim_suffix|>${r.suffix}<|fim_middle|>`,
  ),
  codellama: template(
    'codellama',
    ['<PRE>', '<SUF>', '<MID>'],
    ['<EOT>', '<PRE>', '<SUF>', '<MID>'],
    // CodeLlama's infilling format puts a space after <PRE> and before <MID>.
    (r) => `<PRE> ${r.prefix} <SUF>${r.suffix} <MID>`,
  ),
  deepseek: template(
    'deepseek',
    ['<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>'],
    ['<｜end▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<|EOT|>'],
    (r) => `<｜fim▁begin｜>${r.prefix}<｜fim▁hole｜>${r.suffix}<｜fim▁end｜>`,
  ),
  starcoder: template(
    'starcoder',
    ['<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<file_sep>'],
    ['<|endoftext|>', '<fim_prefix>', '<file_sep>', '<fim_suffix>', '<fim_middle>'],
    (r) => `${starcoderContext(r.extraContext ?? [], r.filePath)}<fim_prefix>${r.prefix}<fim_suffix>${r.suffix}<fim_middle>`,
  ),
  codestral: template(
    'codestral',
    ['[SUFFIX]', '[PREFIX]'],
    ['</s>', '[PREFIX]', '[SUFFIX]', '[MIDDLE]', '[INST]'],
    // Codestral reads the suffix first: [SUFFIX]suffix[PREFIX]prefix.
    (r) => `[SUFFIX]${r.suffix}[PREFIX]${r.prefix}`,
  ),
  codegemma: template(
    'codegemma',
    ['<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|file_separator|>'],
    ['<|file_separator|>', '<|fim_prefix|>', '<end_of_turn>', '<eos>', '<|fim_suffix|>', '<|fim_middle|>'],
    (r) => `${codegemmaContext(r.extraContext ?? [])}<|fim_prefix|>${r.prefix}<|fim_suffix|>${r.suffix}<|fim_middle|>`,
  ),
};

const FAMILY_PATTERNS: [RegExp, FimTemplateId][] = [
  [/codestral/i, 'codestral'],
  [/codegemma/i, 'codegemma'],
  [/code-?llama/i, 'codellama'],
  [/deepseek[-_.]?coder/i, 'deepseek'],
  [/star-?coder|stable-?code/i, 'starcoder'],
  [/qwen[-_.]?(2\.5|2p5|3|2)?[-_.]?coder/i, 'qwen'],
];

/** Guesses the FIM template from a model name; undefined when the family is unknown. */
export function guessFimTemplate(model: string): FimTemplateId | undefined {
  for (const [pattern, id] of FAMILY_PATTERNS) if (pattern.test(model)) return id;
  return undefined;
}

/** The stops to send: the caller's first (they shape the answer), then the template's. */
export function mergeStops(requested: readonly string[] | undefined, template: readonly string[], max: number): { sent: string[]; all: string[] } {
  const all = [...new Set([...(requested ?? []), ...template])].filter((s) => s !== '');
  return { sent: all.slice(0, max), all };
}
