import { strict as assert } from 'node:assert';
import { openBracketsBefore, scanOptionsFor } from '../../../src/completion/core/brackets';
import { stopAtDoubledLine, stopAtNextLineRepeat, stopAtRepeatedLines, stopAtSuffixStart } from '../../../src/completion/core/repeatRules';
import { stopAtBlankLineAfterBlock, stopAtBreakInOpenBracket, stopAtForeignMarkup, stopAtUnmatchedBracket } from '../../../src/completion/core/shapeRules';
import {
  applyStopRules,
  peekAfter,
  stopAfterFirstLineAndPeek,
  stopAtLineBudget,
  stopAtLineEndWhenSingleLine,
  stopAtTokenBudget,
  type StopContext,
} from '../../../src/completion/core/stopRules';

function ctx(prefix: string, suffix: string, patch: Partial<StopContext> = {}, languageId = 'typescript'): StopContext {
  const scanOptions = scanOptionsFor(languageId);
  return { prefix, suffix, scanOptions, open: openBracketsBefore(prefix, scanOptions), singleLine: false, maxLines: 12, maxTokens: 128, ...patch };
}

const cut = (text: string, at: number | undefined) => (at === undefined ? text : text.slice(0, at));

describe('completion stop rules', () => {
  describe('suffix start', () => {
    it('stops where the output begins writing the line that follows the cursor', () => {
      const c = ctx('function f() {\n  ', '\n  return total;\n}\n');
      const text = 'let total = 0;\n  return total;\n}\n';
      assert.equal(cut(text, stopAtSuffixStart(text, c, false)), 'let total = 0;');
    });

    it('stops mid-line where the output repeats the rest of the line (continue #1552 shape)', () => {
      const c = ctx('print(', 'value, end="")\n');
      const text = 'f"{x}", value, end="")';
      assert.equal(cut(text, stopAtSuffixStart(text, c, true)), 'f"{x}", ');
    });

    it('ignores short heads such as a lone closing brace', () => {
      const c = ctx('if (x) {\n  ', '\n}\n');
      assert.equal(stopAtSuffixStart('a();\n}\n', c, true), undefined);
    });

    it('does not stop on an occurrence inside a line', () => {
      const c = ctx('x', '\nreturn total;\n');
      assert.equal(stopAtSuffixStart('if (a) return total;\n', c, false), undefined);
    });
  });

  describe('next line repeat', () => {
    it('stops before a line equal to the next line of the document', () => {
      const c = ctx('def f(a):\n    b = a * 2', '\n    return b\n');
      const text = '\n    c = b + 1\n    return b\n';
      assert.equal(cut(text, stopAtNextLineRepeat(text, c, false)), '\n    c = b + 1');
    });

    it('also stops on a near repeat (under 10% different)', () => {
      const c = ctx('a = 1', '\nconsole.log("the total value is", total);\n');
      const text = '\nconsole.log("the total value is", totals);\n';
      assert.equal(cut(text, stopAtNextLineRepeat(text, c, false)), '');
    });

    it('keeps a closing brace that closes a block the output opened itself', () => {
      const c = ctx('function f() {\n  ', '\n}\n');
      assert.equal(stopAtNextLineRepeat('if (x) {\n    y();\n  }\n', c, true), undefined);
    });

    it('stops at a closing brace that closes the enclosing block when the document already has it', () => {
      const c = ctx('function f() {\n  ', '\n}\n');
      const text = 'return 1;\n}\n';
      assert.equal(cut(text, stopAtNextLineRepeat(text, c, true)), 'return 1;');
    });
  });

  describe('repeated lines', () => {
    it('stops at the second of two equal lines in a row (a key or a statement written twice)', () => {
      const text = 'x++;\nx++;\nx++;\nx++;\n';
      assert.equal(cut(text, stopAtDoubledLine(text, ctx('', ''), false)), 'x++;');
      const yaml = '30\ntimeout: 30\nretries: 3\n';
      assert.equal(cut(yaml, stopAtDoubledLine(yaml, ctx('server:\n  host: a\ntimeout: ', '\n'), false)), '30');
    });

    it('counts the line above the cursor, and lets a pair through that the document has too', () => {
      assert.equal(stopAtDoubledLine('import os\n', ctx('import os\n', '\n'), false), 0);
      assert.equal(stopAtDoubledLine('#endif\n#endif\n', ctx('#endif\n#endif\n\n', '\n'), true), undefined);
    });

    it('stops when a two-line block loops', () => {
      const text = 'a();\nb();\na();\nb();\na();\nb();\n';
      assert.equal(cut(text, stopAtRepeatedLines(text, ctx('', ''), false)), 'a();\nb();\na();\nb();');
    });

    it('allows blank lines in a row', () => {
      assert.equal(stopAtRepeatedLines('x++;\n\n\n\ny();\n', ctx('', ''), true), undefined);
      assert.equal(stopAtDoubledLine('x++;\n\n\n\ny();\n', ctx('', ''), true), undefined);
    });
  });

  describe('repeats of lines further down', () => {
    it('stops before a line that repeats one a few lines below at the same indentation', () => {
      const c = ctx('if (a) {\n  ', '\n  }\n} else {\n  return b;\n}\n');
      const text = 'return a;\n} else {\n  return b;\n}\n';
      assert.equal(cut(text, stopAtNextLineRepeat(text, c, true)), 'return a;');
    });

    it('does not take a short or differently indented line for a repeat', () => {
      const c = ctx('for (const x of xs) {\n    ', '\n  }\n  return total;\n}\n');
      assert.equal(stopAtNextLineRepeat('total += x;\n    return total;\n', c, true), undefined);
      assert.equal(stopAtNextLineRepeat('total += x;\n  x++;\n', ctx('for (;;) {\n    ', '\n  }\n  x++;\n}\n'), true), undefined);
    });
  });

  describe('a line break inside brackets', () => {
    it('cuts where the first line breaks with a bracket of the cursor line still open', () => {
      const c = ctx('def load(pa', '\n', {}, 'python');
      assert.equal(stopAtBreakInOpenBracket('th\n    with open(path) as f:\n', c, false), 2);
      assert.equal(stopAtBreakInOpenBracket('th):\n    pass\n', c, false), undefined);
    });

    it('lets a line ending in an opener, a comma or an operator go on', () => {
      for (const first of ['th,', 'th +', 'th and', 'th, (']) {
        assert.equal(stopAtBreakInOpenBracket(`${first}\n    more)\n`, ctx('f(pa', '\n', {}, 'python'), false), undefined, first);
      }
    });

    it('ends before a bracket the answer opened and left open', () => {
      assert.equal(stopAtBreakInOpenBracket('bar(1, 2\nreturn x\n', ctx('x = foo', '\n'), false), 3);
      assert.equal(stopAtBreakInOpenBracket('bar(1', ctx('x = ', ''), true), 3);
    });
  });

  describe('markup in a language without it', () => {
    it('stops before the first tag line in Python', () => {
      const c = ctx('ROUTES = [\n    ', '\n]\n', { languageId: 'python' }, 'python');
      const text = '"home",\n    <Route path="/" element={<Home />} />\n';
      assert.equal(cut(text, stopAtForeignMarkup(text, c, true)), '"home",');
      assert.equal(stopAtForeignMarkup('</div>\n', c, true), 0);
    });

    it('leaves markup alone in a string over several lines, where the document has some, and in JSX languages', () => {
      assert.equal(stopAtForeignMarkup('<div class="a">\n', ctx('html = """\n', '\n"""\n', { languageId: 'python' }, 'python'), true), undefined);
      assert.equal(stopAtForeignMarkup('<li>\n', ctx('x = 1\n', '\n</ul>\n', { languageId: 'python' }, 'python'), true), undefined);
      assert.equal(stopAtForeignMarkup('</div>\n', ctx('x = 1\n', '\n', { languageId: 'typescript' }), true), undefined);
    });
  });

  describe('closers the document already has', () => {
    it('stops at a closer of a bracket opened before the cursor that the document closes too', () => {
      const c = ctx('const xs = [\n  1,\n  ', '\n];\n');
      assert.equal(cut('2,\n];\n', stopAtUnmatchedBracket('2,\n];\n', c, true)), '2,');
    });

    it('lets the output close it where the document does not balance (the user is writing it)', () => {
      const c = ctx('func f() {\n\tsort.Slice(xs, func(i, j int) bool {\n\t\treturn true\n\t', '\n}\n', {}, 'go');
      assert.equal(stopAtUnmatchedBracket('})\n', c, true), undefined);
    });
  });

  describe('unmatched closing bracket', () => {
    it('lets the output close a bracket opened before the cursor', () => {
      assert.equal(stopAtUnmatchedBracket('bar)', ctx('foo(', ')'), false), undefined);
    });

    it('stops at a second closer that closes nothing (the duplicated `))`)', () => {
      const text = 'bar))';
      assert.equal(cut(text, stopAtUnmatchedBracket(text, ctx('foo(', ')'), false)), 'bar)');
    });

    it('stops at a mismatched closer and drops the line it would start', () => {
      const text = 'a + b;\n]';
      assert.equal(cut(text, stopAtUnmatchedBracket(text, ctx('function f() {\n  return ', '\n}'), false)), 'a + b;');
    });

    it('ignores brackets inside strings and comments', () => {
      assert.equal(stopAtUnmatchedBracket('x = ")"; // )\n', ctx('', ''), false), undefined);
      assert.equal(stopAtUnmatchedBracket("s = ')' # )\n", ctx('', '', {}, 'python'), false), undefined);
    });
  });

  describe('blank line after a block', () => {
    it('stops at a blank line once brackets are balanced', () => {
      const text = 'foo();\nbar();\n\nbaz();\n';
      assert.equal(cut(text, stopAtBlankLineAfterBlock(text, ctx('', ''), false)), 'foo();\nbar();');
    });

    it('goes on through a blank line inside a block the output opened', () => {
      assert.equal(stopAtBlankLineAfterBlock('if (x) {\n  a();\n\n  b();\n', ctx('', ''), false), undefined);
    });

    it('does not stop at leading blank lines before any content', () => {
      assert.equal(stopAtBlankLineAfterBlock('\n\nfunction g() {}\n', ctx('}', ''), false), undefined);
    });
  });

  describe('budgets', () => {
    it('cuts after the line budget', () => {
      const text = 'a\nb\nc\nd\n';
      assert.equal(cut(text, stopAtLineBudget(text, ctx('', '', { maxLines: 2 }), false)), 'a\nb');
    });

    it('cuts at the token budget at a line break when there is one', () => {
      const text = 'abcdefgh\nijklmnopqrstuvwxyz';
      assert.equal(cut(text, stopAtTokenBudget(text, ctx('', '', { maxTokens: 4 }), false)), 'abcdefgh');
      assert.equal(stopAtTokenBudget('short', ctx('', '', { maxTokens: 4 }), false), undefined);
    });
  });

  it('single line: cuts at the first line break when the cursor is mid-line', () => {
    const c = ctx('const x = foo(', 'a, b);\n', { singleLine: true });
    assert.equal(cut('1, \nmore', stopAtLineEndWhenSingleLine('1, \nmore', c, false)), '1, ');
    assert.equal(stopAtLineEndWhenSingleLine('1, \nmore', { ...c, singleLine: false }, false), undefined);
  });

  describe('first line and peek: a speculative answer stops after its first line and a peek at the next', () => {
    const c = ctx('  total += x;', '\n  }\n', { firstLineAndPeek: true });

    it('waits while the next line has shown only line breaks and indentation', () => {
      assert.equal(stopAfterFirstLineAndPeek('\n  count++;', c, false), undefined);
      assert.equal(stopAfterFirstLineAndPeek('\n  count++;\n  ', c, false), undefined);
    });

    it('cuts after the first line once the next one has a character, and that start is kept', () => {
      const text = '\n  count++;\n  return';
      assert.equal(cut(text, stopAfterFirstLineAndPeek(text, c, false)), '\n  count++;');
      assert.equal(peekAfter(text, 11), '  r');
      assert.equal(peekAfter('\n  count++;\n\n\treturn', 11), '\tr', 'past blank lines');
      assert.deepEqual(applyStopRules(text, c, false), { cut: 11, rule: 'first-line-and-peek' });
    });

    it('takes the rest of the cursor line as the first line, and applies only to speculative requests', () => {
      assert.equal(stopAfterFirstLineAndPeek('x;\n}', c, false), 2);
      assert.equal(stopAfterFirstLineAndPeek('x;\n}', { ...c, firstLineAndPeek: false }, false), undefined);
    });
  });

  it('applyStopRules picks the earliest cut and names the rule', () => {
    const c = ctx('foo(', ')', { maxLines: 5 });
    assert.deepEqual(applyStopRules('bar))\nx\ny', c, false), { cut: 4, rule: 'unmatched-bracket' });
    assert.equal(applyStopRules('bar)', c, false), undefined);
  });
});
