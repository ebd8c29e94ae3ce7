// What a server's /v1/models says about each model beyond its id: the context window and
// the output limit, under the names the providers use. Absent when the server does not say.

export interface ModelDetails {
  id: string;
  /** Tokens of prompt plus answer the model accepts. */
  contextTokens?: number;
  /** Tokens the model may write in one answer. */
  maxOutputTokens?: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined);

export function readModelDetails(entry: unknown): ModelDetails | undefined {
  if (!isObject(entry) || typeof entry.id !== 'string' || entry.id === '') return undefined;
  const top = isObject(entry.top_provider) ? entry.top_provider : {};
  const meta = isObject(entry.meta) ? entry.meta : {};
  const contextTokens =
    positive(entry.context_length) ?? // OpenRouter, Together
    positive(entry.context_window) ?? // Groq
    positive(entry.max_model_len) ?? // vLLM
    positive(top.context_length) ??
    positive(meta.n_ctx_train); // llama.cpp
  const maxOutputTokens = positive(entry.max_completion_tokens) ?? positive(top.max_completion_tokens) ?? positive(entry.max_output_tokens);
  return {
    id: entry.id,
    ...(contextTokens !== undefined ? { contextTokens } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
  };
}
