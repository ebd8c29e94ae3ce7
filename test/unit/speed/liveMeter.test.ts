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

  it('calibrates the live estimate with the token counts the server reported before', () => {
    const time = new ManualTime();
    const meter = new LiveSpeedMeter(time, time);
    // The estimate counts 1 token per 4 characters; this model's tokens are 2 characters long.
    stream(meter, time, 1, 500, 50, 400);
    const first = meter.snapshot().active!;
    assert.equal(first.calibrated, false);
    assert.ok(Math.abs(first.tokensPerSecond! - 500) < 5);
    meter.onEnd({ requestId: 1, sample: sample({ profileId: 'groq', model: 'm', completionTokens: first.tokens * 2, tokensEstimated: false }) });
    stream(meter, time, 2, 500, 50, 400);
    const second = meter.snapshot().active!;
    assert.equal(second.calibrated, true);
    assert.ok(Math.abs(second.tokensPerSecond! - 1000) < 10, `${second.tokensPerSecond}`);
    // Another model keeps its own scale; an estimated count teaches nothing.
    meter.onStart({ ...start, model: 'other', requestId: 3 });
    assert.equal(meter.snapshot().active!.calibrated, false);
    meter.onEnd({ requestId: 2, sample: sample({ profileId: 'groq', model: 'm', completionTokens: 1, tokensEstimated: true }) });
    stream(meter, time, 4, 500, 50, 400);
    assert.ok(Math.abs(meter.snapshot().active!.tokensPerSecond! - 1000) < 10);
  });
});
