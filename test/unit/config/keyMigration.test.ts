import * as assert from 'node:assert/strict';
import { extractKeysFromProfiles, isCredentialHeader } from '../../../src/config/core/keyMigration';
import { appendProfile, setProfileField, uniqueProfileId, validProfileId } from '../../../src/config/core/profileEdits';

describe('keys found in settings', () => {
  it('takes apiKey-like fields and Bearer headers out of profile entries', () => {
    const raw = [
      { id: 'groq', preset: 'groq', apiKey: 'gsk_abc123' },
      { id: 'box', preset: 'custom', baseUrl: 'http://x/v1', headers: { Authorization: 'Bearer tok-999', 'X-Team': 'a' } },
      { id: 'plain', preset: 'ollama' },
      'junk',
    ];
    const { found, cleaned } = extractKeysFromProfiles(raw);
    assert.deepEqual(found, [
      { profileId: 'groq', key: 'gsk_abc123', field: 'apiKey' },
      { profileId: 'box', key: 'tok-999', field: 'headers.Authorization' },
    ]);
    assert.deepEqual(cleaned, [
      { id: 'groq', preset: 'groq' },
      { id: 'box', preset: 'custom', baseUrl: 'http://x/v1', headers: { 'X-Team': 'a' } },
      { id: 'plain', preset: 'ollama' },
      'junk',
    ]);
    assert.ok(!JSON.stringify(cleaned).includes('gsk_abc123') && !JSON.stringify(cleaned).includes('tok-999'));
    assert.deepEqual(raw[0], { id: 'groq', preset: 'groq', apiKey: 'gsk_abc123' }, 'the input is not modified');
  });

  it('drops an emptied headers object and leaves clean settings alone', () => {
    const { cleaned } = extractKeysFromProfiles([{ id: 'a', preset: 'custom', headers: { authorization: 'bearer k' } }]);
    assert.deepEqual(cleaned, [{ id: 'a', preset: 'custom' }]);
    const untouched = [{ id: 'b', preset: 'custom', headers: { 'X-Team': 'blue', 'HTTP-Referer': 'https://example.org', 'api-version': '2024-10-21' } }];
    const result = extractKeysFromProfiles(untouched);
    assert.equal(result.found.length, 0);
    assert.equal(result.cleaned, untouched);
    assert.deepEqual(extractKeysFromProfiles(undefined), { found: [], cleaned: [] });
  });

  it('takes every credential header out, keeping its name and whole value for secret storage', () => {
    const headers = {
      Authorization: 'Basic dXNlcjpwYXNz',
      'x-api-key': 'xk-1',
      'api-key': 'azure-2',
      'Ocp-Apim-Subscription-Key': 'apim-3',
      apikey: 'supa-4',
      'X-Auth-Token': 'tok-5',
      Cookie: 'session=abc',
      'X-Client-Secret': 'sec-6',
      'X-Team': 'blue',
    };
    const { found, cleaned } = extractKeysFromProfiles([{ id: 'box', preset: 'custom', headers }]);
    assert.deepEqual(
      found.map((f) => [f.header, f.key]),
      Object.entries(headers).filter(([name]) => name !== 'X-Team'),
    );
    assert.ok(found.every((f) => f.field === `headers.${f.header}`));
    assert.deepEqual(cleaned, [{ id: 'box', preset: 'custom', headers: { 'X-Team': 'blue' } }]);
  });

  it('tells credential header names from others', () => {
    for (const name of ['Authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'API_KEY', 'x-goog-api-key', 'key', 'X-Access-Token', 'x-refresh-token', 'client-secret', 'x-password']) {
      assert.ok(isCredentialHeader(name), name);
    }
    for (const name of ['X-Team', 'Content-Type', 'HTTP-Referer', 'X-Title', 'OpenAI-Organization', 'monkey', 'keyboard', 'x-request-id', 'api-version']) {
      assert.ok(!isCredentialHeader(name), name);
    }
  });
});

describe('profile edits', () => {
  const raw = [{ id: 'groq', preset: 'groq', futureField: 1 }, { id: 'groq-2', preset: 'groq' }];

  it('finds a free id and validates typed ones', () => {
    assert.equal(uniqueProfileId('groq', raw), 'groq-3');
    assert.equal(uniqueProfileId('cerebras', raw), 'cerebras');
    assert.match(validProfileId('groq', raw) ?? '', /already exists/);
    assert.match(validProfileId('my box', raw) ?? '', /letters, digits/);
    assert.equal(validProfileId('box', raw), undefined);
  });

  it('appends and edits without losing unknown fields', () => {
    assert.deepEqual(appendProfile(raw, { id: 'box', preset: 'custom', baseUrl: 'http://x/v1' }).at(-1), { id: 'box', preset: 'custom', baseUrl: 'http://x/v1' });
    assert.deepEqual(setProfileField(raw, 'groq', 'chatModel', 'm')?.[0], { id: 'groq', preset: 'groq', futureField: 1, chatModel: 'm' });
    assert.equal(setProfileField(raw, 'missing', 'chatModel', 'm'), undefined);
  });
});
