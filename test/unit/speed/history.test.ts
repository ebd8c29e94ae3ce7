import * as assert from 'node:assert/strict';
import { SpeedHistory, parseSample } from '../../../src/speed/core/history';
import { sample } from './fakes';

describe('SpeedHistory', () => {
  it('keeps only the newest samples up to the limit, ordered by start time', () => {
    const history = new SpeedHistory(3);
    for (const startedAt of [10, 30, 20, 40, 5]) history.add(sample({ startedAt }));
    assert.deepEqual(
      history.samples.map((s) => s.startedAt),
      [20, 30, 40],
    );
    assert.equal(history.latest!.startedAt, 40);
  });

  it('shrinks when the limit is lowered and keeps nothing at zero', () => {
    const history = new SpeedHistory(10, [1, 2, 3, 4].map((startedAt) => sample({ startedAt })));
    let changes = 0;
    history.onChange(() => changes++);
    history.setLimit(2);
    assert.deepEqual(history.samples.map((s) => s.startedAt), [3, 4]);
    history.setLimit(5);
    assert.equal(changes, 1);
    history.setLimit(0);
    history.add(sample());
    assert.equal(history.size, 0);
  });

  it('round-trips through JSON and drops stored records that do not validate', () => {
    const good = sample({
      server: { tokensPerSecond: 900, promptTokensPerSecond: 5000, source: 'llama.cpp timings', decodeTokens: 9, decodeMs: 10 },
      promptTokens: 42,
      decode: { tokens: 8.5, ms: 9.5 },
      promptCache: { promptTokens: 42, cachedTokens: 40 },
    });
    const history = new SpeedHistory(100, [good, sample({ ttftMs: null, tokensPerSecond: null, error: 'auth', aborted: false })]);
    const stored = JSON.parse(JSON.stringify(history.toJSON()));
    stored.samples.push({ profileId: 'x' }, null, { ...good, kind: 'other' }, { ...good, ttftMs: 'fast' }, { ...good, server: { source: 1 } });
    const restored = SpeedHistory.fromJSON(stored, 100);
    assert.deepEqual(restored.samples, history.samples);
    assert.equal(SpeedHistory.fromJSON(undefined, 10).size, 0);
    assert.equal(SpeedHistory.fromJSON({ samples: 'nope' }, 10).size, 0);
  });

  it('clears and tells listeners', () => {
    const history = new SpeedHistory(5, [sample()]);
    let changes = 0;
    const off = history.onChange(() => changes++);
    history.clear();
    history.clear();
    assert.equal(history.size, 0);
    assert.equal(changes, 1);
    off.dispose();
    history.add(sample());
    assert.equal(changes, 1);
  });

  it('parses a sample without optional fields', () => {
    const s = parseSample({ ...sample(), promptTokens: undefined, error: undefined });
    assert.ok(s);
    assert.equal('promptTokens' in s, false);
    assert.equal('error' in s, false);
  });
});
