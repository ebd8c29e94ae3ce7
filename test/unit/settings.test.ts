import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/config/core/settings';

function reader(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

describe('parseSettings', () => {
  it('falls back to defaults when nothing is set', () => {
    assert.deepEqual(parseSettings(reader({})), DEFAULT_SETTINGS);
  });

  it('keeps valid profiles, drops entries without an id and later duplicates', () => {
    const s = parseSettings(
      reader({
        profiles: [
          { id: 'groq', preset: 'groq', chatModel: 'llama-3.3-70b-versatile' },
          { preset: 'ollama' },
          { id: 'groq', preset: 'cerebras' },
          { id: 'mine', preset: 'not-a-preset', baseUrl: ' http://127.0.0.1:9/v1 ', headers: { 'X-A': 'b' } },
        ],
        completionProfile: 'mine',
        chatProfile: 'missing',
      }),
    );
    assert.deepEqual(s.profiles, [
      { id: 'groq', preset: 'groq', chatModel: 'llama-3.3-70b-versatile' },
      { id: 'mine', preset: 'custom', baseUrl: 'http://127.0.0.1:9/v1', headers: { 'X-A': 'b' } },
    ]);
    assert.equal(s.completionProfile, 'mine');
    assert.equal(s.chatProfile, 'groq', 'an unknown chat profile falls back to the first one');
  });

  it('clamps numbers and rejects values of the wrong type', () => {
    const s = parseSettings(
      reader({
        'completions.fixedDebounceMs': 99999,
        'completions.maxLines': 0,
        'completions.enabled': 'yes',
        'completions.multiline': 'sometimes',
        firstTokenTimeoutSeconds: Number.NaN,
      }),
    );
    assert.equal(s.completions.fixedDebounceMs, 2000);
    assert.equal(s.completions.maxLines, 1);
    assert.equal(s.completions.enabled, true);
    assert.equal(s.completions.multiline, 'auto');
    assert.equal(s.firstTokenTimeoutSeconds, DEFAULT_SETTINGS.firstTokenTimeoutSeconds);
  });
});
