import * as assert from 'node:assert/strict';
import { actionLinks, profileSpeedLabel, StableWidth, statusActions } from '../../../src/speed/core/statusExtras';
import type { StatusView } from '../../../src/speed/core/statusModel';
import type { SpeedSample } from '../../../src/providers/types';

const view = (state: StatusView['state']): StatusView => ({ state, text: '', severity: 'normal', tooltip: { title: '', rows: [], footer: '' } });
const visibleLength = (text: string) => [...text.replace(/\$\([^)]*\)/g, '##')].length;

describe('status bar extras', () => {
  it('keeps the item as wide as its widest text for one provider, so its neighbours do not move', () => {
    const width = new StableWidth();
    const texts = ['$(zap) llama.cpp 724 tok/s · 41 ms', '$(loading~spin) llama.cpp', '$(zap) llama.cpp …', '$(zap) llama.cpp 1,724 tok/s · 41 ms'];
    const shown = texts.map((t) => width.pad(t, 'llamacpp'));
    shown.forEach((text, i) => assert.ok(text.startsWith(texts[i]), 'the text itself is unchanged'));
    const lengths = shown.map(visibleLength);
    assert.deepEqual(lengths.slice(0, 3), [lengths[0], lengths[0], lengths[0]], 'narrower texts are padded to the widest so far');
    assert.equal(lengths[3], visibleLength(texts[3]), 'a wider text widens it once');
    assert.equal(width.pad('$(zap) Groq', 'groq'), '$(zap) Groq', 'another provider starts afresh');
  });

  it('the hover offers the action that fixes the failure, for the profile that failed', () => {
    const labels = (kind: string | undefined) => statusActions(view('error'), kind, 'work').map((a) => a.label);
    assert.deepEqual(labels('connection-refused'), ['Add Provider…', 'Test Connection', 'Switch Provider…']);
    assert.deepEqual(labels('auth'), ['Set API Key…', 'Test Connection', 'Switch Provider…']);
    assert.deepEqual(labels('model-not-found'), ['Pick Model…', 'Test Connection', 'Switch Provider…']);
    assert.deepEqual(statusActions(view('idle'), undefined, 'work').map((a) => a.label), ['Switch Provider…']);
    const key = statusActions(view('error'), 'auth', 'work')[0];
    assert.deepEqual(key.args, ['work'], 'Set API Key for this profile, not the picker');
    assert.equal(actionLinks([key]), `[Set API Key…](command:fastInference.setApiKey?${encodeURIComponent('["work"]')})`);
  });

  it('labels a profile with its median speed and time to first token', () => {
    const sample = (tokensPerSecond: number, ttftMs: number, startedAt: number): SpeedSample => ({
      profileId: 'work', providerName: 'work', model: 'm', kind: 'completion', startedAt, ttftMs, totalMs: 100,
      completionTokens: 20, tokensEstimated: false, tokensPerSecond, server: null, aborted: false,
    });
    assert.equal(profileSpeedLabel([sample(100, 40, 1), sample(300, 60, 2), sample(200, 50, 3)], 'work'), '200 tok/s · 50 ms');
    assert.equal(profileSpeedLabel([sample(100, 40, 1)], 'other'), undefined);
  });
});
