import * as assert from 'node:assert/strict';
import { comparisonBars, cumulative, decodeRateOf, overTime, seriesOf, ttftOf } from '../../../src/webview/dashboard/chartData';
import { summarizeComparison } from '../../../src/speed/core/compare';
import { parseDashboardRequest, isDashboardUpdate } from '../../../src/shared/dashboardProtocol';
import { sample } from './fakes';

describe('dashboard chart data', () => {
  const samples = [
    sample({ profileId: 'groq', providerName: 'Groq', model: 'a', startedAt: 1000, ttftMs: 100, tokensPerSecond: 500 }),
    sample({ profileId: 'cerebras', providerName: 'Cerebras', model: 'a', startedAt: 2000, ttftMs: 50, tokensPerSecond: 2000 }),
    sample({ profileId: 'groq', providerName: 'Groq', model: 'a', startedAt: 3000, ttftMs: 300, tokensPerSecond: 700 }),
    sample({ profileId: 'groq', providerName: 'Groq', model: 'a', startedAt: 4000, ttftMs: null, tokensPerSecond: null, error: 'timeout' }),
  ];

  it('aligns each provider’s points on one time axis with gaps elsewhere', () => {
    const series = seriesOf(samples);
    assert.deepEqual(series.map((s) => s.label), ['Groq · a', 'Cerebras · a']);
    const data = overTime(series, ttftOf);
    assert.deepEqual(data.x, [1, 2, 3]);
    assert.deepEqual(data.ys, [
      [100, null, 300],
      [null, 50, null],
    ]);
    assert.deepEqual(overTime(series, decodeRateOf).ys[1], [null, 2000, null]);
    // The status bar's pooled figure: Groq's two requests of 119 decode tokens at 500 and 700 tok/s.
    const groq = overTime(series, decodeRateOf).ys[0];
    assert.equal(groq[0], 500);
    assert.ok(Math.abs((groq[2] as number) - (2 * 119) / (119 / 500 + 119 / 700)) < 1e-9, String(groq[2]));
  });

  it('draws distributions as the cumulative share of requests at or below each value', () => {
    const data = cumulative(seriesOf(samples), ttftOf, 5);
    assert.deepEqual(data.x, [50, 100, 150, 200, 250, 300]);
    assert.deepEqual(data.ys[0], [0, 0.5, 0.5, 0.5, 0.5, 1]);
    assert.deepEqual(data.ys[1], [1, 1, 1, 1, 1, 1]);
    assert.deepEqual(cumulative([], ttftOf), { x: [], ys: [] });
  });

  it('lays comparison rows out as bars per provider and kind', () => {
    const rows = summarizeComparison(
      [
        { profileId: 'groq', providerName: 'Groq' },
        { profileId: 'cerebras', providerName: 'Cerebras' },
      ],
      ['completion', 'chat'],
      [
        sample({ profileId: 'groq', kind: 'completion', tokensPerSecond: 600 }),
        sample({ profileId: 'groq', kind: 'chat', tokensPerSecond: 650 }),
        sample({ profileId: 'cerebras', kind: 'chat', tokensPerSecond: 2100 }),
      ],
      [{ profileId: 'cerebras', kind: 'completion', run: 1, errorKind: 'not-supported', message: 'no' }],
    );
    const bars = comparisonBars({ startedAt: 0, finishedAt: 0, runsPerProvider: 1, cancelled: false, rows, samples: [], failures: [] }, (r) => r.tokensPerSecond?.p50);
    assert.deepEqual(bars.labels, ['Groq', 'Cerebras']);
    assert.deepEqual(bars.kinds, ['completion', 'chat']);
    assert.deepEqual(bars.ys, [
      [600, null],
      [650, 2100],
    ]);
  });
});

describe('dashboard protocol', () => {
  it('accepts only well-formed requests from the webview', () => {
    assert.deepEqual(parseDashboardRequest({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseDashboardRequest({ type: 'export', what: 'compare', format: 'csv' }), { type: 'export', what: 'compare', format: 'csv' });
    assert.equal(parseDashboardRequest({ type: 'export', what: '../etc', format: 'csv' }), undefined);
    assert.equal(parseDashboardRequest({ type: 'rendered', charts: -1 }), undefined);
    assert.equal(parseDashboardRequest({ type: 'runCommand' }), undefined);
    assert.equal(parseDashboardRequest('ready'), undefined);
    assert.ok(isDashboardUpdate({ type: 'sample', sample: {} }));
    assert.ok(!isDashboardUpdate({ type: 'eval' }));
  });
});
