import * as assert from 'node:assert/strict';
import type { CompareResult, CompareRow } from '../../../src/speed/core/compare';
import { compareFinishedMessage } from '../../../src/speed/core/compareSummary';
import type { FigureSummary } from '../../../src/speed/core/stats';
import type { SpeedSample } from '../../../src/providers/types';

const figure = (p50: number): FigureSummary => ({ count: 3, p50, p90: p50, mean: p50, min: p50, max: p50 });

function row(providerName: string, kind: CompareRow['kind'], rate: number | null): CompareRow {
  return {
    profileId: providerName.toLowerCase(),
    providerName,
    model: 'm',
    kind,
    runs: 3,
    failures: 0,
    ttftMs: figure(40),
    tokensPerSecond: rate === null ? null : figure(rate),
    serverTokensPerSecond: null,
    totalMs: figure(300),
    completionTokens: figure(90),
  };
}

function result(rows: CompareRow[], extra: Partial<CompareResult> = {}): CompareResult {
  return { startedAt: 0, finishedAt: 1, runsPerProvider: 3, cancelled: false, rows, samples: new Array<SpeedSample>(12).fill({} as SpeedSample), failures: [], ...extra };
}

describe('Compare Providers finish message', () => {
  it('names the fastest provider in one short line', () => {
    const message = compareFinishedMessage(result([row('Slow', 'chat', 60), row('Cerebras', 'chat', 2000), row('Cerebras', 'completion', 1500)]));
    assert.equal(message, 'Comparison finished: Cerebras fastest at 2,000 tok/s.');
  });

  it('shortens a long provider name so the toast is not cut off', () => {
    const message = compareFinishedMessage(result([row('My very own llama.cpp server on the workstation', 'chat', 724)]));
    assert.equal(message, 'Comparison finished: My very own llama.cpp… fastest at 724 tok/s.');
    assert.ok(message.length <= 80, `${message.length} characters`);
  });

  it('counts failed requests against all requests, and says when it was cancelled', () => {
    const failures = [{ profileId: 'x', kind: 'chat' as const, run: 1, errorKind: 'timeout', message: 'No first token' }];
    assert.equal(
      compareFinishedMessage(result([row('Groq', 'chat', 950)], { failures, cancelled: true })),
      'Comparison cancelled: Groq fastest at 950 tok/s; 1 of 13 requests failed.',
    );
  });

  it('leaves out the fastest provider when nothing measured a rate', () => {
    assert.equal(compareFinishedMessage(result([row('Groq', 'chat', null)], { samples: [] })), 'Comparison finished.');
  });
});
