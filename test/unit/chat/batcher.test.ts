import * as assert from 'node:assert/strict';
import { DeltaBatcher, type DeltaBatch } from '../../../src/chat/core/batcher';
import { ManualTime } from './fakeTime';

function setup(intervalMs = 16) {
  const time = new ManualTime();
  const batches: (DeltaBatch & { at: number })[] = [];
  const batcher = new DeltaBatcher((b) => batches.push({ ...b, at: time.now() }), time, time, intervalMs);
  return { time, batches, batcher };
}

describe('DeltaBatcher', () => {
  it('posts the first delta at once so the first token is not delayed', () => {
    const { batcher, batches } = setup();
    batcher.push({ kind: 'content', text: 'Hel' });
    assert.equal(batches.length, 1);
    assert.deepEqual(batches[0], { contentOffset: 0, content: 'Hel', reasoningOffset: 0, reasoning: '', at: 0 });
  });

  it('coalesces a 5,000 tokens/s stream into at most one post per interval', () => {
    const { batcher, batches, time } = setup(16);
    let sent = '';
    // One token every 0.2 ms for one second.
    for (let i = 0; i < 5000; i++) {
      const token = `t${i} `;
      sent += token;
      batcher.push({ kind: 'content', text: token });
      time.advance(0.2);
    }
    batcher.flush();
    assert.ok(batches.length <= Math.ceil(1000 / 16) + 2, `${batches.length} posts`);
    assert.ok(batches.length >= 50, `${batches.length} posts`);
    for (let i = 1; i < batches.length - 1; i++) {
      assert.ok(batches[i].at - batches[i - 1].at >= 16 - 1e-9, `posts ${i - 1} and ${i} are ${batches[i].at - batches[i - 1].at} ms apart`);
    }
    assert.equal(batches.map((b) => b.content).join(''), sent);
  });

  it('keeps offsets continuous for content and reasoning separately', () => {
    const { batcher, batches, time } = setup(10);
    batcher.push({ kind: 'reasoning', text: 'think ' });
    batcher.push({ kind: 'reasoning', text: 'more ' });
    time.advance(10);
    batcher.push({ kind: 'content', text: 'Answer' });
    time.advance(3);
    batcher.push({ kind: 'content', text: '!' });
    batcher.flush();
    assert.deepEqual(
      batches.map(({ at: _at, ...b }) => b),
      [
        { contentOffset: 0, content: '', reasoningOffset: 0, reasoning: 'think ' },
        { contentOffset: 0, content: '', reasoningOffset: 6, reasoning: 'more ' },
        { contentOffset: 0, content: 'Answer!', reasoningOffset: 11, reasoning: '' },
      ],
    );
  });

  it('sends the trailing text when the interval ends even if nothing else arrives', () => {
    const { batcher, batches, time } = setup(16);
    batcher.push({ kind: 'content', text: 'a' });
    time.advance(5);
    batcher.push({ kind: 'content', text: 'b' });
    assert.equal(batches.length, 1);
    time.advance(11);
    assert.equal(batches.length, 2);
    assert.equal(batches[1].content, 'b');
    assert.equal(batches[1].at, 16);
  });

  it('flush posts nothing when nothing is pending, and dispose drops pending text and timers', () => {
    const { batcher, batches, time } = setup(16);
    batcher.flush();
    assert.equal(batches.length, 0);
    batcher.push({ kind: 'content', text: 'a' });
    batcher.push({ kind: 'content', text: 'b' });
    assert.equal(time.pendingTimers, 1);
    batcher.dispose();
    assert.equal(time.pendingTimers, 0);
    time.advance(100);
    assert.equal(batches.length, 1);
    batcher.push({ kind: 'content', text: 'c' });
    assert.equal(batches.length, 1);
  });
});
