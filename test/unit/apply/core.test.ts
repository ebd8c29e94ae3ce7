// The pure pieces of Smart Apply: lazy markers, cleaning a model's answer,
// hunks, and the merge prompt.
import * as assert from 'node:assert/strict';
import { cleanModelOutput } from '../../../src/apply/core/clean';
import { parseSettings } from '../../../src/config/core/settings';
import { applyHunks, describeHunk, splitHunks } from '../../../src/apply/core/hunks';
import { isLazyMarker } from '../../../src/apply/core/markers';
import { placeBlock } from '../../../src/apply/core/place';
import { buildMergeRequest } from '../../../src/apply/core/prompt';
import { enclosingBlock } from '../../../src/apply/core/region';
import { describeResult } from '../../../src/apply/core/status';

describe('lazy markers', () => {
  const markers = [
    '// ... existing code ...',
    '    // ...',
    '# ...',
    '# ... rest of the class unchanged',
    '/* unchanged */',
    '/* ... */',
    '<!-- ... -->',
    '<!-- existing content -->',
    '-- ...',
    '-- rest of the file unchanged',
    '; ...',
    '{/* ... */}',
    '// … other methods',
  ];
  for (const line of markers) it(`"${line}" is a marker`, () => assert.ok(isLazyMarker(line)));

  const code = [
    '// Greets someone.',
    '# wait for it...',
    '#include <stdio.h>',
    '//',
    'const rest = [...items];',
    '-- Users who signed up this year',
    '/* The existing API returns seconds, so this converts to milliseconds before anything else happens here */',
  ];
  for (const line of code) it(`"${line}" is not a marker`, () => assert.ok(!isLazyMarker(line)));
});

describe('cleaning the model output', () => {
  it('takes the code out of a fence and drops the chatter around it', () => {
    const raw = 'Here is the updated code:\n\n```ts\nconst a = 1;\nconst b = 2;\n```\n\nI renamed nothing.';
    assert.deepEqual(cleanModelOutput(raw, true), { code: 'const a = 1;\nconst b = 2;', closed: true });
  });

  it('drops a sentence of prose before a fence', () => {
    const raw = 'The function subtracts where it should add. Here is the corrected version:\n\n```ts\nreturn a + b;\n```\n\nDone.';
    assert.equal(cleanModelOutput(raw, true).code, 'return a + b;');
  });

  it('keeps bare code as it is', () => {
    assert.equal(cleanModelOutput('const a = 1;\n', true).code, 'const a = 1;\n');
  });

  it('on a partial answer, holds back what may still be the opening or closing fence', () => {
    assert.equal(cleanModelOutput('```ts\nconst a = 1;\n``', false).code, 'const a = 1;');
    assert.equal(cleanModelOutput('Here is the code', false).code, '');
  });

  it('a fence inside the code (a markdown file) is kept when the answer did not start with one', () => {
    const raw = '# Title\n\n```sh\nnpm test\n```\n';
    assert.equal(cleanModelOutput(raw, true).code, raw);
  });
});

describe('hunks', () => {
  const original = 'a\nb\nc\nd\ne\nf\n';
  const proposed = 'a\nB\nc\nd\ne\nF\ng\n';

  it('are the runs of changed lines', () => {
    const hunks = splitHunks(original, proposed);
    assert.deepEqual(
      hunks.map((h) => [h.originalStart, h.originalCount, h.lines]),
      [
        [1, 1, ['B']],
        [5, 1, ['F', 'g']],
      ],
    );
    assert.equal(describeHunk(hunks[1]).label, 'line 6: −1 +2');
  });

  it('rebuild the file from the ones kept, leaving the others as they were', () => {
    const hunks = splitHunks(original, proposed);
    assert.equal(applyHunks(original, hunks, () => true), proposed);
    assert.equal(applyHunks(original, hunks, () => false), original);
    assert.equal(applyHunks(original, hunks, (_h, i) => i === 1), 'a\nb\nc\nd\ne\nF\ng\n');
  });

  it('keep CRLF line endings', () => {
    const crlf = 'a\r\nb\r\n';
    const hunks = splitHunks(crlf, 'a\r\nc\r\n');
    assert.equal(applyHunks(crlf, hunks, () => true), 'a\r\nc\r\n');
  });
});

describe('merge prompt', () => {
  const input = { path: 'src/a.ts', languageId: 'typescript', region: 'const a = 1;', block: 'const a = 2;', wholeFile: true };

  it('asks for code only and carries the region and the change', () => {
    const request = buildMergeRequest(input, 'groq', 100);
    assert.match(request.messages[0].content, /Output only the rewritten region/);
    assert.ok(request.messages[1].content.includes('<region>\nconst a = 1;\n</region>'));
    assert.ok(request.messages[1].content.includes('<change>\nconst a = 2;\n</change>'));
    assert.equal(request.temperature, 0);
  });

  it('sends the region as the predicted output only to providers that take one', () => {
    assert.equal(buildMergeRequest(input, 'openai', 100).prediction, 'const a = 1;');
    assert.equal(buildMergeRequest(input, 'cerebras', 100).prediction, 'const a = 1;');
    assert.equal(buildMergeRequest(input, 'groq', 100).prediction, undefined);
    assert.equal(buildMergeRequest(input, 'ollama', 100).prediction, undefined);
  });
});

describe('placement details', () => {
  it('moves a block to the file\'s tab indentation', () => {
    const file = 'class A {\n\tf() {\n\t\treturn 1;\n\t}\n}\n';
    const placement = placeBlock(file, 'f() {\n  return 2;\n}');
    assert.equal(placement.kind, 'placed');
    if (placement.kind === 'placed') assert.equal(placement.text, 'class A {\n\tf() {\n\t\treturn 2;\n\t}\n}\n');
  });

  it('an empty block places nothing', () => {
    assert.equal(placeBlock('a\n', '\n\n').kind, 'unplaced');
  });
});

describe('apply status line', () => {
  const base = { status: 'done' as const, proposed: '', hunks: [] };

  it('says how a deterministic placement was made and how long it took', () => {
    assert.equal(describeResult({ ...base, method: 'declaration', elapsedMs: 2.4 }, ''), 'placed by its declaration in 2 ms');
  });

  it('gives a merge its time, first token, rate and prediction tokens', () => {
    const line = describeResult({ ...base, method: 'model', elapsedMs: 1234, ttftMs: 180, tokensPerSecond: 1850.4, prediction: { accepted: 900, rejected: 12 } }, 'qwen-coder');
    assert.equal(line, 'merged by qwen-coder in 1.23 s · first token 180 ms · 1,850 tok/s · prediction 900 accepted, 12 rejected');
  });
});

describe('apply profile setting', () => {
  const read = (values: Record<string, unknown>) => (key: string) => values[key];
  const profiles = [
    { id: 'groq', preset: 'groq' },
    { id: 'cerebras', preset: 'cerebras' },
  ];

  it('names a profile for merges, or is empty to use the chat profile', () => {
    assert.equal(parseSettings(read({ profiles, applyProfile: 'cerebras' })).applyProfile, 'cerebras');
    assert.equal(parseSettings(read({ profiles })).applyProfile, '');
    assert.equal(parseSettings(read({ profiles, applyProfile: 'gone' })).applyProfile, '', 'an unknown profile falls back to the chat profile');
  });
});

describe('inline edit without a selection', () => {
  const lines = ['class A {', '  f() {', '    return 1;', '  }', '', '  g() {', '    return 2;', '  }', '}', 'const x = 1;'];

  it('rewrites the innermost block around the cursor', () => {
    assert.deepEqual(enclosingBlock(lines, 2), { start: 1, end: 3 });
    assert.deepEqual(enclosingBlock(lines, 4), { start: 0, end: 8 });
  });

  it('or the cursor line outside any block', () => {
    assert.deepEqual(enclosingBlock(lines, 9), { start: 9, end: 9 });
  });
});
