import * as assert from 'node:assert/strict';
import { defaultProfileFate, isUntouchedDefault, profilesBeside } from '../../../src/onboarding/core/addProvider';

describe('Add Provider and the default profile', () => {
  it('the default is untouched when the user never wrote profiles, or wrote exactly the default', () => {
    assert.equal(isUntouchedDefault(undefined), true);
    assert.equal(isUntouchedDefault([{ id: 'ollama', preset: 'ollama' }]), true);
    assert.equal(isUntouchedDefault([{ preset: 'ollama', id: 'ollama' }]), true);
  });

  it('a default the user changed, or profiles of their own, are not', () => {
    assert.equal(isUntouchedDefault([{ id: 'ollama', preset: 'ollama', chatModel: 'llama3.2' }]), false);
    assert.equal(isUntouchedDefault([{ id: 'ollama', preset: 'ollama', baseUrl: 'http://gpu-box:11434/v1' }]), false);
    assert.equal(isUntouchedDefault([{ id: 'ollama', preset: 'ollama' }, { id: 'groq', preset: 'groq' }]), false);
    assert.equal(isUntouchedDefault([{ id: 'local', preset: 'ollama' }]), false);
    assert.equal(isUntouchedDefault([]), false);
    assert.equal(isUntouchedDefault('ollama'), false);
  });

  it('replaces an untouched default that never answered, asks when it has, keeps the user\'s own', () => {
    assert.equal(defaultProfileFate({ userProfiles: undefined, defaultAnswered: false }), 'replace');
    assert.equal(defaultProfileFate({ userProfiles: undefined, defaultAnswered: true }), 'ask');
    assert.equal(defaultProfileFate({ userProfiles: [{ id: 'groq', preset: 'groq' }], defaultAnswered: false }), 'keep');
    assert.equal(defaultProfileFate({ userProfiles: [{ id: 'ollama', preset: 'ollama', chatModel: 'x' }], defaultAnswered: false }), 'keep');
  });

  it('the new profile joins the list without the default only when it replaces it', () => {
    const raw = [{ id: 'ollama', preset: 'ollama' }];
    assert.deepEqual(profilesBeside(raw, true), []);
    assert.deepEqual(profilesBeside(raw, false), raw);
    // Fields this version does not know survive (the list is the raw setting).
    const mine = [{ id: 'ollama', preset: 'ollama' }, { id: 'x', preset: 'custom', future: 1 }];
    assert.deepEqual(profilesBeside(mine, true), [{ id: 'x', preset: 'custom', future: 1 }]);
  });
});
