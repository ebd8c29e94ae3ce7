import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { recordedStreams, skipForMissingRecordings } from './recordings';

describe('recorded provider streams (test support)', () => {
  it('lists the .sse files in name order, and none for an absent folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fi-recordings-'));
    try {
      for (const f of ['b.sse', 'a.sse', 'a.expected.json']) writeFileSync(path.join(dir, f), '');
      mkdirSync(path.join(dir, 'c.sse.d'));
      assert.deepEqual(recordedStreams(dir), [path.join(dir, 'a.sse'), path.join(dir, 'b.sse')]);
      assert.deepEqual(recordedStreams(path.join(dir, 'absent')), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('FI_REQUIRE_RECORDINGS=1 turns a skip into a failure', () => {
    assert.throws(() => skipForMissingRecordings('some suite', 3, { FI_REQUIRE_RECORDINGS: '1' }), /FI_REQUIRE_RECORDINGS=1: some suite cannot run/);
  });
});
