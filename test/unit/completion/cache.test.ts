import { strict as assert } from 'node:assert';
import { CompletionCache } from '../../../src/completion/core/cache';
import { NO_TAIL } from '../../../src/completion/core/session';

describe('completion cache', () => {
  it('answers the same spot again (a return visit)', () => {
    const cache = new CompletionCache();
    cache.put('a', 'const total = ', ';\n', 'items.length');
    assert.deepEqual(cache.lookup('a', 'const total = ', ';\n'), { remaining: 'items.length', steppedBack: 0, tail: NO_TAIL, guessed: false });
  });

  it('steps back over typed characters that agree with the suggestion', () => {
    const cache = new CompletionCache();
    cache.put('a', 'const total = ', '\n', 'items.length;');
    assert.deepEqual(cache.lookup('a', 'const total = ite', '\n'), { remaining: 'ms.length;', steppedBack: 3, tail: NO_TAIL, guessed: false });
    assert.equal(cache.lookup('a', 'const total = itx', '\n'), undefined);
  });

  it('answers after backspace from further along', () => {
    const cache = new CompletionCache();
    cache.put('a', 'x = ', '\n', 'compute(1)');
    assert.ok(cache.lookup('a', 'x = comp', '\n'));
    // The user deletes back to `x = co`.
    assert.equal(cache.lookup('a', 'x = co', '\n')!.remaining, 'mpute(1)');
  });

  it('marks the lines after an answer\'s first line as guessed, from its line starts or by stepping back', () => {
    const cache = new CompletionCache();
    // Asked at the end of a line: the first line of the answer is the next line.
    cache.put('a', 'if (x) {', '\n}', '\n  first();\n  second();');
    assert.equal(cache.lookup('a', 'if (x) {\n', '\n}')!.guessed, false);
    assert.equal(cache.lookup('a', 'if (x) {\n  fir', '\n}')!.guessed, false);
    const second = cache.lookup('a', 'if (x) {\n  first();\n', '\n}')!;
    assert.deepEqual([second.remaining, second.guessed], ['  second();', true]);
    // Stepping back from further along finds the same line guessed.
    const small = new CompletionCache(256, 64);
    small.put('b', 'x = 1', '', '\ny = 2\nz = 3');
    assert.equal(small.lookup('b', 'x = 1\ny = 2\nz', '')!.guessed, true);
    assert.equal(small.lookup('b', 'x = 1\ny', '')!.guessed, false);
  });

  it('ignores closers the editor inserted after the cursor', () => {
    const cache = new CompletionCache();
    cache.put('a', 'f', '\nnext();', '(a, b);');
    assert.equal(cache.lookup('a', 'f(', ')\nnext();')!.remaining, 'a, b);');
  });

  it('finds a long suggestion again from the start of each of its lines', () => {
    const cache = new CompletionCache(256, 8);
    cache.put('a', 'if (x) {\n', '\n}', '  first();\n  second();\n  third();');
    assert.equal(cache.lookup('a', 'if (x) {\n  first();\n  sec', '\n}')!.remaining, 'ond();\n  third();');
  });

  it('tells an answer asked at a spot from a line of an older suggestion that starts there', () => {
    const cache = new CompletionCache();
    cache.put('a', 'x {\n', '\n}', '  one();\n  two();');
    assert.equal(cache.answeredAt('a', 'x {\n', '\n}')?.text, '  one();\n  two();');
    assert.equal(cache.answeredAt('a', 'x {\n  one();\n', '\n}'), undefined, 'only a line start of an older guess');
    assert.equal(cache.lookup('a', 'x {\n  one();\n', '\n}')!.remaining, '  two();', 'which typing through still finds');
    cache.put('a', 'x {\n  one();\n', '\n}', '');
    assert.equal(cache.answeredAt('a', 'x {\n  one();\n', '\n}')?.text, '', 'asked there: nothing to add');
    cache.put('a', 'x {\n', '\n}', '  one();\n  three();');
    assert.equal(cache.answeredAt('a', 'x {\n  one();\n', '\n}')?.text, '', 'a later guess running through the spot does not replace the answer');
  });

  it('keeps what the answer said about the text after it, on every line of it', () => {
    const cache = new CompletionCache();
    const tail = { documentFollows: true };
    cache.put('a', 'if (x) {\n', '\n}', '  one();\n  two();', tail);
    assert.deepEqual(cache.answeredAt('a', 'if (x) {\n', '\n}')?.tail, tail);
    assert.deepEqual(cache.lookup('a', 'if (x) {\n  one();\n  tw', '\n}')?.tail, tail);
  });

  it('is per document and skips suggestions already typed in full', () => {
    const cache = new CompletionCache();
    cache.put('a', 'x', '', 'yz');
    assert.equal(cache.lookup('b', 'x', ''), undefined);
    assert.equal(cache.lookup('a', 'xyz', ''), undefined);
  });

  it('evicts the least recently used entry', () => {
    const cache = new CompletionCache(2, 0);
    cache.put('a', '1', '', 'one');
    cache.put('a', '2', '', 'two');
    cache.lookup('a', '1', '');
    cache.put('a', '3', '', 'three');
    assert.ok(cache.lookup('a', '1', ''));
    assert.equal(cache.lookup('a', '2', ''), undefined);
    assert.equal(cache.size, 2);
  });
});
