// Predicted outputs (OpenAI and Cerebras `prediction: {type: 'content', content}`):
// the answer's tokens that the prediction already contains are written
// `speedup` times faster than the decode rate, the others at the decode rate,
// and the usage reports accepted and rejected prediction tokens, as the
// providers describe them. Only for streamed chat requests that carry a
// prediction while `predictedOutputs` is configured.
import { diffArrays } from 'diff';
import { epochNow, type Exchange } from './exchange';
import { envelope, type AnswerContext } from './flavours';
import type { Generation } from './generate';
import { createShape, sse } from './shapes';
import { splitTokens } from './tokens';

export interface PredictionPlan {
  /** Milliseconds after the first token at which each token is due. */
  dueMs: number[];
  accepted: number;
  rejected: number;
}

export function predictionText(body: Record<string, unknown>): string | undefined {
  const p = body.prediction as { type?: unknown; content?: unknown } | undefined;
  if (!p || p.type !== 'content') return undefined;
  if (typeof p.content === 'string') return p.content;
  // The API also takes content parts.
  if (Array.isArray(p.content)) return p.content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join('');
  return undefined;
}

export function planPrediction(generation: Generation, prediction: string, tokensPerSecond: number, speedup: number): PredictionPlan {
  const answer = generation.tokens.map((t) => t.text);
  const predicted = splitTokens(prediction);
  const fromPrediction = new Array<boolean>(answer.length).fill(false);
  let at = 0;
  let accepted = 0;
  for (const part of diffArrays(predicted, answer)) {
    if (part.removed) continue;
    if (!part.added) {
      for (let i = 0; i < part.value.length; i++) fromPrediction[at + i] = true;
      accepted += part.value.length;
    }
    at += part.value.length;
  }
  const dueMs: number[] = [];
  let t = 0;
  for (let i = 0; i < answer.length; i++) {
    dueMs.push(t);
    t += (1000 / tokensPerSecond) / (fromPrediction[i] ? speedup : 1);
  }
  return { dueMs, accepted, rejected: predicted.length - accepted };
}

export function runPredictedStream(
  ex: Exchange, ctx: AnswerContext, pacing: { ttftMs: number; tokensPerSecond: number }, plan: PredictionPlan, receivedPerf: number,
): void {
  const { ttftMs, tokensPerSecond } = pacing;
  const shape = createShape(ctx);
  const tokens = ctx.generation.tokens;
  const firstAt = receivedPerf + ttftMs;
  let sent = 0;
  ex.writeHead(200, { 'content-type': shape.contentType, 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': ctx.id });
  const tick = (): void => {
    const elapsed = performance.now() - firstAt;
    if (elapsed < 0) return ex.setTimer(tick, -elapsed, true);
    let due = sent;
    while (due < tokens.length && plan.dueMs[due] <= elapsed) due++;
    if (due > sent) {
      const text = tokens.slice(sent, due).map((t) => t.text).join('');
      if (sent === 0) ex.record.firstTokenAt = epochNow();
      ex.write((sent === 0 ? shape.opening() : '') + shape.tokens(text, 'content', due));
      sent = due;
      ex.record.tokensSent = sent;
    }
    if (sent < tokens.length) return ex.setTimer(tick, Math.max(0, plan.dueMs[sent] - elapsed));
    const usage = {
      prompt_tokens: ctx.generation.promptTokens,
      completion_tokens: sent,
      total_tokens: ctx.generation.promptTokens + sent,
      completion_tokens_details: { reasoning_tokens: 0, accepted_prediction_tokens: plan.accepted, rejected_prediction_tokens: plan.rejected },
    };
    const stats = { promptTokens: ctx.generation.promptTokens, completionTokens: sent, reasoningTokens: 0, ttftMs, tokensPerSecond, startEpochMs: ex.record.receivedAt, endEpochMs: epochNow() };
    ex.end(sse({ ...envelope(ctx, 'chat.completion.chunk'), choices: [], usage }) + shape.closing(stats, true));
  };
  tick();
}
