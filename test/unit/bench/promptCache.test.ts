// Typing into a long file against the fake server's llama.cpp slot cache: the prompt layout
// keeps the server's cache, the sliding window it replaced did not.
import * as assert from 'node:assert/strict';
import { LAYOUTS, MODES, runPromptCache } from '../../../bench/typing/promptCache';

describe('prompt layout against the fake server’s prompt cache (typing into a 1,500-line file)', function () {
  this.timeout(60000);

  it('llama.cpp, 4 slots: each request processes little more than what was typed and the suffix', async () => {
    const [llama] = MODES;
    const now = await runPromptCache(llama, LAYOUTS[1], 600);
    assert.equal(now.overBoundElsewhere, 0, JSON.stringify(now));
    assert.ok(now.windowMoves <= 1, JSON.stringify(now));
    assert.ok(now.cacheHitShare >= 0.85, JSON.stringify(now));
    assert.ok(now.clientReadShare !== null && Math.abs(now.clientReadShare - now.cacheHitShare) < 0.05, 'the extension reads the same share');
    const before = await runPromptCache(llama, LAYOUTS[0], 600);
    assert.ok(before.fullReprocessings >= before.requests / 2, `the sliding window: ${JSON.stringify(before)}`);
    assert.ok(before.processed.p50 > 5 * now.processed.p50);
  });
});
