import { strict as assert } from 'node:assert';
import { debounceDelay, isLikelyPausePoint, type DebounceInput } from '../../../src/completion/core/debounce';
import { IgnoredSuggestions } from '../../../src/completion/core/ignoredSuggestions';
import { ShowLatencyEstimate } from '../../../src/completion/core/showLatency';
import { MAX_DELAY_MS, MAX_IGNORED_WAIT_MS } from '../../../src/completion/core/tuning';
import { TypingCadence } from '../../../src/completion/core/typingCadence';

const base: DebounceInput = { mode: 'adaptive', fixedMs: 150, manual: false, expectedShowMs: 40, typingIntervalMs: 120, likelyPause: false };

describe('completion debounce', () => {
  it('does not wait for an endpoint that answers well within the typing rhythm', () => {
    assert.equal(debounceDelay({ ...base, expectedShowMs: 35, typingIntervalMs: 120 }), 0);
  });

  it('waits for a pause (1.5× the rhythm) when the endpoint is much slower than the rhythm', () => {
    assert.equal(debounceDelay({ ...base, expectedShowMs: 800, typingIntervalMs: 120 }), 180);
  });

  it('grows the wait between the two as the endpoint gets slower', () => {
    const waits = [60, 90, 120, 150, 180].map((ms) => debounceDelay({ ...base, expectedShowMs: ms, typingIntervalMs: 120 }));
    assert.deepEqual(waits, [0, 45, 90, 135, 180]);
  });

  it('caps the wait for very slow typists', () => {
    assert.equal(debounceDelay({ ...base, expectedShowMs: 5000, typingIntervalMs: 1400 }), MAX_DELAY_MS);
  });

  it('assumes a moderate rhythm before it has measured one', () => {
    assert.equal(debounceDelay({ ...base, expectedShowMs: 100, typingIntervalMs: undefined }), 0);
    assert.ok(debounceDelay({ ...base, expectedShowMs: 400, typingIntervalMs: undefined }) > 0);
  });

  it('does not wait where people usually pause, nor on a manual trigger', () => {
    assert.equal(debounceDelay({ ...base, expectedShowMs: 800, likelyPause: true }), 0);
    assert.equal(debounceDelay({ ...base, expectedShowMs: 800, manual: true }), 0);
  });

  it('fixed mode waits the configured time whatever the endpoint', () => {
    assert.equal(debounceDelay({ ...base, mode: 'fixed', fixedMs: 250, expectedShowMs: 10 }), 250);
    assert.equal(debounceDelay({ ...base, mode: 'fixed', fixedMs: 250, manual: true }), 0);
  });

  it('recognises pause points: a new line, after `(`, `= `, `: `', () => {
    assert.equal(isLikelyPausePoint('foo\n    '), true);
    assert.equal(isLikelyPausePoint('call('), true);
    assert.equal(isLikelyPausePoint('const x = '), true);
    assert.equal(isLikelyPausePoint('def f(a: '), true);
    assert.equal(isLikelyPausePoint('const xy'), false);
  });

  it('a user who keeps typing past the suggestions makes every request wait, pause points included, but not a manual one', () => {
    assert.equal(debounceDelay({ ...base, expectedShowMs: 20, ignoredWaitMs: 300 }), 300);
    assert.equal(debounceDelay({ ...base, expectedShowMs: 20, likelyPause: true, ignoredWaitMs: 300 }), 300);
    assert.equal(debounceDelay({ ...base, expectedShowMs: 20, contradictionWaitMs: 600, ignoredWaitMs: 300 }), 600, 'the longer wait counts');
    assert.equal(debounceDelay({ ...base, expectedShowMs: 20, manual: true, ignoredWaitMs: 300 }), 0);
  });

  describe('IgnoredSuggestions', () => {
    it('says nothing for one suggestion passed by, then waits 1.5× the rhythm and half a rhythm more per suggestion, up to a cap', () => {
      const ignored = new IgnoredSuggestions();
      assert.equal(ignored.waitMs(100), undefined);
      ignored.notePassedBy();
      assert.equal(ignored.waitMs(100), undefined, 'one wrong guess or a typo says nothing');
      ignored.notePassedBy();
      assert.equal(ignored.waitMs(100), 150);
      ignored.notePassedBy();
      assert.equal(ignored.waitMs(100), 200);
      assert.equal(ignored.waitMs(undefined), 500, 'the assumed 250 ms rhythm before one is measured');
      for (let i = 0; i < 20; i++) ignored.notePassedBy();
      assert.equal(ignored.waitMs(200), MAX_IGNORED_WAIT_MS);
    });

    it('one suggestion taken ends the run at once', () => {
      const ignored = new IgnoredSuggestions();
      for (let i = 0; i < 5; i++) ignored.notePassedBy();
      ignored.noteTaken();
      assert.equal(ignored.count, 0);
      assert.equal(ignored.waitMs(100), undefined);
    });
  });

  describe('TypingCadence (injected times)', () => {
    it('reports the median gap once three were seen, ignoring pauses', () => {
      const cadence = new TypingCadence(1500);
      for (const t of [0, 100, 220, 330]) cadence.record(t);
      assert.equal(cadence.intervalMs(), 110);
      cadence.record(5000); // a pause: not part of the rhythm
      cadence.record(5090);
      assert.equal(cadence.intervalMs(), 105);
    });

    it('knows nothing before three gaps', () => {
      const cadence = new TypingCadence();
      cadence.record(0);
      cadence.record(100);
      assert.equal(cadence.intervalMs(), undefined);
    });
  });

  describe('ShowLatencyEstimate', () => {
    it('uses its own request-to-showable times once it has three', () => {
      const estimate = new ShowLatencyEstimate(() => [900, 900, 900]);
      assert.equal(estimate.estimateMs(), 915);
      for (const ms of [40, 50, 45]) estimate.recordShowable(ms);
      assert.equal(estimate.estimateMs(), 45);
    });

    it('falls back to first-token times, then to a default', () => {
      const estimate = new ShowLatencyEstimate(() => [], 300);
      assert.equal(estimate.estimateMs(), 300);
      for (const ms of [30, 31, 29]) estimate.recordFirstToken(ms);
      assert.equal(estimate.estimateMs(), 45);
    });
  });
});
