import * as assert from 'node:assert/strict';
import { until } from '../support/until';
import type { GenerationStream, SpeedSample, StreamDelta, StreamOutcome } from '../../../src/providers/types';
import { runComparison, type CompareClient, type ComparePlan } from '../../../src/speed/core/compare';
import { COMPARE_CHAT_REQUEST, COMPARE_FIM_REQUEST } from '../../../src/speed/core/comparePrompts';
import { comparisonToCsv, comparisonToJson } from '../../../src/speed/core/export';
import { sample } from './fakes';

/** A stream that yields one delta, waits for `hold` (if any) or the abort, then settles. */
function fakeStream(result: SpeedSample | Error, signal: AbortSignal, hold?: Promise<void>): GenerationStream {
  let settle!: (o: StreamOutcome) => void;
  let fail!: (e: Error) => void;
  const outcome = new Promise<StreamOutcome>((resolve, reject) => ((settle = resolve), (fail = reject)));
  outcome.catch(() => undefined);
  return {
    outcome,
    async *[Symbol.asyncIterator](): AsyncIterator<StreamDelta> {
      if (result instanceof Error) {
        fail(result);
        throw result;
      }
      yield { kind: 'content', text: 'x' };
      if (hold) await Promise.race([hold, new Promise((r) => signal.addEventListener('abort', r))]);
      const aborted = signal.aborted;
      settle({ text: 'x', reasoning: '', finishReason: null, aborted, sample: { ...result, aborted } });
    },
  };
}

function providerError(kind: string, message: string): Error {
  return Object.assign(new Error(message), { kind });
}

function client(profileId: string, rate: number, calls: string[], failWith?: Error, hold?: (call: number) => Promise<void>): CompareClient {
  const make = (kind: 'completion' | 'chat') => (_req: unknown, signal: AbortSignal) => {
    calls.push(`${profileId}:${kind}`);
    const s = sample({ profileId, providerName: profileId.toUpperCase(), model: `${profileId}-model`, kind, tokensPerSecond: rate, ttftMs: 1000 / rate });
    return fakeStream(failWith ?? s, signal, hold?.(calls.length));
  };
  return { streamFim: make('completion'), streamChat: make('chat') };
}

const plan: ComparePlan = { runs: 3, kinds: ['completion', 'chat'], fim: COMPARE_FIM_REQUEST, chat: COMPARE_CHAT_REQUEST };
let wall = 0;
const wallNow = () => (wall += 1000);

describe('Compare Providers runner', () => {
  it('interleaves providers run by run and summarises each provider and kind', async () => {
    const calls: string[] = [];
    const progress: number[] = [];
    const result = await runComparison(
      [
        { profileId: 'fast', providerName: 'FAST', client: client('fast', 2000, calls) },
        { profileId: 'slow', providerName: 'SLOW', client: client('slow', 100, calls) },
      ],
      plan,
      { signal: new AbortController().signal, wallNow, onProgress: (p) => progress.push(p.done) },
    );
    assert.deepEqual(calls.slice(0, 4), ['fast:completion', 'fast:chat', 'slow:completion', 'slow:chat']);
    assert.equal(calls.length, 12);
    assert.equal(progress.at(-1), 12);
    assert.equal(result.cancelled, false);
    assert.equal(result.samples.length, 12);
    assert.deepEqual(
      result.rows.map((r) => [r.profileId, r.kind, r.runs, r.tokensPerSecond!.p50]),
      [
        ['fast', 'completion', 3, 2000],
        ['fast', 'chat', 3, 2000],
        ['slow', 'completion', 3, 100],
        ['slow', 'chat', 3, 100],
      ],
    );
    assert.equal(result.rows[0].model, 'fast-model');
    const csv = comparisonToCsv(result).split('\r\n');
    assert.equal(csv.length, 6);
    assert.match(csv[1], /^fast,FAST,fast-model,completion,3,0,0\.5,0\.5,2000,2000,2000,,300,120$/);
    assert.equal(JSON.parse(comparisonToJson(result)).rows.length, 4);
  });

  it('records failures and skips the remaining runs after an error that will not go away', async () => {
    const calls: string[] = [];
    const result = await runComparison(
      [
        { profileId: 'nokey', providerName: 'NOKEY', client: client('nokey', 1, calls, providerError('auth', 'Invalid API key')) },
        { profileId: 'busy', providerName: 'BUSY', client: client('busy', 1, calls, providerError('rate-limited', '429')) },
      ],
      plan,
      { signal: new AbortController().signal, wallNow },
    );
    assert.equal(calls.filter((c) => c.startsWith('nokey')).length, 2);
    assert.equal(calls.filter((c) => c.startsWith('busy')).length, 6);
    assert.equal(result.failures.length, 8);
    assert.deepEqual(result.failures[0], { profileId: 'nokey', kind: 'completion', run: 1, errorKind: 'auth', message: 'Invalid API key' });
    assert.deepEqual(
      result.rows.map((r) => [r.profileId, r.kind, r.runs, r.failures, r.tokensPerSecond]),
      [
        ['nokey', 'completion', 0, 1, null],
        ['nokey', 'chat', 0, 1, null],
        ['busy', 'completion', 0, 3, null],
        ['busy', 'chat', 0, 3, null],
      ],
    );
  });

  it('aborts the request in flight when cancelled and keeps what was measured', async () => {
    const calls: string[] = [];
    const controller = new AbortController();
    // The first run finishes at once; the second hangs until it is aborted.
    const hold = (call: number) => (call === 1 ? Promise.resolve() : new Promise<void>(() => undefined));
    const target = { profileId: 'p', providerName: 'P', client: client('p', 500, calls, undefined, hold) };
    const running = runComparison([target], { ...plan, kinds: ['chat'] }, {
      signal: controller.signal,
      wallNow,
      onProgress: (p) => {
        // Abort once the second run has started (and hangs).
        if (p.done === 1) void until(() => calls.length === 2, 'the second run to start').then(() => controller.abort());
      },
    });
    const result = await running;
    assert.equal(result.cancelled, true);
    assert.equal(calls.length, 2);
    assert.equal(result.samples.length, 1);
    assert.equal(result.failures.length, 0);
    assert.equal(result.rows[0].runs, 1);
  });
});
