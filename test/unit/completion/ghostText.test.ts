import { strict as assert } from 'node:assert';
import { debounceDelay } from '../../../src/completion/core/debounce';
import { CorrectionTiming, GhostTextTracker } from '../../../src/completion/core/ghostText';
import { DEFAULT_CORRECTION_WAIT_MS, MAX_CORRECTION_WAIT_MS } from '../../../src/completion/core/tuning';

const at = (prefix: string) => ({ docKey: 'a', offset: prefix.length, prefix, suffix: '\n' });

describe('ghost text on screen and the key just typed', () => {
  it('a key that departs from the ghost text mid-word contradicts it; typing it through does not', () => {
    const screen = new GhostTextTracker();
    screen.noteShown(at('let total = '), 'items.length;');
    assert.equal(screen.contradicts(at('let total = it')), false, 'typed through');
    assert.equal(screen.contradicts(at('let total = ix')), true, 'a typo');
    assert.equal(screen.contradicts(at('let total = count')), true, 'another word, still being typed');
    assert.equal(screen.contradicts(at('let total = count ')), false, 'past the word: the user went their own way');
    assert.equal(screen.contradicts(at('let total =')), false, 'deleting is not contradicting');
  });

  it('tells whether a key took the ghost text or passed it by, and passes each ghost text by once', () => {
    const screen = new GhostTextTracker();
    screen.noteShown(at('let total = '), 'items.length;');
    assert.equal(screen.verdict(at('let total = ')), undefined, 'nothing typed yet');
    assert.equal(screen.verdict(at('let total = zz')), 'passed-by');
    assert.equal(screen.verdict(at('let total = zzz')), undefined, 'already left');
    screen.noteShown(at('if (x) {'), '\n  return;');
    assert.equal(screen.verdict(at('if (x) {\n  ')), undefined, 'a line break and indentation say nothing');
    assert.equal(screen.verdict(at('if (x) {\n  q')), 'passed-by', 'departs after the indentation');
    screen.noteShown(at('if (x) {'), '\n  return;');
    assert.equal(screen.verdict(at('if (x) ')), undefined, 'a deletion is no verdict');
    screen.noteHidden();
    assert.equal(screen.verdict(at('if (x) {\n  q')), undefined, 'nothing on screen');
  });

  it('counts as taken: typing some of it, all of it and on, or some of it and then something else', () => {
    const screen = new GhostTextTracker();
    screen.noteShown(at('x = '), 'foo();');
    assert.equal(screen.verdict(at('x = fo')), 'taken');
    screen.noteShown(at('x = '), 'foo();');
    assert.equal(screen.verdict(at('x = foo();\n')), 'taken', 'typed to its end and went on');
    screen.noteShown(at('x = '), 'foo();');
    assert.equal(screen.verdict(at('x = fob')), 'taken', 'took some of it before leaving it');
  });

  it('ghost text shown while the user types along earlier ghost text is taken with it: leaving it is no pass', () => {
    const screen = new GhostTextTracker();
    screen.noteShown(at('x = '), 'foo();');
    assert.equal(screen.verdict(at('x = f')), 'taken');
    screen.noteShown(at('x = f'), 'oo();');
    assert.equal(screen.verdict(at('x = fz')), undefined, 'a typo in a suggestion being typed');
    // After leaving it, the next ghost text starts afresh.
    screen.noteShown(at('x = fz'), 'ap();');
    assert.equal(screen.verdict(at('x = fzq')), 'passed-by');
  });

  it('knows nothing once the ghost text is gone, or in another document', () => {
    const screen = new GhostTextTracker();
    screen.noteShown(at('x = '), 'foo();');
    assert.equal(screen.contradicts({ ...at('x = b'), docKey: 'b' }), false);
    screen.noteHidden();
    assert.equal(screen.contradicts(at('x = b')), false);
  });

  it('waits 600 ms after a contradicting key until it has seen the user correct three times, then past their slower corrections', () => {
    const timing = new CorrectionTiming();
    assert.equal(timing.waitMs(), DEFAULT_CORRECTION_WAIT_MS);
    let t = 0;
    for (const delay of [200, 260, 240]) {
      timing.noteEdit((t += 1000), { contradicts: true, deleted: false });
      timing.noteEdit((t += delay), { contradicts: false, deleted: true });
    }
    assert.equal(timing.waitMs(), 325, '1.25 × the slowest of 200, 260, 240 ms');
    // A deletion long after the key is a change of mind, not a correction; other typing in between resets.
    timing.noteEdit((t += 1000), { contradicts: true, deleted: false });
    timing.noteEdit((t += 5000), { contradicts: false, deleted: true });
    timing.noteEdit((t += 1000), { contradicts: true, deleted: false });
    timing.noteEdit((t += 100), { contradicts: false, deleted: false });
    timing.noteEdit((t += 100), { contradicts: false, deleted: true });
    assert.equal(timing.waitMs(), 325);
    for (let i = 0; i < 8; i++) {
      timing.noteEdit((t += 1000), { contradicts: true, deleted: false });
      timing.noteEdit((t += 1900), { contradicts: false, deleted: true });
    }
    assert.equal(timing.waitMs(), MAX_CORRECTION_WAIT_MS);
  });

  it('the debounce waits the correction time after a contradicting key, whatever the endpoint, but not at a pause point', () => {
    const base = { mode: 'adaptive' as const, fixedMs: 150, manual: false, typingIntervalMs: 120, likelyPause: false };
    assert.equal(debounceDelay({ ...base, expectedShowMs: 30 }), 0);
    assert.equal(debounceDelay({ ...base, expectedShowMs: 30, contradictionWaitMs: 600 }), 600);
    assert.equal(debounceDelay({ ...base, expectedShowMs: 5000, typingIntervalMs: 900, contradictionWaitMs: 300 }), 600, 'never shorter than the rhythm wait');
    assert.equal(debounceDelay({ ...base, expectedShowMs: 30, contradictionWaitMs: 600, likelyPause: true }), 0);
    assert.equal(debounceDelay({ ...base, expectedShowMs: 30, contradictionWaitMs: 600, manual: true }), 0);
    assert.equal(debounceDelay({ ...base, mode: 'fixed', expectedShowMs: 30, contradictionWaitMs: 600 }), 150, 'fixed means fixed');
  });
});
