import * as assert from 'node:assert/strict';
import { SAMPLE_PREFIX, shouldOpenWalkthrough } from '../../../src/onboarding/core/firstRun';

describe('first run', () => {
  it('opens the walkthrough once, and not for a user whose settings already list providers', () => {
    assert.equal(shouldOpenWalkthrough({ offeredBefore: false, userProfilesSet: false }), true);
    assert.equal(shouldOpenWalkthrough({ offeredBefore: true, userProfilesSet: false }), false);
    assert.equal(shouldOpenWalkthrough({ offeredBefore: false, userProfilesSet: true }), false);
  });

  it('the sample leaves the cursor inside a function body, where a completion is expected', () => {
    assert.ok(SAMPLE_PREFIX.endsWith('  return '));
    assert.match(SAMPLE_PREFIX, /export function midpoint\(a: Point, b: Point\): Point \{\n {2}return $/);
  });
});
