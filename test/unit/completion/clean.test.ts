import { strict as assert } from 'node:assert';
import { cleanModelOutput, stripControlTokens, stripFences } from '../../../src/completion/core/clean';
import { stripThinking } from '../../../src/providers/stream/thinkTags';

describe('completion cleaning', () => {
  describe('stripControlTokens', () => {
    // Tokens users saw leak into code: twinny #268, continue #867, ollama #3580, continue #1552.
    for (const token of ['<|file_sep|>', '<file_sep>', '<EOT>', '<|file_separator|>', '<|fim_middle|>', '<|endoftext|>', '<fim_middle>', '<｜fim▁end｜>', '<|im_end|>']) {
      it(`cuts at ${token} and says the answer ended`, () => {
        const out = stripControlTokens(`return a + b;${token}\nimport os`, false);
        assert.deepEqual(out, { text: 'return a + b;', ended: true });
      });
    }

    it('cuts the Qwen `print(print()</fim_middle>` case at the token', () => {
      assert.equal(stripControlTokens('print()<|fim_middle|>', true).text, 'print()');
    });

    it('holds back a tail that may become a token while streaming, and releases it at the end', () => {
      assert.deepEqual(stripControlTokens('x = 1<|fim', false), { text: 'x = 1', ended: false });
      assert.deepEqual(stripControlTokens('if (a <', false), { text: 'if (a ', ended: false });
      assert.deepEqual(stripControlTokens('if (a <', true), { text: 'if (a <', ended: false });
    });

    it('leaves ordinary comparison and generics alone once they cannot be a token', () => {
      assert.equal(stripControlTokens('a < b && c<T>()', false).text, 'a < b && c<T>()');
    });
  });

  describe('stripThinking', () => {
    it('removes a reasoning block and the line break after it (continue #5709)', () => {
      assert.equal(stripThinking('<think>the user wants a sum</think>\nreturn a + b;', true).text, 'return a + b;');
    });

    it('removes an empty block, and the blank lines after it (they would leave the cursor line empty)', () => {
      assert.equal(stripThinking('<think></think>return x', true).text, 'return x');
      assert.equal(stripThinking('<think>\n\n</think>\n\nreturn x', true).text, 'return x');
    });

    it('shows nothing while a block is open, and drops an unclosed one at the end', () => {
      assert.equal(stripThinking('<think>still thinking', false).text, '');
      assert.equal(stripThinking('<think>never closed', true).text, '');
    });

    it('keeps text before a block and after it', () => {
      assert.equal(stripThinking('a<think>b</think>c', true).text, 'ac');
    });

    it('treats text before a stray closing tag as reasoning', () => {
      assert.equal(stripThinking('reasoning here</think>\nreturn 1', true).text, 'return 1');
    });

    it('holds back a partial tag while streaming', () => {
      assert.equal(stripThinking('x<thi', false).text, 'x');
    });
  });

  describe('stripFences', () => {
    it('removes an opening fence with a language and everything from the closing fence', () => {
      assert.deepEqual(stripFences('```python\nreturn a\n```\nSome prose', true), { text: 'return a', ended: true });
    });

    it('waits for the fence line to complete', () => {
      assert.equal(stripFences('```pyt', false).text, '');
      assert.equal(stripFences('``', false).text, '');
    });

    it('holds back a last line of backticks that may become a closing fence', () => {
      assert.equal(stripFences('```\nx = 1\n``', false).text, 'x = 1\n');
    });

    it('keeps fences in markdown, where they are content', () => {
      assert.equal(stripFences('```ts\nlet a\n```', true, true).text, '```ts\nlet a\n```');
    });

    it('leaves code without fences alone', () => {
      assert.deepEqual(stripFences('const a = `x`;', true), { text: 'const a = `x`;', ended: false });
    });
  });

  it('cleanModelOutput runs all steps in order', () => {
    const raw = '<think>hmm</think>\n```ts\nreturn 1;\n```<|endoftext|>';
    assert.deepEqual(cleanModelOutput(raw, true, 'typescript'), { text: 'return 1;', ended: true });
  });
});
