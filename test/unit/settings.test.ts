import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
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

describe('DEFAULT_SETTINGS and package.json', () => {
  interface Declared {
    default: unknown;
    type?: string;
    minimum?: number;
    maximum?: number;
  }
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Declared> } | { properties: Record<string, Declared> }[] };
  };
  const sections = [manifest.contributes.configuration].flat();
  /** Every setting below `fastInference.` as package.json declares it. */
  const declared = new Map(sections.flatMap((s) => Object.entries(s.properties)).map(([key, d]) => [key.replace(/^fastInference\./, ''), d]));

  /** The settings object as dotted keys: { completions: { enabled } } → 'completions.enabled'. */
  function flatten(value: object, prefix = ''): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const [key, v] of Object.entries(value)) {
      const dotted = prefix + key;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const [k, w] of flatten(v, `${dotted}.`)) out.set(k, w);
      else out.set(dotted, v);
    }
    return out;
  }

  it('names the same settings, with the same defaults', () => {
    const defaults = flatten(DEFAULT_SETTINGS);
    assert.deepEqual([...defaults.keys()].sort(), [...declared.keys()].sort(), 'a setting in one and not the other');
    for (const [key, d] of declared) assert.deepEqual(defaults.get(key), d.default, `default of fastInference.${key}`);
  });

  it('clamps numbers to the minimum and maximum package.json declares', () => {
    const numbers = [...declared].filter(([, d]) => d.type === 'number' || d.type === 'integer');
    assert.ok(numbers.length > 0);
    for (const [key, d] of numbers) {
      assert.ok(d.minimum !== undefined, `fastInference.${key} declares a minimum`);
      assert.equal(flatten(parseSettings(reader({ [key]: d.minimum - 1 }))).get(key), d.minimum, `fastInference.${key} below its minimum`);
      if (d.maximum !== undefined) assert.equal(flatten(parseSettings(reader({ [key]: d.maximum + 1 }))).get(key), d.maximum, `fastInference.${key} above its maximum`);
    }
  });
});
