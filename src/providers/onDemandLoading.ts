// Servers that load a model when a request names it (Ollama; LM Studio with just-in-time model
// loading) do not answer 503 meanwhile: they hold the request open and send nothing until the
// model is in memory, seconds for a small model and a minute or more for a large one. To the
// client that looks like a slow first token. When the first token is late, the client asks the
// server whether the model is in memory (Ollama `GET /api/ps`, LM Studio `GET /api/v0/models/{id}`);
// "not loaded" puts the request in the same loading state as a 503 `Loading model`, so the status
// bar says "loading model…" instead of leaving the user to guess. vLLM does not listen before its
// model is loaded: that is a refused connection, reported as the server not running.

/** How long without a first token before the server is asked whether it is loading the model. */
export const LOAD_CHECK_AFTER_MS = 1000;

/** Whether the server has the model in memory; undefined when it cannot tell. */
export type ModelLoadedProbe = (model: string, signal: AbortSignal) => Promise<boolean | undefined>;

/** Ollama names a model without a tag as its `latest`. */
function ollamaName(model: string): string {
  return model.includes(':') ? model : `${model}:latest`;
}

/** Reads Ollama's `/api/ps` (the models in memory): whether `model` is one of them. */
export function ollamaModelLoaded(body: unknown, model: string): boolean | undefined {
  const models = (body as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) return undefined;
  const wanted = ollamaName(model);
  return models.some((m) => {
    const entry = m as { name?: unknown; model?: unknown } | null;
    return [entry?.name, entry?.model].some((name) => typeof name === 'string' && ollamaName(name) === wanted);
  });
}

/** Reads LM Studio's `/api/v0/models/{id}`: `state` is "loaded" or "not-loaded". */
export function lmStudioModelLoaded(body: unknown): boolean | undefined {
  const state = (body as { state?: unknown } | null)?.state;
  if (state === 'loaded') return true;
  if (state === 'not-loaded') return false;
  return undefined;
}

/**
 * The probe for a preset whose server loads models on demand, or undefined. `root` is the
 * server's address without `/v1`; `get` fetches a URL as JSON (failures resolve to undefined).
 */
export function modelLoadedProbe(presetId: string, root: string, get: (url: string, signal: AbortSignal) => Promise<unknown>): ModelLoadedProbe | undefined {
  if (presetId === 'ollama') return async (model, signal) => ollamaModelLoaded(await get(`${root}/api/ps`, signal), model);
  if (presetId === 'lmstudio') return async (model, signal) => lmStudioModelLoaded(await get(`${root}/api/v0/models/${encodeURIComponent(model)}`, signal));
  return undefined;
}
