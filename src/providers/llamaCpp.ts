// What a llama.cpp server needs beyond the OpenAI-compatible routes: stop strings for the
// end-of-text tokens of GGUFs that do not mark them as end of generation (the token then
// arrives as text), and a chat answer bounded by the server's context (`/props` n_ctx), so a
// model that never stops is cut off well before it fills the context.

/** End-of-text tokens of common code models (DeepSeek-Coder, Qwen/StarCoder, ChatML, Qwen repo-level FIM). */
export const FIM_END_OF_TEXT = ['<|EOT|>', '<|endoftext|>', '<|im_end|>', '<|file_sep|>'];
/** In a chat answer `<|file_sep|>` is text a model may well write about; the others end it. */
export const CHAT_END_OF_TEXT = ['<|EOT|>', '<|endoftext|>', '<|im_end|>'];

/** A chat answer may use at most this share of the server's context. */
const CONTEXT_SHARE = 0.5;

/** `n_ctx` from a llama-server `/props` body (per slot: `default_generation_settings.n_ctx`), or undefined. */
export function contextSizeOf(props: unknown): number | undefined {
  if (typeof props !== 'object' || props === null) return undefined;
  const p = props as Record<string, unknown>;
  const settings = typeof p.default_generation_settings === 'object' && p.default_generation_settings !== null
    ? (p.default_generation_settings as Record<string, unknown>)
    : {};
  const n = settings.n_ctx ?? p.n_ctx;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The chat's max_tokens: the configured one, but at most half the server's context when it is known. */
export function boundedChatMaxTokens(configured: number, contextSize: number | undefined): number {
  if (contextSize === undefined) return configured;
  return Math.max(1, Math.min(configured, Math.floor(contextSize * CONTEXT_SHARE)));
}

/** Reads the server's context size once; a server without `/props` (or an error) leaves the limit as configured. */
export class ServerContextSize {
  private size?: Promise<number | undefined>;

  /** `readProps` fetches `/props` as JSON, resolving to undefined on any failure. */
  constructor(private readonly readProps: (signal: AbortSignal) => Promise<unknown>) {}

  get(signal: AbortSignal): Promise<number | undefined> {
    this.size ??= this.readProps(signal).then(contextSizeOf);
    const size = this.size;
    // A failure (an abort, a server still loading) is asked again next time.
    void size.then((n) => {
      if (n === undefined && this.size === size) this.size = undefined;
    });
    return size;
  }
}
