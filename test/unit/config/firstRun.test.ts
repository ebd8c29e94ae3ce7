import * as assert from 'node:assert/strict';
import { danglingMessage, danglingProfileRefs } from '../../../src/config/core/profileRefs';
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

describe('profile references in settings', () => {
  it('reports a completionProfile or chatProfile that names no profile, with the profile used instead', () => {
    const refs = danglingProfileRefs(['ollama', 'groq'], { completionProfile: 'grok', chatProfile: 'groq' }, { completionProfile: 'ollama', chatProfile: 'groq' });
    assert.deepEqual(refs, [{ setting: 'completionProfile', value: 'grok', usedInstead: 'ollama' }]);
    assert.equal(danglingMessage(refs[0]), 'fastInference.completionProfile is "grok", but no profile has that id; completions use "ollama" instead.');
    assert.deepEqual(danglingProfileRefs(['a'], { completionProfile: undefined, chatProfile: 'a' }, { completionProfile: 'a', chatProfile: 'a' }), []);
  });
});
