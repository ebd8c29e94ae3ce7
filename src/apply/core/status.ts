// The one-line status an apply shows in its diff and notification: how the
// change was placed and how long it took; for a model merge also the first
// token, the decode rate and the predicted-output tokens the provider reported.
import type { ApplyMethod, ApplyResult } from './run';

const METHOD_LABELS: Record<ApplyMethod, string> = {
  'whole-file': 'the block is the whole file',
  anchors: 'placed by matching lines',
  declaration: 'placed by its declaration',
  'lazy-markers': 'placed around "existing code" markers',
  selection: 'replaces the selection',
  model: 'merged',
};

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function describeStreaming(model: string, elapsedMs: number): string {
  return `merging with ${model || 'the model'}… ${formatMs(elapsedMs)}`;
}

export function describeResult(result: ApplyResult, model: string): string {
  if (result.method !== 'model') return `${METHOD_LABELS[result.method]} in ${formatMs(result.elapsedMs)}`;
  const parts = [`merged by ${model || 'the model'} in ${formatMs(result.elapsedMs)}`];
  if (result.ttftMs !== undefined && result.ttftMs !== null) parts.push(`first token ${formatMs(result.ttftMs)}`);
  if (result.tokensPerSecond) parts.push(`${Math.round(result.tokensPerSecond).toLocaleString('en-US')} tok/s`);
  if (result.prediction) parts.push(`prediction ${result.prediction.accepted} accepted, ${result.prediction.rejected} rejected`);
  return parts.join(' · ');
}
