// The pooled decode figure: what the status bar shows for a provider and model. Streams are
// simulated on an injected clock, with chunk arrival times scattered by a seeded generator as
// a busy network and event loop scatter them, so every run sees the same times.
import * as assert from 'node:assert/strict';
import { buildSpeedSample, ChunkTimeline } from '../../../src/providers/stream/speed';
import type { ServerSpeed, SpeedSample } from '../../../src/providers/types';
import { figureHistory, promptCacheShare, speedFigure } from '../../../src/speed/core/figure';
import { SpeedHistory } from '../../../src/speed/core/history';
import { LiveSpeedMeter } from '../../../src/speed/core/liveMeter';
import { StatusController, fanOut, historyRecorder } from '../../../src/speed/core/statusController';
import { seededRandom } from '../../../bench/typing/typist';
import { figuresOf, ManualTime, sample } from './fakes';

const within = (value: number, target: number, tolerance = 0.1) => Math.abs(value - target) / target <= tolerance;
const who = { profileId: 'local', providerName: 'llama.cpp', model: 'qwen' };

interface Simulated {
  sample: SpeedSample;
  /** Per-request client figure, as the status bar used to show it. */
  single: number | null;
}

/**
 * One streamed answer of `tokens` tokens at `rate`, one token per chunk, each chunk late by up
 * to `jitterMs` (never before the one it follows), reported through the observer like the
 * provider layer does.
 */
function stream(
  observer: ReturnType<typeof fanOut>,
  time: ManualTime,
  id: number,
  rate: number,
  tokens: number,
  jitterMs: number,
  random: () => number,
  server: ServerSpeed | null = null,
): Simulated {
  observer.onStart!({ ...who, kind: 'completion', requestId: id });
  const startedAt = time.now();
  const ttft = 20;
  const timeline = new ChunkTimeline();
  let at = startedAt;
  for (let i = 0; i < tokens; i++) {
    const due = startedAt + ttft + (i * 1000) / rate + random() * jitterMs;
    at = Math.max(at, due);
    time.advance(at - time.now());
    timeline.add(at, 3);
    observer.onProgress!({ requestId: id, tokens: i + 1, chars: timeline.totalChars, elapsedMs: at - startedAt, ttftMs: ttft });
  }
  const sample = buildSpeedSample({
    ...who,
    kind: 'completion',
    startedAtWall: 1_800_000_000_000 + startedAt,
    startedAt,
    endedAt: time.now(),
    timeline,
    serverCompletionTokens: tokens,
    server,
    aborted: false,
  });
  observer.onEnd!({ requestId: id, sample });
  time.advance(300);
  return { sample, single: sample.tokensPerSecond };
}

function setup() {
  const time = new ManualTime();
  const meter = new LiveSpeedMeter(time, time);
  const history = new SpeedHistory(500);
  const controller = new StatusController({ meter, history, timers: time, wallNow: () => 1_800_000_000_000 + time.now() });
  controller.setProviders({ completion: who, chat: who });
  return { time, meter, history, controller, observer: fanOut([meter, historyRecorder(history)]) };
}

describe('the pooled decode figure', () => {
  it('adds up decode tokens and times (sum ÷ sum), not the rates of single requests', () => {
    const samples = [
      sample({ ...who, decode: { tokens: 1, ms: 0.2 }, tokensPerSecond: 5000 }),
      sample({ ...who, decode: { tokens: 99, ms: 99 }, tokensPerSecond: 1000 }),
    ];
    const figure = speedFigure(samples, { maxRequests: 20, enoughTokens: 2000, minClientTokens: 40, minClientRequests: 3 });
    assert.ok(figure);
    assert.equal(figure.basis, 'client');
    assert.ok(Math.abs(figure.tokensPerSecond - 100_000 / 99.2) < 1e-9, String(figure.tokensPerSecond));
    assert.equal(figure.tokens, 100);
    assert.equal(figure.requests, 2);
  });

  it('never shows the client figure of one request of a few tokens', () => {
    const short = [sample({ ...who, decode: { tokens: 3, ms: 0.9 }, tokensPerSecond: 3333 })];
    assert.equal(speedFigure(short), null);
    const few = Array.from({ length: 5 }, () => sample({ ...who, decode: { tokens: 4, ms: 2 }, tokensPerSecond: 2000 }));
    assert.equal(speedFigure(few), null, '20 tokens are not enough');
    const enough = Array.from({ length: 10 }, () => sample({ ...who, decode: { tokens: 4, ms: 2 }, tokensPerSecond: 2000 }));
    assert.equal(speedFigure(enough)?.tokensPerSecond, 2000);
  });

  it('prefers the server’s own figures, pooled by their decode tokens, and skips failures', () => {
    const server = (tokens: number, ms: number): ServerSpeed => ({
      tokensPerSecond: (tokens * 1000) / ms, decodeTokens: tokens, decodeMs: ms, source: 'llama.cpp timings (predicted_n − 1)/predicted_ms',
    });
    const samples = [
      sample({ ...who, server: server(1, 0.5), decode: { tokens: 1, ms: 3 } }),
      sample({ ...who, server: server(9, 4.5), decode: { tokens: 9, ms: 2 } }),
      sample({ ...who, error: 'server', server: server(10, 100) }),
      // Closed before the server said anything: nothing of its own to add.
      sample({ ...who, server: null, decode: { tokens: 2, ms: 9 } }),
    ];
    const figure = speedFigure(samples);
    assert.ok(figure);
    assert.equal(figure.basis, 'server');
    assert.equal(figure.tokensPerSecond, 2000);
    assert.equal(figure.requests, 2);
    assert.equal(figure.serverSource, 'llama.cpp timings (predicted_n − 1)/predicted_ms');
    // A provider that stopped sending figures is measured here once its last one is 20 requests old.
    const later = [...samples, ...Array.from({ length: 17 }, () => sample({ ...who, decode: { tokens: 5, ms: 5 } }))];
    assert.equal(speedFigure(later)?.basis, 'server');
    later.push(sample({ ...who, decode: { tokens: 5, ms: 5 } }), sample({ ...who, decode: { tokens: 5, ms: 5 } }));
    assert.equal(speedFigure(later)?.basis, 'client');
    assert.equal(figureHistory(later).length, later.length);
  });

  it('pools the prompt cache share the server reported', () => {
    const samples = [
      sample({ promptCache: { promptTokens: 1000, cachedTokens: 900 } }),
      sample({ promptCache: { promptTokens: 1000, cachedTokens: 940 } }),
      sample({}),
    ];
    assert.deepEqual(promptCacheShare(samples), { share: 0.92, requests: 2 });
    assert.equal(promptCacheShare([sample({})]), null);
  });

  for (const { rate, jitterMs } of [
    { rate: 2000, jitterMs: 1 },
    { rate: 60, jitterMs: 12 },
  ]) {
    it(`at ${rate} tok/s, completions of 2–10 tokens: 20 consecutive status bar figures within ±10%`, () => {
      const { time, controller, observer } = setup();
      const random = seededRandom(rate);
      const figures: (number | undefined)[] = [];
      const singles: number[] = [];
      for (let id = 1; id <= 30; id++) {
        const tokens = 2 + Math.floor(random() * 9);
        const { single } = stream(observer, time, id, rate, tokens, jitterMs, random);
        if (single !== null) singles.push(single);
        figures.push(figuresOf(controller.view.text).rate);
      }
      // No figure until enough tokens are behind one; then every one within ±10%.
      const first = figures.findIndex((f) => f !== undefined);
      assert.ok(first >= 0 && first <= 10, `first figure after ${first + 1} requests`);
      const shown = figures.slice(first, first + 20);
      assert.equal(shown.length, 20);
      for (const f of shown) assert.ok(f !== undefined && within(f, rate), `figures ${shown.join(', ')} vs ${rate}`);
      // What the pooling is for: single short requests measured here scatter well beyond ±10%.
      assert.ok(singles.some((s) => !within(s, rate)), `single figures ${singles.map(Math.round).join(', ')}`);
    });
  }

  it('the server’s own figure stands from the first request, whatever the chunk times', () => {
    const { time, controller, observer } = setup();
    const random = seededRandom(7);
    for (let id = 1; id <= 20; id++) {
      const tokens = 2 + Math.floor(random() * 9);
      const server: ServerSpeed = { tokensPerSecond: 2000, decodeTokens: tokens - 1, decodeMs: (tokens - 1) / 2, source: 'llama.cpp timings (predicted_n − 1)/predicted_ms' };
      stream(observer, time, id, 2000, tokens, 3, random, server);
      assert.equal(figuresOf(controller.view.text).rate, 2000, controller.view.text);
    }
    const rows = Object.fromEntries(controller.view.tooltip.rows);
    assert.match(rows['Shown: decode (server)'], /^2,000 tok\/s, the server's own figure, \d+ tokens over 20 requests$/);
  });

  for (const rate of [60, 300]) {
    it(`the live figure of a 300-token answer at ${rate} tok/s is within ±10% from 200 ms on`, () => {
      const { time, meter, controller, observer } = setup();
      const random = seededRandom(rate + 1);
      const live: { at: number; rate: number | undefined }[] = [];
      controller.onView((v) => {
        if (v.state === 'streaming') live.push({ at: time.now(), rate: figuresOf(v.text).rate });
      });
      // Chunks late by up to a third of a token's time, sometimes two tokens in one chunk.
      observer.onStart!({ ...who, kind: 'chat', requestId: 1 });
      const firstAt = 40;
      let chars = 0;
      for (let i = 0; i < 300; ) {
        const n = random() < 0.2 ? 2 : 1;
        i = Math.min(300, i + n);
        const at = firstAt + ((i - 1) * 1000) / rate + (random() * 1000) / rate / 3;
        if (at > time.now()) time.advance(at - time.now());
        chars += 4 * n;
        observer.onProgress!({ requestId: 1, tokens: i, chars, elapsedMs: time.now(), ttftMs: firstAt });
      }
      const after = live.filter((l) => l.at >= firstAt + 200 && l.rate !== undefined);
      assert.ok(after.length >= 2, `${after.length} live figures after 200 ms`);
      for (const l of after) assert.ok(within(l.rate!, rate), `live ${l.rate} at ${l.at} ms vs ${rate}`);
      meter.dispose();
    });
  }
});
