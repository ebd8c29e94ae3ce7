import { strict as assert } from 'node:assert';
import {
  cutBeforeDoubledCloser,
  dropRepeatedLinePrefix,
  finishSuggestion,
  fitToWord,
  fixStart,
  isEmptySuggestion,
  keepLineIndentation,
  limitToLine,
  mergeWithClosers,
  repeatsNeighbourLine,
  repeatsSuffix,
  type ServeContext,
} from '../../../src/completion/core/postprocess';

function at(prefix: string, suffix: string, languageId = 'typescript'): ServeContext {
  return { prefix, suffix, languageId, multiline: 'auto' };
}

describe('completion post-processing', () => {
  describe('start fixes', () => {
    it('drops the current line written again (Qwen `print(` → `print(print()`, continue #1552)', () => {
      assert.equal(dropRepeatedLinePrefix('print(value)', '    print(', true), 'value)');
      assert.equal(fixStart('print(value)', 'def f(value):\n    print(', true), 'value)');
    });

    it('waits while the start may still turn into a repeat, and leaves short prefixes alone', () => {
      assert.equal(dropRepeatedLinePrefix('pri', 'print(', false), undefined);
      assert.equal(dropRepeatedLinePrefix('x = 1', 'x =', true), 'x = 1');
    });

    it('keeps the indentation the editor gave the line when the model indents again', () => {
      assert.equal(keepLineIndentation('    return x\n    y = 2', '    ', true), 'return x\n    y = 2');
      assert.equal(keepLineIndentation('\treturn x', '\t', true), 'return x');
    });

    it('drops indentation shorter than the line’s, and a space after a space mid-line (no doubled space)', () => {
      assert.equal(keepLineIndentation(' return x', '    ', true), 'return x');
      assert.equal(keepLineIndentation('  x', '    ', true), 'x');
      assert.equal(keepLineIndentation(' 42', 'x = ', true), '42');
      assert.equal(keepLineIndentation('    x', 'foo', true), '    x');
      assert.equal(keepLineIndentation('        x', '    ', true), '    x');
    });

    it('in a word, drops the word written again and refuses a statement glued to it', () => {
      assert.equal(fitToWord('return x', '    ret', true), 'urn x');
      assert.equal(fitToWord('self.x = 1', '    self', true), '.x = 1');
      assert.equal(fitToWord('return x / total', 'def norm', true), null);
      assert.equal(fitToWord('if x:', '    el', true), 'if x:');
      assert.equal(fitToWord('alize(v):', 'def norm', true), 'alize(v):');
      assert.equal(fitToWord('no', 'def norm', false), undefined);
    });

    it('keeps a keyword that ends a name the file uses (`En` + `try{` is `Entry{`)', () => {
      const prefix = 'type Entry struct{}\nx := En';
      assert.equal(fitToWord('try{}', 'x := En', true, prefix), 'try{}');
      assert.equal(fitToWord('try {', 'x := En', true, 'x := En'), null);
    });

    it('keeps spaces that complete an indentation typed in part', () => {
      const prefix = 'def f(xs):\n    for x in xs:\n      ';
      assert.equal(keepLineIndentation('  s += x', '      ', true, prefix), '  s += x');
      assert.equal(keepLineIndentation(' s += x', '      ', true, prefix), 's += x');
      assert.equal(keepLineIndentation(' return x', '    ', true, 'def f(x):\n    '), 'return x');
    });

    it('waits while the first line is only whitespace', () => {
      assert.equal(keepLineIndentation('    ', '    ', false), undefined);
    });
  });

  describe('serve-time checks', () => {
    it('empty and whitespace-only suggestions are dropped', () => {
      assert.equal(isEmptySuggestion(' \n\t'), true);
      assert.equal(finishSuggestion('   \n  ', at('x = ', '\n')), undefined);
    });

    it('a suggestion that repeats the text right of the cursor is dropped (suffix repeated)', () => {
      assert.equal(repeatsSuffix('value)', 'value)\n'), true);
      assert.equal(finishSuggestion('value)', at('print(', 'value)\n')), undefined);
    });

    it('a suggestion equal to the next line of the document is dropped', () => {
      const prefix = 'function f() {\n  const a = 1;\n  ';
      const suffix = '\n  return a;\n}\n';
      assert.equal(repeatsNeighbourLine('return a;', prefix, suffix), true);
      assert.equal(finishSuggestion('return a;', at(prefix, suffix)), undefined);
      assert.equal(finishSuggestion('\n  return a;', at('  const a = 1;', suffix)), undefined);
    });

    it('a suggestion that rewrites the line above is dropped', () => {
      assert.equal(repeatsNeighbourLine('const a = 1;', '  const a = 1;\n  ', '\n}'), true);
      assert.equal(repeatsNeighbourLine('  const a = 1;', '  const a = 1;\n', ''), true);
    });

    it('a closing brace under a closing brace of an inner block is kept', () => {
      const prefix = 'impl W {\n    fn f(&self) {\n        1\n    }\n';
      assert.equal(repeatsNeighbourLine('}', prefix, ''), false);
      assert.deepEqual(finishSuggestion('}\n', at(prefix, '')), { text: '}', replaceLength: 0 });
    });

    it('mid-line suggestions keep to one line; at a line end they may span several', () => {
      assert.equal(limitToLine('a, b\nc', at('f(', 'x)\n')), 'a, b');
      assert.equal(limitToLine('a, b\nc', at('f(', ')\n')), 'a, b\nc');
      assert.equal(limitToLine('a\nb', { ...at('x', ''), multiline: 'never' }), 'a');
    });
  });

  describe('merging with closers the editor inserted', () => {
    it('`foo(` + auto `)` + model `bar)` replaces the `)` instead of giving `))`', () => {
      const ctx = at('foo(', ')\n');
      assert.equal(mergeWithClosers('bar)', ctx), 1);
      assert.deepEqual(finishSuggestion('bar)', ctx), { text: 'bar)', replaceLength: 1 });
    });

    it('covers several closers and quotes, in order', () => {
      assert.equal(mergeWithClosers('b")]', at('f([a, "', '")]\n')), 3);
      assert.equal(mergeWithClosers('1])', at('f([', '])')), 2);
    });

    it('leaves the closer when the model stopped before it', () => {
      assert.deepEqual(finishSuggestion('bar', at('foo(', ')\n')), { text: 'bar', replaceLength: 0 });
    });

    it('does not count a closer of a bracket the suggestion opened itself', () => {
      assert.equal(mergeWithClosers('g(x)', at('f(', ')\n')), 0);
      assert.equal(mergeWithClosers('g(x))', at('f(', ')\n')), 1);
    });

    it('covers a closer on a later line of a multi-line suggestion', () => {
      assert.equal(mergeWithClosers('\n  a,\n  b,\n)', at('call(', ')\n')), 1);
    });

    it('replaces the rest of the line when the suggestion ends with it', () => {
      assert.deepEqual(finishSuggestion('bar);', at('foo(', ');\n')), { text: 'bar);', replaceLength: 2 });
    });

    it('shows nothing when only the closers the editor already inserted are left', () => {
      assert.equal(finishSuggestion(')', at('foo(bar', ')\n')), undefined);
      assert.equal(finishSuggestion('")', at('f("x', '")\n')), undefined);
    });
  });

  it('mid-line, a suggestion stops before closing again what the rest of the line closes (`f(|x)` + `a)`)', () => {
    assert.equal(cutBeforeDoubledCloser('a, ', at('f(', 'x)\n')), 'a, ');
    assert.equal(cutBeforeDoubledCloser('a) + g(b', at('f(', 'x)\n')), 'a');
    assert.deepEqual(finishSuggestion('a)', at('f(', 'x)\n')), { text: 'a', replaceLength: 0 });
  });

  it('drops trailing spaces and carriage returns', () => {
    assert.deepEqual(finishSuggestion('a = 1;  ', at('', '')), { text: 'a = 1;', replaceLength: 0 });
    assert.deepEqual(finishSuggestion('a\r\nb', at('', '')), { text: 'a\nb', replaceLength: 0 });
  });
});
