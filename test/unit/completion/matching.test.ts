import { strict as assert } from 'node:assert';
import { relate, remainingAfter, typedSince, type CursorState } from '../../../src/completion/core/matching';
import type { Anchor } from '../../../src/completion/core/session';

const doc = 'function add(a, b) {\n  return ';
const anchor: Anchor = { docKey: 'd', offset: doc.length, prefix: doc, suffix: '\n}\n', languageId: 'typescript', speculative: false };
const state = (typed: string, suffix = '\n}\n', docKey = 'd'): CursorState => ({ docKey, offset: doc.length + typed.length, prefix: doc + typed, suffix });

describe('stream keep/abort decisions', () => {
  it('continues while the typed text is a prefix of the output', () => {
    assert.deepEqual(relate(anchor, 'a + b;', true, state('a +')), { kind: 'continues', typed: 'a +' });
    assert.deepEqual(relate(anchor, 'a + b;', false, state('')), { kind: 'continues', typed: '' });
  });

  it('continues while the user typed past what has arrived, as long as it agrees so far', () => {
    assert.deepEqual(relate(anchor, 'a', true, state('a + b')), { kind: 'continues', typed: 'a + b' });
    // Finished streams cannot catch up.
    assert.equal(relate(anchor, 'a', false, state('a + b')).kind, 'diverged');
  });

  it('diverges when the typed text disagrees with the output', () => {
    assert.deepEqual(relate(anchor, 'a + b;', true, state('a -')), { kind: 'diverged', why: 'text' });
  });

  it('diverges on backspace past the anchor, another document, or a cursor elsewhere', () => {
    const back: CursorState = { docKey: 'd', offset: doc.length - 1, prefix: doc.slice(0, -1), suffix: ' \n}\n' };
    assert.equal(relate(anchor, 'a + b;', true, back).kind, 'diverged');
    assert.deepEqual(relate(anchor, 'a + b;', true, state('a', '\n}\n', 'other')), { kind: 'diverged', why: 'document' });
    const elsewhere: CursorState = { docKey: 'd', offset: 5, prefix: 'funct', suffix: 'ion add(a, b) {\n  return \n}\n' };
    assert.equal(relate(anchor, 'a + b;', true, elsewhere).kind, 'diverged');
  });

  it('accepts closers the editor inserted or the user overtyped after the cursor', () => {
    const a2: Anchor = { ...anchor, prefix: 'x = f', offset: 5, suffix: '\ny();' };
    const s = (typed: string, suffix: string): CursorState => ({ docKey: 'd', offset: 5 + typed.length, prefix: 'x = f' + typed, suffix });
    assert.equal(relate(a2, '(a, b);', true, s('(', ')\ny();')).kind, 'continues');
    assert.equal(relate(a2, '(a, b);', true, s('(a, b)', '\ny();')).kind, 'continues');
    assert.equal(relate(a2, '(a, b);', true, s('(', ')\nz();')).kind, 'diverged');
  });

  it('keeps a speculative request while the cursor is on the way to its spot', () => {
    const spec: Anchor = { ...anchor, offset: doc.length + 6, prefix: doc + 'a + b;', speculative: true };
    assert.deepEqual(relate(spec, '\n}', true, state('a +')), { kind: 'ahead', missing: ' b;' });
    assert.equal(relate(spec, '\n}', true, state('a -')).kind, 'diverged');
    assert.equal(relate({ ...spec, speculative: false }, '\n}', true, state('a +')).kind, 'diverged');
  });

  it('typedSince compares only a bounded tail, so a sliding prefix window still matches', () => {
    const longAnchor: Anchor = { ...anchor, prefix: 'x'.repeat(500) + 'abc', offset: 1000 };
    const s: CursorState = { docKey: 'd', offset: 1002, prefix: 'x'.repeat(300) + 'abcde', suffix: '\n}\n' };
    assert.equal(typedSince(longAnchor, s), 'de');
  });

  it('remainingAfter shows whole lines only while streaming', () => {
    assert.equal(remainingAfter('a + b;', 'a', true), undefined);
    assert.equal(remainingAfter('a + b;\n  more', 'a', true), ' + b;');
    assert.equal(remainingAfter('a + b;', 'a', false), ' + b;');
    assert.equal(remainingAfter('a + b;', 'x', false), undefined);
  });
});
