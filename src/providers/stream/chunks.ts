// Reads one streamed event, whatever route produced it: chat chunks (`choices[].delta`),
// legacy completions (`choices[].text`), Mistral FIM (chat-shaped) and llama.cpp
// `/infill` (top-level `content`). Unknown fields are ignored, never fatal.

export interface UsageReading {
  completionTokens?: number;
  promptTokens?: number;
  /** OpenAI `completion_tokens_details.{accepted,rejected}_prediction_tokens` (predicted outputs). */
  acceptedPredictionTokens?: number;
  rejectedPredictionTokens?: number;
}

export interface ChunkReading {
  content: string;
  reasoning: string;
  finishReason: string | null;
  usage?: UsageReading;
  /** The model the server says answered (`model` of an OpenAI-style chunk), when it says. */
  model?: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function readUsage(chunk: Json): UsageReading | undefined {
  const usage = isObject(chunk.usage) ? chunk.usage : undefined;
  const xGroq = isObject(chunk.x_groq) && isObject(chunk.x_groq.usage) ? chunk.x_groq.usage : undefined;
  const timings = isObject(chunk.timings) ? chunk.timings : undefined;
  const completionTokens =
    num(usage?.completion_tokens) ??
    num(xGroq?.completion_tokens) ??
    num(timings?.predicted_n) ??
    num(chunk.tokens_predicted) ??
    num(chunk.eval_count);
  const promptTokens =
    num(usage?.prompt_tokens) ?? num(xGroq?.prompt_tokens) ?? num(chunk.tokens_evaluated) ?? num(chunk.prompt_eval_count);
  const details = isObject(usage?.completion_tokens_details) ? usage.completion_tokens_details : undefined;
  const accepted = num(details?.accepted_prediction_tokens);
  const rejected = num(details?.rejected_prediction_tokens);
  if (completionTokens === undefined && promptTokens === undefined) return undefined;
  const reading: UsageReading = { completionTokens, promptTokens };
  if (accepted !== undefined) reading.acceptedPredictionTokens = accepted;
  if (rejected !== undefined) reading.rejectedPredictionTokens = rejected;
  return reading;
}

export function readChunk(raw: unknown): ChunkReading {
  const reading: ChunkReading = { content: '', reasoning: '', finishReason: null };
  if (!isObject(raw)) return reading;
  const choices = Array.isArray(raw.choices) ? raw.choices : [];
  // We always ask for one answer; other indexes would be another completion.
  const choice = choices.find((c): c is Json => isObject(c) && (c.index === undefined || c.index === 0));
  if (choice) {
    const delta = isObject(choice.delta) ? choice.delta : isObject(choice.message) ? choice.message : undefined;
    reading.content = str(delta?.content) || str(choice.text);
    // OpenRouter repeats `reasoning` in `reasoning_details`; one source is enough.
    reading.reasoning = str(delta?.reasoning_content) || str(delta?.reasoning);
    reading.finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
  } else if (typeof raw.content === 'string') {
    // llama.cpp native /infill and /completion events.
    reading.content = raw.content;
    if (raw.stop === true) reading.finishReason = str(raw.stop_type) || 'stop';
  }
  const usage = readUsage(raw);
  if (usage) reading.usage = usage;
  if (typeof raw.model === 'string' && raw.model.trim() !== '') reading.model = raw.model;
  return reading;
}
