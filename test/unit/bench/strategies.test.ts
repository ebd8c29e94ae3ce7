import { strict as assert } from 'node:assert';
import type { Suggestion } from '../../../src/completion/core/types';
import { AdaptiveDebounceStrategy, AdaptiveDebouncer } from '../../../bench/strategies/adaptiveDebounce';
import { FixedDebounceStrategy } from '../../../bench/strategies/fixedDebounce';
import { HOLD_MS, KeepThroughStrategy } from '../../../bench/strategies/keepThrough';
import { NoAbortStrategy, POLL_MS } from '../../../bench/strategies/noAbort';
import { NoAbortDebouncedStrategy } from '../../../bench/strategies/noAbortDebounced';
import type { StrategyDeps } from '../../../bench/strategies/types';
import { Doc, FakeBackend, flush, ManualTime } from '../completion/fakes';

const START = 'function add(a: number, b: number) {\n  return ';
const END = '\n}\n';

function setup<S>(make: (deps: StrategyDeps) => S) {
  const time = new ManualTime();
  const fake = new FakeBackend(time);
  const strategy = make({ backend: fake.backend, clock: time, timers: time, maxTokens: 64 });
  const doc = new Doc(START + END, START.length);
  return { time, fake, strategy, doc };
}

/** Starts a call the way VS Code does, keeping its cancellation and its result. */
function call(strategy: { provide(i: ReturnType<Doc['input']>, s: AbortSignal): Promise<Suggestion | undefined> }, doc: Doc) {
  const controller = new AbortController();
  const result: { value?: Suggestion; settled: boolean } = { settled: false };
  const promise = strategy.provide(doc.input(), controller.signal).then((s) => {
    result.value = s;
    result.settled = true;
    return s;
  });
  return { cancel: () => controller.abort(), result, promise };
}

describe('strategy models (injected clock and backend)', () => {
  describe('no-abort (llama.vscode)', () => {
    it('never closes a request, however the user types on, and asks one at a time', async () => {
      const { time, fake, strategy, doc } = setup((d) => new NoAbortStrategy(d));
      const first = call(strategy, doc);
      await flush();
      assert.equal(fake.streams.length, 1);
      first.cancel();
      doc.type('x');
      const second = call(strategy, doc);
      await time.advance(POLL_MS * 3);
      assert.equal(fake.streams.length, 1, 'no second request while the first is in progress');
      fake.last.push('a + b;');
      fake.last.end();
      await time.advance(POLL_MS);
      assert.equal(fake.streams[0]!.aborted, false, 'the first request was never aborted');
      assert.equal(first.result.settled, true);
      // The cache does not fit `x`, so the waiting call asks once the first is done.
      assert.equal(fake.streams.length, 2);
      second.cancel();
      doc.type('y');
      call(strategy, doc);
      await time.advance(POLL_MS * 2);
      assert.equal(fake.streams.every((s) => !s.aborted), true);
    });

    it('serves typing through a finished answer from its line cache and asks ahead after showing', async () => {
      const { time, fake, strategy, doc } = setup((d) => new NoAbortStrategy(d));
      const first = call(strategy, doc);
      await flush();
      fake.last.push('a + b;');
      fake.last.end();
      assert.equal((await first.promise)?.text, 'a + b;');
      await time.advance(1);
      assert.equal(fake.streams.length, 2, 'a request for the state after accepting');
      assert.equal(fake.last.request.prefix, START + 'a + b;');
      doc.type('a');
      const typed = call(strategy, doc);
      await time.advance(1);
      assert.equal((await typed.promise)?.text, ' + b;');
      assert.equal(typed.result.value?.source, 'cache');
    });
  });

  describe('no-abort-debounced (twinny)', () => {
    it('waits 300 ms after the last call and queues requests one at a time', async () => {
      const { time, fake, strategy, doc } = setup((d) => new NoAbortDebouncedStrategy(d));
      const first = call(strategy, doc);
      await time.advance(200);
      doc.type('a');
      call(strategy, doc);
      assert.equal(first.result.settled, false);
      await time.advance(299);
      assert.equal(fake.streams.length, 0, 'the timer restarted with the second call');
      await time.advance(1);
      assert.equal(fake.streams.length, 1);
      doc.type(' ');
      call(strategy, doc);
      await time.advance(300);
      assert.equal(fake.streams.length, 1, 'the next request waits for the lock');
      fake.streams[0]!.push(' + b;');
      fake.streams[0]!.end();
      await time.advance(1);
      assert.equal(fake.streams.length, 2);
      assert.equal(fake.streams[0]!.aborted, false);
    });
  });

  describe('fixed-debounce (Continue)', () => {
    it('goes at once after a quiet spell, then waits 350 ms and goes only for the last call', async () => {
      const { time, fake, strategy, doc } = setup((d) => new FixedDebounceStrategy(d));
      call(strategy, doc);
      await flush();
      assert.equal(fake.streams.length, 1, 'the first call after a quiet spell is not delayed');
      doc.type('z');
      const second = call(strategy, doc);
      await time.advance(100);
      doc.type('z');
      call(strategy, doc);
      await time.advance(349);
      assert.equal(fake.streams.length, 1);
      await time.advance(1);
      assert.equal(second.result.settled, true);
      assert.equal(second.result.value, undefined, 'a call superseded during its wait goes nowhere');
      assert.equal(fake.streams.length, 2, 'the last call goes after 350 ms');
      assert.equal(fake.streams[0]!.aborted, true, 'the stream that no longer fits is replaced');
    });

    it('reuses the in-flight stream while the user types what it produces', async () => {
      const { time, fake, strategy, doc } = setup((d) => new FixedDebounceStrategy(d));
      const first = call(strategy, doc);
      await flush();
      fake.last.push('a + b;\n');
      first.cancel();
      await time.advance(400);
      doc.type('a');
      const typed = call(strategy, doc);
      await flush();
      fake.last.push('  // sum\n');
      fake.last.end();
      assert.equal((await typed.promise)?.text, ' + b;\n  // sum');
      assert.equal(typed.result.value?.source, 'stream');
      assert.equal(fake.streams.length, 1);
      assert.equal(fake.last.aborted, false);
    });
  });

  describe('adaptive-debounce (Tabby)', () => {
    it('waits between 100 and 1,000 ms from typing speed, context and latency', () => {
      const d = new AdaptiveDebouncer();
      assert.equal(d.delayFor(0, { triggerCharacter: 'a', isLineEnd: false, isDocumentEnd: false, estimatedResponseMs: 0 }), 600);
      assert.equal(d.delayFor(5000, { triggerCharacter: '(', isLineEnd: true, isDocumentEnd: false, estimatedResponseMs: 0 }), 330);
      assert.equal(d.delayFor(10000, { triggerCharacter: 'a', isLineEnd: false, isDocumentEnd: false, estimatedResponseMs: 900 }), 100);
      // A fast typist: the base interval follows the mean gap once more than 20 gaps were seen.
      let t = 20000;
      for (let i = 0; i < 25; i++) d.delayFor((t += 80), { triggerCharacter: 'a', isLineEnd: false, isDocumentEnd: false, estimatedResponseMs: 0 });
      assert.equal(d.delayFor((t += 80), { triggerCharacter: 'a', isLineEnd: false, isDocumentEnd: false, estimatedResponseMs: 0 }), 300);
      assert.equal(d.delayFor((t += 2000), { triggerCharacter: 'a', isLineEnd: false, isDocumentEnd: false, estimatedResponseMs: 0 }), 300, 'a pause is not a typing gap');
    });

    it('aborts the request in flight when the call is cancelled', async () => {
      const { time, fake, strategy, doc } = setup((d) => new AdaptiveDebounceStrategy(d));
      const first = call(strategy, doc);
      await time.advance(600);
      assert.equal(fake.streams.length, 1);
      first.cancel();
      await flush();
      assert.equal(fake.streams[0]!.aborted, true);
    });
  });

  describe('keep-through (Copilot)', () => {
    it('holds a result until 200 ms after the call, keeps a matching request and cancels one that diverged', async () => {
      const { time, fake, strategy, doc } = setup((d) => new KeepThroughStrategy(d));
      const first = call(strategy, doc);
      await flush();
      fake.last.push('a + b;');
      fake.last.end();
      await time.advance(HOLD_MS - 1);
      assert.equal(first.result.settled, false, 'held until 200 ms after the call');
      await time.advance(1);
      assert.equal(first.result.value?.text, 'a + b;');
      // A new spot: a request; typing what it has produced so far keeps it.
      doc.type('a + b;\n  ');
      call(strategy, doc).cancel();
      await flush();
      const kept = fake.last;
      kept.push('return');
      await flush();
      doc.type('r');
      const typing = call(strategy, doc);
      await flush();
      assert.equal(kept.aborted, false);
      assert.equal(fake.streams.length, 2, 'the call waits for the matching request instead of asking again');
      typing.cancel();
      doc.type('x');
      call(strategy, doc);
      await flush();
      assert.equal(kept.aborted, true, 'cancelled once it no longer matches');
    });
  });
});
