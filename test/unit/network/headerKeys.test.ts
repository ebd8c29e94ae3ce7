// Credential headers in a profile (x-api-key, api-key, a Basic Authorization) move from user
// settings to secret storage like an API key, are sent from there, and are redacted from the
// log and every message, on the stand-in `vscode` module against the fake server.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type * as vscodeTypes from 'vscode';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { answers, commands, FakeLogChannel, FakeMemento, FakeSecretStorage, installFakeVscode, resetFakeVscode, settingsFile, shown } from '../config/fakeVscode';

installFakeVscode();
const { ApiKeyStore, moveKeysOutOfSettings } = require('../../../src/providers/vscode/secrets') as typeof import('../../../src/providers/vscode/secrets');
const { EndpointService } = require('../../../src/providers/vscode/endpoints') as typeof import('../../../src/providers/vscode/endpoints');
const { SettingsStore } = require('../../../src/config/settingsStore') as typeof import('../../../src/config/settingsStore');
const { redactingLogger } = require('../../../src/providers/vscode/redactingLog') as typeof import('../../../src/providers/vscode/redactingLog');
const { registerProviderCommands } = require('../../../src/providers/vscode/commands') as typeof import('../../../src/providers/vscode/commands');

const tag = randomBytes(4).toString('hex').toUpperCase();
const X_API_KEY = `CANARYXAPIKEY${tag}`;
const BASIC = Buffer.from(`me:CANARYBASIC${tag}`).toString('base64');

describe('credential headers in settings', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 1, tokensPerSecond: 100_000 });
  });
  after(() => server.close());

  it('move to secret storage, leave the settings file, are sent from there and never logged', async () => {
    resetFakeVscode();
    settingsFile.user.profiles = [
      { id: 'box', preset: 'custom', baseUrl: server.baseUrl, chatModel: 'fake-chat', headers: { 'x-api-key': X_API_KEY, Authorization: `Basic ${BASIC}`, 'X-Team': 'blue' } },
    ];
    settingsFile.user.chatProfile = 'box';
    const secrets = new FakeSecretStorage();
    const channel = new FakeLogChannel();
    const keys = new ApiKeyStore(secrets as unknown as vscodeTypes.SecretStorage);
    const settings = new SettingsStore();
    const logger = redactingLogger(channel as unknown as vscodeTypes.LogOutputChannel, () => keys.knownValues());
    const endpoints = new EndpointService({ settings, keys, globalState: new FakeMemento() as unknown as vscodeTypes.Memento, logger });
    try {
      assert.deepEqual(await moveKeysOutOfSettings(keys, logger), ['box', 'box']);
      assert.deepEqual(settingsFile.user.profiles, [{ id: 'box', preset: 'custom', baseUrl: server.baseUrl, chatModel: 'fake-chat', headers: { 'X-Team': 'blue' } }]);
      assert.deepEqual(JSON.parse(secrets.values.get('fastInference.headers.box') ?? '{}'), { 'x-api-key': X_API_KEY, Authorization: `Basic ${BASIC}` });
      assert.ok(shown.some((m) => m.kind === 'info' && m.text.includes('moved the "x-api-key" header and the "Authorization" header of "box"')), JSON.stringify(shown));

      await (await endpoints.clientFor(settings.current.chatProfile)).streamChat({ messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal).outcome;
      const sent = server.requests().at(-1)?.headers ?? {};
      assert.equal(sent['x-api-key'], X_API_KEY);
      assert.equal(sent.authorization, `Basic ${BASIC}`);
      assert.equal(sent['x-team'], 'blue');

      logger.warn(`the server said: you sent x-api-key ${X_API_KEY} and ${BASIC}`);
      const everything = JSON.stringify({ settingsFile, shown, log: channel.lines });
      assert.ok(!everything.includes(X_API_KEY) && !everything.includes(BASIC), everything);
      assert.ok(channel.lines.some((l) => l.includes('the server said: you sent x-api-key [redacted] and [redacted]')), channel.lines.join('\n'));

      // Remove API Key takes the profile's secret headers too.
      const registered = registerProviderCommands({ settings, keys, endpoints, logger });
      answers.push('Remove');
      await commands.executeCommand('fastInference.removeApiKey', 'box');
      registered.dispose();
      assert.ok(shown.some((m) => m.text === 'Remove the "x-api-key", "Authorization" headers of "box" from secret storage?'), JSON.stringify(shown));
      assert.equal(secrets.values.has('fastInference.headers.box'), false);
      assert.deepEqual(await keys.headers('box'), {});
    } finally {
      endpoints.dispose();
      settings.dispose();
      keys.dispose();
    }
  });
});
