import * as assert from 'node:assert/strict';
import { LiveSpeedMeter, type LiveSnapshot } from '../../../src/speed/core/liveMeter';
import { ManualTime, sample } from './fakes';

const start = { profileId: 'groq', providerName: 'Groq', model: 'm', kind: 'completion' as const };

/** Feeds a steady stream: `rate` tokens/second from `ttftMs`, one progress event per `stepMs`. */
function stream(meter: LiveSpeedMeter, time: ManualTime, id: number, rate: number, ttftMs: number, durationMs: number, stepMs = 5) {
  meter.onStart({ ...start, requestId: id });
  time.advance(ttftMs);
  let elapsed = ttftMs;
  meter.onProgress({ requestId: id, tokens: 1, elapsedMs: elapsed, ttftMs });
  while (elapsed < ttftMs + durationMs) {
    time.advance(stepMs);
    elapsed += stepMs;
    const tokens = 1 + Math.floor(((elapsed - ttftMs) * rate) / 1000);
    meter.onProgress({ requestId: id, tokens, elapsedMs: elapsed, ttftMs });
  }
}

describe('LiveSpeedMeter', () => {
  it('publishes at most ten snapshots a second however fast tokens arrive', () => {
    const time = new ManualTime();
    const meter = new LiveSpeedMeter(time, time);
    const published: { at: number; snapshot: LiveSnapshot }[] = [];
    meter.onUpdate((snapshot) => published.push({ at: time.now(), snapshot }));
    stream(meter, time, 1, 3000, 50, 2000, 1);
    for (let i = 1; i < published.length; i++) {
      assert.ok(published[i].at - published[i - 1].at >= 100, `updates ${published[i - 1].at} and ${published[i].at} too close`);
    }
    // About twenty over 2.05 s: not starved either.
    assert.ok(published.length >= 19 && published.length <= 22, `${published.length} updates`);
  });

  it('shows the decode rate of the stream from the provider layer’s elapsed times', () => {
    const time = new ManualTime();
    const meter = new LiveSpeedMeter(time, time);
    let last: LiveSnapshot | undefined;
    meter.onUpdate((s) => (last = s));
    stream(meter, time, 7, 1000, 120, 1000);
    time.advance(100);
    const live = last!.active!;
    assert.equal(live.requestId, 7);
    assert.equal(live.ttftMs, 120);
    assert.ok(Math.abs(live.tokensPerSecond! - 1000) < 10, `${live.tokensPerSecond}`);
  });

  it('withholds a live figure until enough decode time has passed', () => {
    const time = new ManualTime();
    const meter = new LiveSpeedMeter(time, time, { minDecodeMs: 50, minDecodeTokens: 3 });
    meter.onStart({ ...start, requestId: 1 });
    assert.equal(meter.snapshot().active!.tokensPerSecond, null);
    meter.onProgress({ requestId: 1, tokens: 4, elapsedMs: 100, ttftMs: 100 });
    meter.onProgress({ requestId: 1, tokens: 30, elapsedMs: 120, ttftMs: 100 });
    assert.equal(meter.snapshot().active!.tokensPerSecond, null);
    meter.onProgress({ requestId: 1, tokens: 54, elapsedMs: 150, ttftMs: 100 });
    assert.equal(meter.snapshot().active!.tokensPerSecond, 1000);
  });

  it('sends a trailing update so the end of a stream is never lost to throttling', () => {
    const time = new ManualTime();
    const meter = new LiveSpeedMeter(time, time);
    const published: LiveSnapshot[] = [];
    meter.onUpdate((s) => published.push(s));
    meter.onStart({ ...start, requestId: 1 });
    meter.onProgress({ requestId: 1, tokens: 3, elapsedMs: 10, ttftMs: 10 });
    const done = sample({ profileId: 'groq' });
    meter.onEnd({ requestId: 1, sample: done });
    assert.equal(published.length, 1);
    assert.ok(published[0].active);
    time.advance(100);
    assert.equal(published.length, 2);
    assert.equal(published[1].active, undefined);
    assert.equal(published[1].lastMeasured, done);
    assert.equal(time.pendingTimers, 0);
  });

  it('shows the most recently started of overlapping requests and remembers the last measured one', () => {
    const time = new ManualTime();
    const meter = new LiveSpeedMeter(time, time);
    meter.onStart({ ...start, requestId: 1, kind: 'chat' });
    meter.onStart({ ...start, requestId: 2 });
    assert.equal(meter.snapshot().active!.requestId, 2);
    assert.equal(meter.snapshot().activeCount, 2);
    const failed = sample({ ttftMs: null, error: 'timeout' });
    meter.onEnd({ requestId: 2, sample: failed });
    assert.equal(meter.snapshot().active!.requestId, 1);
    assert.equal(meter.snapshot().lastEnded, failed);
    assert.equal(meter.snapshot().lastMeasured, undefined);
    const ok = sample({ kind: 'chat' });
    meter.onEnd({ requestId: 1, sample: ok });
    assert.equal(meter.snapshot().active, undefined);
    assert.equal(meter.snapshot().lastMeasured, ok);
  });

  it('ignores progress for requests it never saw start and stops publishing once disposed', () => {
    const time = new ManualTime();
    const meter = new LiveSpeedMeter(time, time);
    let count = 0;
    meter.onUpdate(() => count++);
    meter.onProgress({ requestId: 99, tokens: 5, elapsedMs: 5, ttftMs: 5 });
    assert.equal(count, 0);
    meter.onStart({ ...start, requestId: 1 });
    meter.onProgress({ requestId: 1, tokens: 5, elapsedMs: 5, ttftMs: 5 });
    meter.dispose();
    time.advance(1000);
    assert.equal(count, 1);
    assert.equal(time.pendingTimers, 0);
  });

  it('calibrates the live count with the tokens per character the server reported before', () => {
    const time = new ManualTime();
    const meter = new LiveSpeedMeter(time, time);
    // A model whose tokens are 2 characters long, streamed at 500 tokens/second; the provider
    // layer's estimate (4 characters a token) sees half of them.
    const run = (id: number, model = 'm') => {
      meter.onStart({ ...start, model, requestId: id });
      for (let t = 0; t <= 400; t += 5) {
        const chars = 2 * (1 + Math.floor((t * 500) / 1000));
        meter.onProgress({ requestId: id, tokens: Math.ceil(chars / 4), chars, elapsedMs: 50 + t, ttftMs: 50 });
        time.advance(5);
      }
      return meter.snapshot().active!;
    };
    const first = run(1);
    assert.equal(first.calibrated, false);
    assert.ok(Math.abs(first.tokensPerSecond! - 250) < 5, `${first.tokensPerSecond}`);
    meter.onEnd({ requestId: 1, sample: sample({ profileId: 'groq', model: 'm', completionTokens: 201, tokensEstimated: false }) });
    const second = run(2);
    assert.equal(second.calibrated, true);
    assert.ok(Math.abs(second.tokensPerSecond! - 500) < 5, `${second.tokensPerSecond}`);
    assert.equal(second.tokens, 201);
    // Another model keeps its own ratio; an estimated count teaches nothing.
    assert.equal(run(3, 'other').calibrated, false);
    meter.onEnd({ requestId: 2, sample: sample({ profileId: 'groq', model: 'm', completionTokens: 1, tokensEstimated: true }) });
    assert.ok(Math.abs(run(4).tokensPerSecond! - 500) < 5);
  });
});

describe('LiveSpeedMeter calibration storage', () => {
  it('restores saved ratios and ignores implausible ones', () => {
    const time = new ManualTime();
    const meter = new LiveSpeedMeter(time, time);
    meter.restoreCalibration({ 'groq\u0000m': 0.5, bad: 'x', huge: 1e6, zero: 0 });
    assert.deepEqual(meter.calibration(), { 'groq\u0000m': 0.5 });
    meter.restoreCalibration(null);
    meter.onStart({ ...start, requestId: 1 });
    assert.equal(meter.snapshot().active!.calibrated, true);
  });
});
