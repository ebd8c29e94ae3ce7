// Where the chat page switches a code block to plain text: the first fence whose code passes
// the threshold, closed or still open, and its lines taken as they arrive up to the closing line.
import * as assert from 'node:assert/strict';
import { fenceBody, isClosingLine, largeFence } from '../../../src/webview/chat/incremental';

const code = (lines: number) => Array.from({ length: lines }, (_, i) => `line ${i}`).join('\n') + '\n';

describe('large code blocks in a streamed answer', () => {
  it('finds the first block longer than the threshold, open or closed, with its language', () => {
    const small = '```js\nlet a;\n```\n';
    const big = code(100);
    const text = `Intro\n\n${small}Then:\n~~~~python  \n${big}`;
    const found = largeFence(text, 0, 500);
    assert.ok(found);
    assert.equal(text.slice(found.start, found.bodyStart), '~~~~python  \n');
    assert.deepEqual([found.char, found.length, found.info.trim()], ['~', 4, 'python']);
    assert.deepEqual(largeFence(`${text}~~~~\nafter\n`, 0, 500), found, 'the same block once closed');
    assert.equal(largeFence(text, 0, big.length), undefined, 'not longer than the threshold');
    assert.equal(largeFence('```js\n' + big, 0, 500)?.start, 0);
    assert.equal(largeFence('````\n```\n' + big, 0, 500)?.length, 4, 'a shorter fence inside does not close it');
    assert.equal(largeFence('no fence ```js\n' + big, 0, 500), undefined, 'an inline fence marker is no fence');
  });

  it('takes complete lines, stops before the closing line and says where the text after it starts', () => {
    const text = '```\na\nb\n``` \nafter';
    assert.deepEqual(fenceBody(text, 4, { char: '`', length: 3 }), { body: 'a\nb\n', end: 8, closedAt: 13 });
    assert.equal(text.slice(13), 'after');
    assert.deepEqual(fenceBody('```\na\nb partial', 4, { char: '`', length: 3 }), { body: 'a\n', end: 6 });
    assert.deepEqual(fenceBody('```\na\n``` not closing\n', 4, { char: '`', length: 3 }), { body: 'a\n``` not closing\n', end: 22 });
    assert.equal(isClosingLine('```', { char: '`', length: 3 }), true);
    assert.equal(isClosingLine('~~~', { char: '`', length: 3 }), false);
  });

  it('rebuilds the code exactly from lines taken in pieces as they arrive', () => {
    const body = code(2000);
    const full = `Here:\n\`\`\`ts\n${body}\`\`\`\nDone.\n`;
    const fence = largeFence(full, 0, 1000)!;
    let taken = '';
    let consumed = fence.bodyStart;
    let closedAt: number | undefined;
    for (let end = fence.bodyStart; end <= full.length && closedAt === undefined; end += 997) {
      const step = fenceBody(full.slice(0, end), consumed, fence);
      taken += step.body;
      consumed = step.end;
      closedAt = step.closedAt;
    }
    const last = closedAt === undefined ? fenceBody(full, consumed, fence) : undefined;
    taken += last?.body ?? '';
    assert.equal(taken, body);
    assert.equal(full.slice(closedAt ?? last!.closedAt), 'Done.\n');
  });
});
