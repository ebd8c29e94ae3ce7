// Recovers the text before and after the cursor from every request shape the
// extension may send, so the oracle can answer as a FIM model would.

export interface FimParts {
  prefix: string;
  suffix: string;
}

interface FimTemplate {
  prefix: string;
  suffix: string;
  middle: string;
  /** 'spm' = suffix first (Codestral's [SUFFIX]S[PREFIX]P). */
  order: 'psm' | 'spm';
  /** CodeLlama puts one space after <PRE> and before <SUF>. */
  padded?: boolean;
}

const TEMPLATES: FimTemplate[] = [
  { prefix: '<|fim_prefix|>', suffix: '<|fim_suffix|>', middle: '<|fim_middle|>', order: 'psm' }, // Qwen, CodeGemma
  { prefix: '<fim_prefix>', suffix: '<fim_suffix>', middle: '<fim_middle>', order: 'psm' }, // StarCoder
  { prefix: '<fim-prefix>', suffix: '<fim-suffix>', middle: '<fim-middle>', order: 'psm' },
  { prefix: '<｜fim▁begin｜>', suffix: '<｜fim▁hole｜>', middle: '<｜fim▁end｜>', order: 'psm' }, // DeepSeek-Coder
  { prefix: '<PRE>', suffix: '<SUF>', middle: '<MID>', order: 'psm', padded: true }, // CodeLlama
  { prefix: '[PREFIX]', suffix: '[SUFFIX]', middle: '', order: 'spm' }, // Codestral
];

/** Repository/file markers that may surround the code; removed before matching. */
const CONTEXT_TOKENS = [
  '<|repo_name|>', '<|file_sep|>', '<|file_separator|>', '<|endoftext|>', '<|fim_pad|>', '<|im_start|>', '<|im_end|>',
  '<file_sep>', '<reponame>', '<filename>', '<gh_stars>', '<|begin▁of▁sentence|>', '<｜begin▁of▁sentence｜>', '<s>', '</s>', '<EOT>',
];

/** Hole markers used by chat-style "fill in the middle" prompts. */
const HOLE_MARKERS = ['{{FILL_HERE}}', '<FILL_HERE>', '{{CURSOR}}', '<CURSOR>', '<|cursor|>', '{{HOLE}}', '<HOLE>'];

export function stripContextTokens(text: string): string {
  let out = text;
  for (const token of CONTEXT_TOKENS) out = out.split(token).join('');
  return out;
}

/** Splits a raw prompt that carries a model family's FIM tokens; null when it carries none. */
export function parseFimPrompt(prompt: string): FimParts | null {
  for (const t of TEMPLATES) {
    const p = prompt.lastIndexOf(t.prefix);
    const s = prompt.lastIndexOf(t.suffix);
    if (p < 0 || s < 0) continue;
    if (t.order === 'spm') {
      if (s > p) continue;
      return clean({ suffix: prompt.slice(s + t.suffix.length, p), prefix: prompt.slice(p + t.prefix.length) });
    }
    if (s < p) continue;
    const m = t.middle ? prompt.indexOf(t.middle, s) : -1;
    let prefix = prompt.slice(p + t.prefix.length, s);
    let suffix = prompt.slice(s + t.suffix.length, m < 0 ? undefined : m);
    if (t.padded) {
      prefix = prefix.replace(/^ /, '').replace(/ $/, '');
      suffix = suffix.replace(/ $/, '');
    }
    return clean({ prefix, suffix });
  }
  return null;
}

function clean(parts: FimParts): FimParts {
  return { prefix: stripContextTokens(parts.prefix), suffix: stripContextTokens(parts.suffix) };
}

/** Text of a chat message's content, which may be a string or an array of parts. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .join('');
  }
  return '';
}

export function lastUserMessage(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') return messageText(messages[i]?.content);
  }
  return '';
}

/** The FIM parts of a chat request: FIM tokens, a hole marker, or else the whole last user message as prefix. */
export function chatFimParts(body: Record<string, unknown>): FimParts {
  const text = lastUserMessage(body);
  const raw = parseFimPrompt(text);
  if (raw) return raw;
  for (const marker of HOLE_MARKERS) {
    const at = text.lastIndexOf(marker);
    if (at >= 0) return { prefix: text.slice(0, at), suffix: text.slice(at + marker.length) };
  }
  return { prefix: text, suffix: '' };
}

/** `/v1/completions`, Mistral `/v1/fim/completions`: prompt (raw FIM tokens allowed) and `suffix`. */
export function completionFimParts(body: Record<string, unknown>): FimParts {
  const prompt = promptText(body.prompt);
  const raw = parseFimPrompt(prompt);
  if (raw) return raw;
  return { prefix: stripContextTokens(prompt), suffix: typeof body.suffix === 'string' ? body.suffix : '' };
}

/** llama.cpp `/infill`: the model continues after input_prefix + prompt. */
export function infillFimParts(body: Record<string, unknown>): FimParts {
  const prefix = (typeof body.input_prefix === 'string' ? body.input_prefix : '') + promptText(body.prompt);
  return { prefix, suffix: typeof body.input_suffix === 'string' ? body.input_suffix : '' };
}

export function promptText(prompt: unknown): string {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && typeof prompt[0] === 'string') return prompt[0];
  return '';
}
