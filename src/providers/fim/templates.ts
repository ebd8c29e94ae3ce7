// Fill-in-the-middle prompt templates per model family, for servers that expose only a
// plain completions route. Token spellings follow each family's tokenizer; the stop lists
// hold the tokens a model emits when it is done or starts a new file.
import type { ContextSnippet, FimRequest, FimTemplateId } from '../types';

export interface FimTemplate {
  id: FimTemplateId;
  /** The prompt for one request. */
  build(req: FimRequest): string;
  /** Most important first: some servers accept only four stop strings. */
  stop: string[];
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
  qwen: {
    id: 'qwen',
    build: (r) => `${qwenContext(r.extraContext ?? [], r.filePath)}<|fim_prefix|>${r.prefix}<|fim_suffix|>${r.suffix}<|fim_middle|>`,
    stop: ['<|endoftext|>', '<|fim_prefix|>', '<|file_sep|>', '<|im_end|>', '<|fim_pad|>', '<|fim_suffix|>', '<|fim_middle|>', '<|repo_name|>'],
  },
  codellama: {
    id: 'codellama',
    // CodeLlama's infilling format puts a space after <PRE> and before <MID>.
    build: (r) => `<PRE> ${r.prefix} <SUF>${r.suffix} <MID>`,
    stop: ['<EOT>', '<PRE>', '<SUF>', '<MID>'],
  },
  deepseek: {
    id: 'deepseek',
    build: (r) => `<｜fim▁begin｜>${r.prefix}<｜fim▁hole｜>${r.suffix}<｜fim▁end｜>`,
    stop: ['<｜end▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<|EOT|>'],
  },
  starcoder: {
    id: 'starcoder',
    build: (r) => `${starcoderContext(r.extraContext ?? [], r.filePath)}<fim_prefix>${r.prefix}<fim_suffix>${r.suffix}<fim_middle>`,
    stop: ['<|endoftext|>', '<fim_prefix>', '<file_sep>', '<fim_suffix>', '<fim_middle>'],
  },
  codestral: {
    id: 'codestral',
    // Codestral reads the suffix first: [SUFFIX]suffix[PREFIX]prefix.
    build: (r) => `[SUFFIX]${r.suffix}[PREFIX]${r.prefix}`,
    stop: ['</s>', '[PREFIX]', '[SUFFIX]', '[MIDDLE]', '[INST]'],
  },
  codegemma: {
    id: 'codegemma',
    build: (r) => `${codegemmaContext(r.extraContext ?? [])}<|fim_prefix|>${r.prefix}<|fim_suffix|>${r.suffix}<|fim_middle|>`,
    stop: ['<|file_separator|>', '<|fim_prefix|>', '<end_of_turn>', '<eos>', '<|fim_suffix|>', '<|fim_middle|>'],
  },
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
