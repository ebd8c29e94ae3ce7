// The VS Code side of the provider layer (keys, endpoint service, commands) on a stand-in
// `vscode` module, against the fake server: a key typed into the Set API Key box reaches
// the server as a Bearer header and appears in no setting and no log line.
import * as assert from 'node:assert/strict';
import type * as vscodeTypes from 'vscode';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import {
  answers,
  commands,
  FakeLogChannel,
  FakeMemento,
  FakeSecretStorage,
  installFakeVscode,
  resetFakeVscode,
  setUserSetting,
  settingsFile,
  shown,
} from './fakeVscode';
import { until } from '../support/until';

installFakeVscode();
const { ApiKeyStore, watchForKeysInSettings } = require('../../../src/providers/vscode/secrets') as typeof import('../../../src/providers/vscode/secrets');
const { EndpointService } = require('../../../src/providers/vscode/endpoints') as typeof import('../../../src/providers/vscode/endpoints');
const { registerProviderCommands } = require('../../../src/providers/vscode/commands') as typeof import('../../../src/providers/vscode/commands');
const { SettingsStore } = require('../../../src/config/settingsStore') as typeof import('../../../src/config/settingsStore');
const { redactingLogger } = require('../../../src/providers/vscode/redactingLog') as typeof import('../../../src/providers/vscode/redactingLog');
const { watchProfileRefs } = require('../../../src/providers/vscode/profileRefWarning') as typeof import('../../../src/providers/vscode/profileRefWarning');

const TYPED_KEY = 'sk-typed-4f9a8b7c6d5e4f3a2b1c';
const SETTINGS_KEY = 'gsk_pasted_0a1b2c3d4e5f6a7b8c9d';

describe('provider adapters (stand-in vscode, fake server)', function () {
  this.timeout(20_000);
  let server: FakeServer;
  let secrets: FakeSecretStorage;
  let channel: FakeLogChannel;
  let disposables: { dispose(): unknown }[];
  let endpoints: InstanceType<typeof EndpointService>;
  let keys: InstanceType<typeof ApiKeyStore>;
  let state: FakeMemento;
  /** Recent speed per profile, as the speed history would tell the pickers. */
  let speeds: Record<string, string>;

  before(async () => {
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 5000 });
  });
  after(async () => {
    await server.close();
  });

  beforeEach(() => {
    resetFakeVscode();
    server.reset();
    settingsFile.user.profiles = [
      { id: 'local', preset: 'custom', baseUrl: server.baseUrl, chatModel: 'fake-chat', completionModel: 'fake-coder' },
      { id: 'cloud', preset: 'groq', baseUrl: server.baseUrl, chatModel: 'fake-chat', apiKey: SETTINGS_KEY },
    ];
    settingsFile.user.chatProfile = 'local';
    settingsFile.user.completionProfile = 'local';
    speeds = {};
    secrets = new FakeSecretStorage();
    channel = new FakeLogChannel();
    state = new FakeMemento();
    keys = new ApiKeyStore(secrets as unknown as vscodeTypes.SecretStorage);
    const settings = new SettingsStore();
    const logger = redactingLogger(channel as unknown as vscodeTypes.LogOutputChannel, () => keys.knownValues());
    endpoints = new EndpointService({ settings, keys, globalState: state as unknown as vscodeTypes.Memento, logger });
    disposables = [
      keys,
      settings,
      endpoints,
      watchForKeysInSettings(keys, logger),
      registerProviderCommands({ settings, keys, endpoints, logger, speedOf: (id) => speeds[id] }),
      watchProfileRefs(settings),
    ];
  });
  afterEach(() => disposables.forEach((d) => d.dispose()));

  /** beforeEach's settings hold a key: wait until it has been moved to secret storage. */
  const keyMoved = () => until(() => shown.some((m) => /moved the API key of "cloud"/.test(m.text)), 'the API key in settings to be moved');
  const everything = () => JSON.stringify({ settingsFile, shown, log: channel.lines, state: [...state.values] });

  it('moves a key found in settings into secret storage and removes it from the settings file', async () => {
    await keyMoved();
    assert.equal(secrets.values.get('fastInference.apiKey.cloud'), SETTINGS_KEY);
    assert.deepEqual((settingsFile.user.profiles as object[])[1], { id: 'cloud', preset: 'groq', baseUrl: server.baseUrl, chatModel: 'fake-chat' });
    assert.ok(shown.some((m) => m.kind === 'info' && /moved the API key of "cloud"/.test(m.text)));
    assert.ok(!everything().includes(SETTINGS_KEY), 'the key is in no setting, message or log line');
    // And it is used: the cloud profile's requests carry it.
    await (await endpoints.clientFor('cloud')).streamChat({ messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal).outcome;
    assert.equal(server.requests().at(-1)?.headers.authorization, `Bearer ${SETTINGS_KEY}`);
  });

  it('Set API Key: a typed key reaches the server as a Bearer header and nowhere else', async () => {
    await keyMoved();
    const before = await endpoints.clientFor('local');
    answers.push('local', TYPED_KEY); // the profile picker shows profile names; then the password box
    await commands.executeCommand('fastInference.setApiKey');
    assert.ok(shown.some((m) => m.kind === 'inputBox' && m.text.endsWith('| password')), 'typed into a password box');
    const client = await endpoints.clientFor('local');
    assert.notEqual(client, before, 'the client was rebuilt with the new key');
    const stream = client.streamChat({ messages: [{ role: 'user', content: 'hello' }] }, new AbortController().signal);
    await stream.outcome;
    assert.equal(server.requests().at(-1)?.headers.authorization, `Bearer ${TYPED_KEY}`);
    assert.equal(secrets.values.get('fastInference.apiKey.local'), TYPED_KEY);
    assert.ok(channel.lines.some((l) => /API key set for profile "local"/.test(l)));
    assert.ok(!everything().includes(TYPED_KEY), 'the key is in no setting, message or log line');
  });

  it('Set API Key with a single profile goes straight to the password box', async () => {
    await keyMoved();
    await setUserSetting('profiles', [{ id: 'only', preset: 'custom', baseUrl: server.baseUrl }]);
    answers.push(TYPED_KEY);
    await commands.executeCommand('fastInference.setApiKey');
    assert.deepEqual(shown.filter((m) => m.kind === 'quickPick'), []);
    assert.equal(secrets.values.get('fastInference.apiKey.only'), TYPED_KEY);
  });

  it('a failing request logs without the key, even when the server echoes it', async () => {
    await secrets.store('fastInference.apiKey.local', TYPED_KEY);
    server.configure({ fault: { type: 'status', status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${TYPED_KEY}` } }) } });
    const client = await endpoints.clientFor('local');
    await assert.rejects(client.streamChat({ messages: [{ role: 'user', content: 'x' }] }, new AbortController().signal).outcome);
    assert.ok(channel.lines.some((l) => /failed/.test(l)));
    assert.ok(!everything().includes(TYPED_KEY));
  });

  it('Remove API Key deletes it after confirmation', async () => {
    await keyMoved();
    answers.push('cloud', 'Remove');
    await commands.executeCommand('fastInference.removeApiKey');
    assert.equal(secrets.values.has('fastInference.apiKey.cloud'), false);
  });

  it('Add Provider writes a profile to user settings, asks for an optional key, switches to it and tests the connection', async () => {
    await keyMoved();
    // Custom: id, base URL, an empty (optional) key, what to use it for.
    answers.push('Custom', 'mine', server.baseUrl, '', 'Completions');
    await commands.executeCommand('fastInference.addProfile');
    const profiles = settingsFile.user.profiles as { id: string; preset: string }[];
    assert.deepEqual(profiles.at(-1), { id: 'mine', preset: 'custom', baseUrl: server.baseUrl });
    assert.ok(shown.some((m) => m.kind === 'inputBox' && /API Key for mine \(optional\)/.test(m.text)), 'the Custom preset asks for a key');
    assert.equal(secrets.values.has('fastInference.apiKey.mine'), false, 'an empty key stores nothing');
    assert.equal(settingsFile.user.completionProfile, 'mine');
    assert.equal(settingsFile.user.chatProfile, 'local');
    assert.ok(shown.some((m) => m.kind === 'info' && /^mine works: 2 models/.test(m.text)), JSON.stringify(shown));
    assert.ok(server.requests().some((r) => r.path === '/v1/chat/completions'), 'the test sent a real chat request');
  });

  it('Add Provider on a first start replaces the untouched default profile and serves completions and chat', async () => {
    await keyMoved();
    // A first start: the user's settings list no profiles (the default Ollama one applies).
    settingsFile.user = {};
    answers.push('Custom', 'mine', server.baseUrl, '');
    await commands.executeCommand('fastInference.addProfile');
    assert.deepEqual(settingsFile.user.profiles, [{ id: 'mine', preset: 'custom', baseUrl: server.baseUrl }]);
    assert.equal(settingsFile.user.completionProfile, 'mine');
    assert.equal(settingsFile.user.chatProfile, 'mine');
    assert.ok(!shown.some((m) => m.kind === 'quickPick' && /Use mine for/.test(m.text)), 'no question about what to use it for');
    assert.equal(answers.length, 0);
  });

  it('Add Provider asks once before replacing a default profile that has answered here', async () => {
    await keyMoved();
    settingsFile.user = { profiles: [{ id: 'ollama', preset: 'ollama' }] };
    speeds.ollama = '95 tok/s · 120 ms';
    answers.push('Custom', 'Keep Ollama too', 'mine', server.baseUrl, '', 'Chat');
    await commands.executeCommand('fastInference.addProfile');
    assert.ok(shown.some((m) => m.kind === 'quickPick' && m.text.startsWith('Add Custom | Replace Ollama with Custom, Keep Ollama too')), JSON.stringify(shown));
    assert.deepEqual(settingsFile.user.profiles, [{ id: 'ollama', preset: 'ollama' }, { id: 'mine', preset: 'custom', baseUrl: server.baseUrl }]);
    assert.equal(settingsFile.user.chatProfile, 'mine');
    assert.equal(settingsFile.user.completionProfile, undefined, 'completions stay with Ollama');

    // Written out as VS Code would after a settings edit: completionProfile and chatProfile must never name a missing profile on the way.
    settingsFile.user = { profiles: [{ id: 'ollama', preset: 'ollama' }], completionProfile: 'ollama', chatProfile: 'ollama' };
    answers.push('Custom', 'Replace Ollama with Custom', 'mine', server.baseUrl, '');
    await commands.executeCommand('fastInference.addProfile');
    assert.deepEqual(settingsFile.user.profiles, [{ id: 'mine', preset: 'custom', baseUrl: server.baseUrl }]);
    assert.equal(settingsFile.user.completionProfile, 'mine');
    assert.equal(settingsFile.user.chatProfile, 'mine');
    assert.ok(!shown.some((m) => m.kind === 'warning'), `no warning about a missing profile: ${JSON.stringify(shown)}`);
    assert.equal(answers.length, 0);
  });

  it('Switch Completion/Chat Provider write the choice', async () => {
    answers.push('cloud');
    await commands.executeCommand('fastInference.selectChatProvider');
    assert.equal(settingsFile.user.chatProfile, 'cloud');
    await commands.executeCommand('fastInference.selectCompletionProvider', 'cloud');
    assert.equal(settingsFile.user.completionProfile, 'cloud');
  });

  it('Pick Model lists /v1/models and writes the chosen model', async () => {
    server.configure({ models: ['alpha', 'beta'] });
    answers.push('local', 'beta', 'Both');
    await commands.executeCommand('fastInference.pickModel');
    const local = (settingsFile.user.profiles as Record<string, unknown>[])[0];
    assert.equal(local.chatModel, 'beta');
    assert.equal(local.completionModel, 'beta');
    assert.ok(shown.some((m) => m.kind === 'quickPick' && m.text.includes('alpha, beta')));
  });

  it('Pick Model shows an actionable error when the server is down', async () => {
    await keyMoved();
    const stopped = await startFakeServer();
    await stopped.close();
    await setUserSetting('profiles', [{ id: 'local', preset: 'llamacpp', baseUrl: stopped.baseUrl }]);
    await commands.executeCommand('fastInference.pickModel', 'local');
    assert.ok(shown.some((m) => m.kind === 'error' && /Is the local server running\?/.test(m.text)));
  });

  it('remembers the learnt FIM transport in globalState', async () => {
    server.configure({ capabilities: { suffix: 'reject', infill: '404' }, response: { kind: 'text', text: 'x' } });
    await keyMoved();
    await setUserSetting('profiles', [{ id: 'local', preset: 'vllm', baseUrl: server.baseUrl, completionModel: 'qwen2.5-coder-7b' }]);
    const client = await endpoints.completionClient();
    const outcome = await client.streamFim({ prefix: 'a', suffix: 'b', maxTokens: 4 }, new AbortController().signal).outcome;
    assert.equal(outcome.transport, 'raw-template');
    assert.deepEqual(state.get('fastInference.fimTransports'), { [`${server.baseUrl}#qwen2.5-coder-7b`]: 'raw-template' });
  });

  it('registerProviderLayer wires keys, logger, endpoints and commands from the extension context', async () => {
    const { registerProviderLayer } = require('../../../src/providers/vscode') as typeof import('../../../src/providers/vscode');
    await keyMoved();
    const profiles = settingsFile.user.profiles as Record<string, unknown>[];
    profiles[1] = { ...profiles[1], apiKey: SETTINGS_KEY };
    const layerSecrets = new FakeSecretStorage();
    const layerLog = new FakeLogChannel();
    const settings = new SettingsStore();
    const layer = registerProviderLayer(
      { secrets: layerSecrets, globalState: new FakeMemento() } as unknown as vscodeTypes.ExtensionContext,
      { settings, log: layerLog as unknown as vscodeTypes.LogOutputChannel },
    );
    await until(() => layerSecrets.values.get('fastInference.apiKey.cloud') === SETTINGS_KEY, 'keys in settings to be moved at start');
    const seen: string[] = [];
    const sub = layer.endpoints.observe({ onEnd: (i) => seen.push(i.sample.profileId) });
    await (await layer.endpoints.clientFor(settings.current.chatProfile)).streamChat({ messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal).outcome;
    assert.deepEqual(seen, ['local']);
    layer.logger.info(`leak ${SETTINGS_KEY}`);
    assert.ok(!layerLog.lines.join('\n').includes(SETTINGS_KEY));
    sub.dispose();
    layer.dispose();
    settings.dispose();
  });

  it('every listener hears every request event, a model still loading included', async () => {
    const events = new Set<string>();
    const sub = endpoints.observe({
      onStart: () => events.add('start'),
      onLoading: () => events.add('loading'),
      onProgress: () => events.add('progress'),
      onEnd: () => events.add('end'),
    });
    server.configure({ loadingMs: 600_000 });
    const client = await endpoints.clientFor('local');
    const stream = client.streamChat({ messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal);
    await until(() => events.has('loading'), 'the loading state reported');
    server.configure({ loadingMs: 0 });
    await stream.outcome;
    assert.deepEqual([...events], ['start', 'loading', 'progress', 'end']);
    sub.dispose();
  });

  it('an unknown profile id is a clear error; every client shares one rate-limit gate', async () => {
    await assert.rejects(endpoints.clientFor('nope'), /no profile "nope"/);
    server.configure({ fault: { type: 'status', status: 429, headers: { 'retry-after': '30' }, times: 1 } });
    const client = await endpoints.clientFor('local');
    await assert.rejects(client.streamChat({ messages: [{ role: 'user', content: 'x' }] }, new AbortController().signal).outcome);
    assert.ok(endpoints.rateLimits.remainingMs('local') > 29_000);
  });
});
