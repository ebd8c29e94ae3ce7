import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildHolePrompt, HOLE, HoleAnswerCleaner, stripLooseAnswer } from '../../../src/providers/fim/chatHole';
import { ContentPipeline } from '../../../src/providers/stream/pipeline';
import { FilterChain, StopFilter, type TextFilter } from '../../../src/providers/stream/textFilters';
import { partialMarkerLength } from '../../../src/shared/markers';
import { ThinkTagSplitter } from '../../../src/providers/stream/thinkTags';

/** Cuts text into pieces at the given positions. */
function chunked(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let last = 0;
  for (const p of points) {
    pieces.push(text.slice(last, p));
    last = p;
  }
  pieces.push(text.slice(last));
  return pieces;
}

function runFilter(filter: TextFilter, pieces: string[]): string {
  let out = '';
  for (const p of pieces) out += filter.push(p);
  return out + filter.end();
}

function runSplitter(pieces: string[]): { content: string; reasoning: string } {
  const s = new ThinkTagSplitter();
  const segments = [...pieces.flatMap((p) => s.push(p)), ...s.end()];
  return {
    content: segments.filter((x) => x.kind === 'content').map((x) => x.text).join(''),
    reasoning: segments.filter((x) => x.kind === 'reasoning').map((x) => x.text).join(''),
  };
}

describe('partialMarkerLength', () => {
  it('finds the longest tail that could start a marker', () => {
    assert.equal(partialMarkerLength('abc<thi', ['<think>']), 4);
    assert.equal(partialMarkerLength('abc<', ['<think>', '</think>']), 1);
    assert.equal(partialMarkerLength('abc', ['<think>']), 0);
    assert.equal(partialMarkerLength('<think>', ['<think>']), 0, 'a whole marker is not partial');
  });
});

describe('ThinkTagSplitter', () => {
  it('separates reasoning from content and drops the whitespace after </think>', () => {
    assert.deepEqual(runSplitter(['<think>plan it</think>\n\nHello']), { content: 'Hello', reasoning: 'plan it' });
  });

  it('gives the same result however the stream is chunked (tags split anywhere)', () => {
    const text = 'pre <think>step 1 < 2, </thin not a tag</think>\nanswer <b>bold</b> <think>more</think> end';
    const whole = runSplitter([text]);
    assert.deepEqual(whole, { content: 'pre answer <b>bold</b> end', reasoning: 'step 1 < 2, </thin not a tag' + 'more' });
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 12 }), (cuts) => {
        assert.deepEqual(runSplitter(chunked(text, cuts)), whole);
      }),
    );
  });

  it('flushes an unfinished tag prefix as content at the end', () => {
    assert.deepEqual(runSplitter(['a <thi']), { content: 'a <thi', reasoning: '' });
  });
});

describe('StopFilter', () => {
  it('cuts at the earliest stop, across chunk boundaries, and reports finished', () => {
    const text = 'let x = 1;<|endoftext|>garbage';
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 8 }), (cuts) => {
        const f = new StopFilter(['<|file_sep|>', '<|endoftext|>']);
        assert.equal(runFilter(f, chunked(text, cuts)), 'let x = 1;');
        assert.equal(f.finished, true);
      }),
    );
  });

  it('passes text through untouched when no stop appears', () => {
    const f = new StopFilter(['\n\n']);
    assert.equal(runFilter(f, ['a\n', 'b\n']), 'a\nb\n');
    assert.equal(f.finished, false);
  });

  it('chains filters, flushing held text through later ones', () => {
    const chain = new FilterChain([new StopFilter(['END']), new StopFilter(['\n\n'])]);
    assert.equal(runFilter(chain, ['one\n', '\ntwo EN', 'D']), 'one');
  });
});

describe('chat hole filling', () => {
  it('builds a strict prompt with the hole marker and related files', () => {
    const messages = buildHolePrompt({
      prefix: 'const a = ',
      suffix: ';\n',
      filePath: 'src/a.ts',
      languageId: 'typescript',
      maxTokens: 32,
      extraContext: [{ filename: 'src/b.ts', text: 'export const b = 2;' }],
    });
    assert.equal(messages[0].role, 'system');
    assert.match(messages[0].content, /<COMPLETION>/);
    assert.match(messages[0].content, /no markdown code fences/);
    assert.ok(messages[1].content.includes(`const a = ${HOLE};\n`));
    assert.ok(messages[1].content.includes('src/b.ts'));
    assert.ok(messages[1].content.includes('src/a.ts (typescript)'));
  });

  const cases: { name: string; prefix: string; answer: string; expected: string }[] = [
    { name: 'tagged answer', prefix: 'const a = ', answer: '<COMPLETION>42</COMPLETION>', expected: '42' },
    { name: 'prose before the tag', prefix: 'x = ', answer: 'Sure! Here is the code:\n<COMPLETION>compute()</COMPLETION>\nHope it helps', expected: 'compute()' },
    { name: 'fence inside the tag', prefix: 'x = ', answer: '<COMPLETION>```ts\nfoo(1)\n```</COMPLETION>', expected: 'foo(1)' },
    { name: 'fence without tags', prefix: 'x = ', answer: 'Here is the missing code:\n```python\nbar()\n```\nThis calls bar.', expected: 'bar()' },
    { name: 'bare code without tags', prefix: 'x = ', answer: 'baz + 1', expected: 'baz + 1' },
    { name: 'echo of the cursor line', prefix: 'function f() {\n  return ', answer: '<COMPLETION>return a + b;</COMPLETION>', expected: ' a + b;' },
    { name: 'leading newline at line start', prefix: 'if (x) {\n  ', answer: '<COMPLETION>\nreturn 1;\n}</COMPLETION>', expected: 'return 1;\n}' },
    { name: 'empty answer', prefix: 'x', answer: '<COMPLETION></COMPLETION>', expected: '' },
    { name: 'answer stops at the closing tag even without server stop', prefix: 'a', answer: '<COMPLETION>bc</COMPLETION><COMPLETION>zz', expected: 'bc' },
  ];
  for (const c of cases) {
    it(`cleans: ${c.name}, however it is chunked`, () => {
      fc.assert(
        fc.property(fc.array(fc.nat(c.answer.length), { maxLength: 10 }), (cuts) => {
          assert.equal(runFilter(new HoleAnswerCleaner(c.prefix), chunked(c.answer, cuts)), c.expected);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('drops <think> blocks before cleaning when run through the pipeline', () => {
    const pipeline = new ContentPipeline({ thinkTags: true, filter: new HoleAnswerCleaner('x = ') });
    const deltas = [...pipeline.push('<think>the user wants'), ...pipeline.push(' a number</think><COMPLETION>7</COMP'), ...pipeline.push('LETION>'), ...pipeline.end()];
    assert.equal(deltas.filter((d) => d.kind === 'content').map((d) => d.text).join(''), '7');
    assert.equal(deltas.filter((d) => d.kind === 'reasoning').map((d) => d.text).join(''), 'the user wants a number');
    assert.equal(pipeline.finished, true);
  });

  it('streams text inside the tags before the answer is complete', () => {
    const cleaner = new HoleAnswerCleaner('const a = ');
    assert.equal(cleaner.push('<COMPLETION>12'), '12');
    assert.equal(cleaner.push('34 + '), '34 + ');
    assert.equal(cleaner.push('5</COMPLETION>'), '5');
    assert.equal(cleaner.finished, true);
  });

  it('stripLooseAnswer removes prose lines and fences', () => {
    assert.equal(stripLooseAnswer('Certainly! The missing part:\n```js\nx++\n```'), 'x++');
  });
});
