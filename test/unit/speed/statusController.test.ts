import * as assert from 'node:assert/strict';
import type { CompletionStatus } from '../../../src/speed/core/completionStatus';
import { SpeedHistory } from '../../../src/speed/core/history';
import { LiveSpeedMeter } from '../../../src/speed/core/liveMeter';
import { StatusController, fanOut, historyRecorder } from '../../../src/speed/core/statusController';
import { ManualTime, sample } from './fakes';

const EPOCH = 1_800_000_000_000;

function setup() {
  const time = new ManualTime();
  const meter = new LiveSpeedMeter(time, time);
  const history = new SpeedHistory(100);
  const controller = new StatusController({ meter, history, timers: time, wallNow: () => EPOCH + time.now() });
  const observer = fanOut([meter, historyRecorder(history)]);
  const texts: string[] = [];
  controller.onView((v) => texts.push(v.text));
  return { time, meter, history, controller, observer, texts };
}

const groq = { profileId: 'groq', providerName: 'Groq', model: 'g' };
const local = { profileId: 'local', providerName: 'llama.cpp', model: 'l' };

function request(observer: ReturnType<typeof fanOut>, time: ManualTime, id: number, who: typeof groq, rate: number) {
  observer.onStart!({ ...who, kind: 'completion', requestId: id });
  time.advance(40);
  for (let t = 0; t <= 500; t += 10) {
    observer.onProgress!({ requestId: id, tokens: 1 + (t * rate) / 1000, elapsedMs: 40 + t, ttftMs: 40 });
    time.advance(10);
  }
  observer.onEnd!({ requestId: id, sample: sample({ ...who, startedAt: EPOCH + time.now() - 550, ttftMs: 40, tokensPerSecond: rate }) });
  time.advance(200);
}

describe('StatusController', () => {
  it('goes from the live figure to the finished request’s figures, per current provider', () => {
    const { time, controller, observer, texts } = setup();
    controller.setProviders({ completion: groq, chat: groq });
    assert.equal(controller.view.text, '$(zap) Groq');
    request(observer, time, 1, groq, 600);
    assert.ok(texts.some((t) => /^\$\(zap\) Groq 6\d\d tok\/s$/.test(t)), texts.join('\n'));
    assert.equal(controller.view.text, '$(zap) Groq 600 tok/s · 40 ms');
    // Switching the completion provider: its own figures once it has answered, none before.
    controller.setProviders({ completion: local, chat: local });
    assert.equal(controller.view.text, '$(zap) llama.cpp');
    request(observer, time, 2, local, 90);
    assert.equal(controller.view.text, '$(zap) llama.cpp 90 tok/s · 40 ms');
    controller.setProviders({ completion: groq, chat: groq });
    assert.equal(controller.view.text, '$(zap) Groq 600 tok/s · 40 ms');
    assert.equal(controller.view.tooltip.rows.find(([k]) => k.startsWith('Decode p50'))![1], '600 tok/s / 600 tok/s');
  });

  it('follows the completion engine’s state and counts a cooldown down every second', () => {
    const { time, controller } = setup();
    controller.setProviders({ completion: groq });
    let status: CompletionStatus = { state: 'ready' };
    const listeners: ((s: CompletionStatus) => void)[] = [];
    controller.setCompletionStatus({
      get status() {
        return status;
      },
      onDidChange: (l) => {
        listeners.push(l);
        return { dispose: () => listeners.splice(listeners.indexOf(l), 1) };
      },
    });
    status = { state: 'disabled' };
    listeners.forEach((l) => l(status));
    assert.equal(controller.view.state, 'disabled');
    status = { state: 'ready' };
    listeners.forEach((l) => l(status));
    let until = time.now() + 3000;
    const gateListeners: (() => void)[] = [];
    controller.setCooldowns({ remainingMs: () => Math.max(0, until - time.now()), onChange: (l) => (gateListeners.push(l), { dispose: () => undefined }) });
    assert.equal(controller.view.text, '$(watch) Groq 3s');
    time.advance(1000);
    assert.equal(controller.view.text, '$(watch) Groq 2s');
    time.advance(2000);
    assert.equal(controller.view.state, 'idle');
    assert.equal(time.pendingTimers, 0);
    until = time.now() + 500;
    gateListeners.forEach((l) => l());
    assert.equal(controller.view.text, '$(watch) Groq 1s');
    controller.dispose();
    assert.equal(time.pendingTimers, 0);
    assert.equal(listeners.length, 0);
  });

  it('keeps a failing listener from breaking the others', () => {
    const seen: number[] = [];
    const errors: unknown[] = [];
    const observer = fanOut(
      [{ onStart: () => { throw new Error('boom'); } }, { onStart: (i) => seen.push(i.requestId) }],
      (e) => errors.push(e),
    );
    observer.onStart!({ ...groq, kind: 'chat', requestId: 5 });
    assert.deepEqual(seen, [5]);
    assert.equal(errors.length, 1);
  });
});

describe('StatusController after a switch of provider', () => {
  it('shows the new completion provider, not the chat figures from before the switch', () => {
    const { time, controller, observer } = setup();
    controller.setProviders({ completion: groq, chat: groq });
    request(observer, time, 1, groq, 600);
    controller.setProviders({ completion: local, chat: groq });
    assert.equal(controller.view.text, '$(zap) llama.cpp');
    // A chat answer from the chat provider after the switch is shown again.
    request(observer, time, 2, groq, 650);
    // Groq's figure pools its two requests (119 decode tokens at 600 and at 650 tok/s).
    assert.equal(controller.view.text, '$(zap) Groq 624 tok/s · 40 ms');
    request(observer, time, 3, local, 90);
    assert.equal(controller.view.text, '$(zap) llama.cpp 90 tok/s · 40 ms');
  });
});

describe('StatusController idle figures', () => {
  it('keeps the last figures when later requests were cancelled before measuring a rate', () => {
    const { time, controller, observer } = setup();
    controller.setProviders({ completion: groq, chat: groq });
    request(observer, time, 1, groq, 600);
    observer.onStart!({ ...groq, kind: 'completion', requestId: 2 });
    observer.onEnd!({ requestId: 2, sample: sample({ ...groq, startedAt: EPOCH + time.now(), ttftMs: 30, tokensPerSecond: null, aborted: true }) });
    time.advance(200);
    assert.equal(controller.view.text, '$(zap) Groq 600 tok/s · 40 ms');
    observer.onStart!({ ...groq, kind: 'completion', requestId: 3 });
    observer.onEnd!({ requestId: 3, sample: sample({ ...groq, startedAt: EPOCH + time.now(), ttftMs: 35, tokensPerSecond: 720, aborted: true }) });
    time.advance(200);
    // The figure pools the two requests that measured a rate (600 and 720 tok/s, as many tokens each).
    assert.equal(controller.view.text, '$(zap) Groq 655 tok/s · 35 ms');
  });
});
