// A prompt (KV) cache like the real servers keep, so a prompt laid out badly costs time to
// first token here as it does there. Two kinds:
//   - 'slots', as llama-server: N slots, each holding the tokens of its last request (prompt
//     and generated). A request goes to the idle slot whose cached tokens share the longest
//     common prefix with its prompt, if that prefix is more than `similarity` (0.1, llama-server's
//     --slot-prompt-similarity) of the prompt; otherwise to the least recently used idle slot.
//     Only the tokens after the common prefix are processed, and at least one always is. A slot
//     stays busy until its request ends, and after a client leaves, until the server notices
//     (one decode step later); with every slot busy, requests wait.
//   - 'prefix', as OpenAI-compatible clouds: the longest exact prefix shared with any of the
//     recent prompts is cached, whatever else is running.
import type { RouteKind } from './generate';
import { messageText, promptText } from './fim';
import { splitTokens } from './tokens';

export interface PromptCacheOptions {
  kind: 'slots' | 'prefix';
  /** llama-server's -np; for 'prefix', how many recent prompts are remembered [4 / 64]. */
  slots?: number;
  /** llama-server's --slot-prompt-similarity [0.1]. */
  similarity?: number;
  /**
   * llama-server's --cache-reuse N: after the common prefix, runs of at least N tokens that the
   * slot holds further on are shifted into place instead of processed again [0: off].
   */
  cacheReuse?: number;
}

type Body = Record<string, unknown>;

/** Special tokens that separate the parts of a prompt, so two parts never merge into one token. */
const MARK = { extra: '<|file_sep|>', prefix: '<|fim_prefix|>', suffix: '<|fim_suffix|>', middle: '<|fim_middle|>', start: '<|im_start|>', end: '<|im_end|>' };

/**
 * The prompt as the server lays it out in tokens: for /infill, llama-server's order (other
 * files, then prefix, suffix, middle); for chat, the messages in a ChatML-like template; for
 * completions with a suffix, prefix-suffix-middle.
 */
export function promptTokenList(route: RouteKind, body: Body): string[] {
  const out: string[] = [];
  const push = (mark: string, text: string) => {
    out.push(mark);
    for (const t of splitTokens(text)) out.push(t);
  };
  if (route === 'infill') {
    const extra = Array.isArray(body.input_extra) ? (body.input_extra as Body[]) : [];
    for (const e of extra) push(MARK.extra, `${String(e?.filename ?? '')}\n${String(e?.text ?? '')}`);
    push(MARK.prefix, String(body.input_prefix ?? ''));
    push(MARK.suffix, String(body.input_suffix ?? ''));
    push(MARK.middle, promptText(body.prompt));
    return out;
  }
  if (route === 'chat') {
    const messages = Array.isArray(body.messages) ? (body.messages as Body[]) : [];
    for (const m of messages) {
      push(MARK.start, `${String(m?.role ?? 'user')}\n${messageText(m?.content)}`);
      out.push(MARK.end);
    }
    out.push(MARK.start);
    return out;
  }
  const prompt = promptText(body.prompt);
  if (typeof body.suffix !== 'string') return splitTokens(prompt);
  push(MARK.prefix, prompt);
  push(MARK.suffix, body.suffix);
  out.push(MARK.middle);
  return out;
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/**
 * Tokens of `prompt` a slot holding `cached` need not process: the common prefix, and with
 * `reuse` > 0, every later run of at least `reuse` tokens found further on in the cache (the
 * cached tokens skipped to reach it are dropped), as llama-server's --cache-reuse does.
 */
export function reusedTokens(cached: readonly string[], prompt: readonly string[], reuse: number): number {
  let kept = commonPrefix(cached, prompt);
  if (reuse <= 0) return kept;
  let headCache = kept;
  let headPrompt = kept;
  while (headCache < cached.length && headPrompt < prompt.length) {
    let run = 0;
    while (headCache + run < cached.length && headPrompt + run < prompt.length && cached[headCache + run] === prompt[headPrompt + run]) run++;
    if (run >= reuse) {
      kept += run;
      headCache += run;
      headPrompt += run;
    } else {
      headCache += 1;
    }
  }
  return kept;
}

export interface CacheLease {
  slot: number;
  /** Prompt tokens taken from the cache. */
  cachedTokens: number;
  /** The request ended: the slot now holds the prompt and the tokens generated. Frees the slot after `noticeMs`. */
  release(generated: readonly string[], noticeMs?: number): void;
}

interface Slot {
  tokens: string[];
  busy: boolean;
  lastUsed: number;
}

export class PromptCache {
  private readonly slots: Slot[];
  private readonly waiting: { prompt: string[]; start: (lease: CacheLease) => void; slot?: number }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private clock = 0;

  constructor(readonly options: PromptCacheOptions) {
    const count = Math.max(1, Math.floor(options.slots ?? (options.kind === 'slots' ? 4 : 64)));
    this.slots = Array.from({ length: count }, () => ({ tokens: [], busy: false, lastUsed: 0 }));
  }

  /**
   * Runs `start` once a slot is free for `prompt` (at once when one is). `slot` asks for one
   * slot (llama-server's `id_slot`): the request waits for that one, whichever else is idle.
   */
  acquire(prompt: string[], start: (lease: CacheLease) => void, slot?: number): void {
    if (this.options.kind === 'prefix') return start(this.prefixLease(prompt));
    const wanted = slot !== undefined && slot >= 0 && slot < this.slots.length ? slot : undefined;
    const picked = this.pick(prompt, wanted);
    if (picked === undefined) {
      this.waiting.push({ prompt, start, ...(wanted !== undefined ? { slot: wanted } : {}) });
      return;
    }
    start(this.slotLease(picked, prompt));
  }

  /** Tokens each slot holds now (for tests). */
  contents(): string[][] {
    return this.slots.map((s) => [...s.tokens]);
  }

  busySlots(): number {
    return this.slots.filter((s) => s.busy).length;
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
  }

  private pick(prompt: string[], wanted?: number): number | undefined {
    if (wanted !== undefined) return this.slots[wanted].busy ? undefined : wanted;
    const threshold = this.options.similarity ?? 0.1;
    let best: number | undefined;
    let bestLength = 0;
    this.slots.forEach((slot, i) => {
      if (slot.busy || slot.tokens.length === 0) return;
      const length = commonPrefix(slot.tokens, prompt);
      if (length > bestLength && length / Math.max(1, prompt.length) > threshold) {
        best = i;
        bestLength = length;
      }
    });
    if (best !== undefined) return best;
    let lru: number | undefined;
    this.slots.forEach((slot, i) => {
      if (!slot.busy && (lru === undefined || slot.lastUsed < this.slots[lru].lastUsed)) lru = i;
    });
    return lru;
  }

  private slotLease(index: number, prompt: string[]): CacheLease {
    const slot = this.slots[index];
    slot.busy = true;
    slot.lastUsed = ++this.clock;
    // At least the last prompt token is processed again, to have logits to sample from.
    const cachedTokens = Math.min(reusedTokens(slot.tokens, prompt, this.options.cacheReuse ?? 0), Math.max(0, prompt.length - 1));
    let released = false;
    return {
      slot: index,
      cachedTokens,
      release: (generated, noticeMs = 0) => {
        if (released) return;
        released = true;
        slot.tokens = [...prompt, ...generated];
        const free = () => {
          slot.busy = false;
          slot.lastUsed = ++this.clock;
          this.next();
        };
        if (noticeMs <= 0) return free();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          free();
        }, noticeMs);
        timer.unref?.();
        this.timers.add(timer);
      },
    };
  }

  private prefixLease(prompt: string[]): CacheLease {
    let index = 0;
    let best = 0;
    this.slots.forEach((slot, i) => {
      const length = commonPrefix(slot.tokens, prompt);
      if (length > best) {
        best = length;
        index = i;
      }
    });
    if (best === 0) index = this.slots.reduce((lru, s, i) => (s.lastUsed < this.slots[lru].lastUsed ? i : lru), 0);
    const slot = this.slots[index];
    slot.lastUsed = ++this.clock;
    return {
      slot: index,
      cachedTokens: Math.min(best, Math.max(0, prompt.length - 1)),
      release: () => {
        // Clouds cache the prompt they processed; keep the longer of the two when one extends the other.
        if (commonPrefix(slot.tokens, prompt) < prompt.length) slot.tokens = [...prompt];
      },
    };
  }

  private next(): void {
    for (let i = 0; i < this.waiting.length; i++) {
      const slot = this.pick(this.waiting[i].prompt, this.waiting[i].slot);
      if (slot === undefined) continue;
      const [wait] = this.waiting.splice(i, 1);
      wait.start(this.slotLease(slot, wait.prompt));
      i--;
    }
  }
}
