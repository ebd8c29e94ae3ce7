import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { countTokens, fillerCode, firstTokens, splitTokens } from '../../fake-server/tokens';

describe('fake server: token rule', () => {
  it('cuts words into pieces of at most 4 characters and keeps whitespace runs and punctuation apart', () => {
    assert.deepEqual(splitTokens('function foo(a_b) {'), ['func', 'tion', ' ', 'foo', '(', 'a_b', ')', ' ', '{']);
    assert.deepEqual(splitTokens('x\n\n    y'), ['x', '\n', '\n', '    ', 'y']);
    assert.deepEqual(splitTokens('a\r\nb'), ['a', '\r\n', 'b']);
  });

  it('keeps accented letters in words and never splits an emoji', () => {
    assert.deepEqual(splitTokens('Olá! 😊'), ['Olá', '!', ' ', '😊']);
  });

  it('loses no text and gives the same count when split again', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const tokens = splitTokens(text);
        assert.equal(tokens.join(''), text);
        assert.equal(countTokens(firstTokens(text, 7)), Math.min(7, tokens.length));
      }),
    );
  });

  it('makes filler code of exactly the asked number of tokens, the same each time', () => {
    for (const n of [0, 1, 5, 123, 2000]) assert.equal(countTokens(fillerCode(n)), n);
    assert.equal(fillerCode(300), fillerCode(300));
    assert.match(fillerCode(40), /^function step1\(/);
  });
});
