import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { SERVER_DEFAULT_MODEL } from '../../../src/providers/types';
import {
  nameServerDefaults,
  percentile,
  summarizeBySeries,
  summarizeSeries,
  summarizeValues,
  summaryFor,
} from '../../../src/speed/core/stats';
import { ManualTime, sample } from './fakes';

describe('speed statistics', () => {
  it('interpolates percentiles between the closest ranks', () => {
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([7], 90), 7);
    assert.equal(percentile([1, 2, 3, 4], 50), 2.5);
    assert.equal(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90), 91);
    assert.equal(percentile([5, 1, 3], 0), 1);
    assert.equal(percentile([5, 1, 3], 100), 5);
    assert.equal(percentile([1, Number.NaN, 3], 50), 2);
  });

  it('keeps percentiles ordered and within the data', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }), (values) => {
        const s = summarizeValues(values)!;
        assert.ok(s.min <= s.p50 && s.p50 <= s.p90 && s.p90 <= s.max);
        assert.ok(s.min <= s.mean + 1e-9 && s.mean <= s.max + 1e-9);
        assert.equal(s.count, values.length);
      }),
    );
  });

  it('summarises only the latest N samples of a series, by the time they started', () => {
    const time = new ManualTime();
    const epoch = 1_700_000_000_000;
    // Ten slow requests long ago, then five fast ones: a window of five sees only the fast ones.
    const samples = [];
    for (let i = 0; i < 10; i++) {
      samples.push(sample({ startedAt: epoch + time.now(), ttftMs: 400, tokensPerSecond: 100 }));
      time.advance(60_000);
    }
    for (let i = 0; i < 5; i++) {
      samples.push(sample({ startedAt: epoch + time.now(), ttftMs: 40 + i, tokensPerSecond: 1000 + i * 10 }));
      time.advance(1_000);
    }
    const shuffled = [...samples].reverse();
    const recent = summarizeSeries(shuffled, 5)!;
    assert.equal(recent.requests, 5);
    assert.equal(recent.ttftMs!.p50, 42);
    assert.equal(recent.tokensPerSecond!.min, 1000);
    assert.equal(recent.lastStartedAt, epoch + 10 * 60_000 + 4_000);
    const all = summarizeSeries(shuffled, 100)!;
    assert.equal(all.requests, 15);
    assert.equal(all.tokensPerSecond!.p50, 100);
  });

  it('counts failed and cancelled requests but keeps failures out of the figures', () => {
    const s = summarizeSeries([
      sample({ ttftMs: 100, tokensPerSecond: 500 }),
      sample({ ttftMs: null, tokensPerSecond: null, error: 'timeout', totalMs: 20_000 }),
      sample({ ttftMs: 120, tokensPerSecond: 700, aborted: true, totalMs: 150 }),
      sample({ ttftMs: 5, tokensPerSecond: 9999, error: 'stream-broken' }),
    ])!;
    assert.equal(s.requests, 4);
    assert.equal(s.failed, 2);
    assert.equal(s.aborted, 1);
    assert.deepEqual([s.ttftMs!.min, s.ttftMs!.max], [100, 120]);
    assert.deepEqual([s.tokensPerSecond!.min, s.tokensPerSecond!.max], [500, 700]);
    // A cancelled request's total time says when the user moved on, not how long generation takes.
    assert.equal(s.totalMs!.count, 1);
  });

  it('keeps server figures apart from client figures', () => {
    const s = summarizeSeries([
      sample({ tokensPerSecond: 500, server: { tokensPerSecond: 800, source: 'groq x_groq.usage' } }),
      sample({ tokensPerSecond: 520, server: null }),
    ])!;
    assert.equal(s.tokensPerSecond!.count, 2);
    assert.equal(s.serverTokensPerSecond!.count, 1);
    assert.equal(s.serverTokensPerSecond!.p50, 800);
  });

  it('groups per provider profile and model, most recently used first', () => {
    const samples = [
      sample({ profileId: 'groq', model: 'a', startedAt: 1 }),
      sample({ profileId: 'cerebras', providerName: 'Cerebras', model: 'a', startedAt: 3 }),
      sample({ profileId: 'groq', model: 'b', startedAt: 2 }),
      sample({ profileId: 'groq', model: 'a', startedAt: 4 }),
    ];
    const summaries = summarizeBySeries(samples);
    assert.deepEqual(
      summaries.map((s) => [s.profileId, s.model, s.requests]),
      [
        ['groq', 'a', 2],
        ['cerebras', 'a', 1],
        ['groq', 'b', 1],
      ],
    );
    assert.equal(summaryFor(samples, 'cerebras', 'a')!.providerName, 'Cerebras');
    assert.equal(summaryFor(samples, 'cerebras', 'b'), null);
  });

  it('shows a server default request that failed before the server named its model under the model the profile was answered by', () => {
    const samples = [
      // The server was not up yet: nothing named the model.
      sample({ profileId: 'local', model: SERVER_DEFAULT_MODEL, startedAt: 1, error: 'connection-refused', ttftMs: null, tokensPerSecond: null }),
      sample({ profileId: 'local', model: 'qwen2.5-coder-7b', startedAt: 2 }),
      sample({ profileId: 'local', model: SERVER_DEFAULT_MODEL, startedAt: 3, error: 'timeout', ttftMs: null, tokensPerSecond: null }),
      sample({ profileId: 'groq', model: 'a', startedAt: 4 }),
    ];
    const rows = summarizeBySeries(samples).map((s) => [s.profileId, s.model, s.requests, s.failed]);
    assert.deepEqual(rows, [
      ['groq', 'a', 1, 0],
      ['local', 'qwen2.5-coder-7b', 3, 2],
    ]);
    assert.equal(summaryFor(samples, 'local', 'qwen2.5-coder-7b')!.requests, 3);
    assert.equal(summaryFor(samples, 'local', SERVER_DEFAULT_MODEL), null);
    // A profile no answer ever named keeps its own row.
    assert.deepEqual(
      summarizeBySeries([samples[0]]).map((s) => s.model),
      [SERVER_DEFAULT_MODEL],
    );
    assert.deepEqual(nameServerDefaults([samples[0], samples[3]]), [samples[0], samples[3]]);
  });
});
