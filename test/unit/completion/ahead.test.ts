import { strict as assert } from 'node:assert';
import { followsSuggestion, leavesBlockAfterFirstLine, worthAskingAhead } from '../../../src/completion/core/ahead';
import { NO_TAIL } from '../../../src/completion/core/session';

describe('asking ahead', () => {
  it('counts only typed text beyond line breaks and indentation as following a suggestion', () => {
    assert.equal(followsSuggestion(''), false);
    assert.equal(followsSuggestion('\n    '), false);
    assert.equal(followsSuggestion('\n    r'), true);
    assert.equal(followsSuggestion('x'), true);
  });

  it('asks after the line being typed, not two lines ahead, and after a blank line at once', () => {
    assert.equal(worthAskingAhead('turn x;\n  y();', 're'), true);
    assert.equal(worthAskingAhead('turn x;', ''), false, 'shown, not followed');
    assert.equal(worthAskingAhead('\n  y();', 'return x;'), false, 'at the end of the line: the next line is not typed yet');
    assert.equal(worthAskingAhead('\n\nfn next() {', ''), true, 'a blank line first');
  });

  describe('leavesBlockAfterFirstLine', () => {
    const goPrefix = 'func f() {\n\tfor _, w := range words {\n\t\tcounts[w]++';
    const goSuffix = '\n\t}\n}\n';

    it('is true when the answer goes back to the level of the closer the document already has', () => {
      const answer = { text: '\n\t\ttotal++\n\treturn counts', tail: NO_TAIL };
      assert.equal(leavesBlockAfterFirstLine(answer, goPrefix, goSuffix), true);
    });

    it('is false when the answer goes on inside the block', () => {
      const answer = { text: '\n\t\ttotal++\n\t\tseen[w] = true', tail: NO_TAIL };
      assert.equal(leavesBlockAfterFirstLine(answer, goPrefix, goSuffix), false);
    });

    it('is false when the document has nothing at that level yet (the user will write it)', () => {
      const answer = { text: '\n\t\ttotal++\n\treturn counts', tail: NO_TAIL };
      assert.equal(leavesBlockAfterFirstLine(answer, goPrefix, '\n\t\t\t// deeper\n'), false);
    });

    it('measures the first line from the cursor line when the suggestion continues it', () => {
      const py = 'def f(xs):\n    for x in xs:\n        total += ';
      assert.equal(leavesBlockAfterFirstLine({ text: 'x\n    return total', tail: NO_TAIL }, py, '\ndef g():\n'), true);
      assert.equal(leavesBlockAfterFirstLine({ text: 'x\n        count += 1', tail: NO_TAIL }, py, '\ndef g():\n'), false);
    });

    it('is true when the answer stopped because the document follows, and nothing of it is left', () => {
      assert.equal(leavesBlockAfterFirstLine({ text: '', tail: { documentFollows: true } }, goPrefix, goSuffix), true);
      assert.equal(leavesBlockAfterFirstLine({ text: '', tail: NO_TAIL }, goPrefix, goSuffix), false);
    });
  });
});
