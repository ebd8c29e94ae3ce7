// The language-model provider on the vscode stand-in, with the real provider layer: the model
// list from each profile's /v1/models, streamed text parts, tool calls both ways, cancellation
// that closes the request at the (fake) server, errors and rate limits as our chat words them,
// and a speed sample for every request.
import * as assert from 'node:assert/strict';
import type * as vscodeTypes from 'vscode';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import {
  CancellationTokenSource,
  commands,
  EventEmitter,
  installVscodeStandIn,
  LanguageModelChatMessageRole,
  LanguageModelChatToolMode,
  LanguageModelError,
  LanguageModelTextPart,
  LanguageModelToolCallPart,
  LanguageModelToolResultPart,
  recorded,
  resetVscode,
  workspace,
} from '../support/vscode';
import { scriptedFetch, sseResponse } from '../providers/helpers';
import { until } from '../support/until';

installVscodeStandIn();
const { registerLanguageModels, MANAGE_COMMAND } = require('../../../src/languageModels') as typeof import('../../../src/languageModels');
const { FastInferenceChatModels } = require('../../../src/languageModels/provider') as typeof import('../../../src/languageModels/provider');
const { DEFAULT_SETTINGS } = require('../../../src/config/core/settings') as typeof import('../../../src/config/core/settings');
const { resolveEndpoint } = require('../../../src/config/core/profiles') as typeof import('../../../src/config/core/profiles');
const { createInferenceClient, RateLimitGate } = require('../../../src/providers') as typeof import('../../../src/providers');
const { systemClock } = require('../../../src/shared/clock') as typeof import('../../../src/shared/clock');
const { silentLogger } = require('../../../src/shared/log') as typeof import('../../../src/shared/log');

type Provider = InstanceType<typeof FastInferenceChatModels>;
type Info = vscodeTypes.LanguageModelChatInformation;
type Settings = import('../../../src/config/core/settings').Settings;
type ProfileSettings = import('../../../src/config/core/settings').ProfileSettings;
type SpeedSample = import('../../../src/providers/types').SpeedSample;

/** Endpoints as the EndpointService makes them: one real client per profile, all observed, one rate-limit gate. */
function rig(profiles: ProfileSettings[], options: { fetch?: typeof fetch } = {}) {
  const settings: Settings = { ...DEFAULT_SETTINGS, profiles, firstTokenTimeoutSeconds: 30 };
  const samples: SpeedSample[] = [];
  const changed = new EventEmitter<void>();
  const rateLimits = new RateLimitGate(systemClock);
  const asked: string[] = [];
  const endpoints = {
    onDidChange: changed.event as unknown as vscodeTypes.Event<void>,
    async clientFor(id: string) {
      asked.push(id);
      const profile = profiles.find((p) => p.id === id);
      if (!profile) throw new Error(`There is no profile "${id}"`);
      return createInferenceClient(resolveEndpoint(profile, settings), {
        observer: { onEnd: (e) => samples.push(e.sample) },
        rateLimits,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    },
  };
  const provider = new FastInferenceChatModels({
    settings: { current: settings, onDidChange: new EventEmitter<Settings>().event as unknown as vscodeTypes.Event<Settings> },
    endpoints,
    logger: silentLogger,
  });
  return { provider, samples, changed, asked, rateLimits };
}

const token = () => new CancellationTokenSource().token as unknown as vscodeTypes.CancellationToken;

async function models(provider: Provider): Promise<Info[]> {
  return (await provider.provideLanguageModelChatInformation({ silent: true }, token())) as Info[];
}

function user(...content: unknown[]): vscodeTypes.LanguageModelChatRequestMessage {
  return { role: LanguageModelChatMessageRole.User, content, name: undefined } as vscodeTypes.LanguageModelChatRequestMessage;
}

function assistant(...content: unknown[]): vscodeTypes.LanguageModelChatRequestMessage {
  return { role: LanguageModelChatMessageRole.Assistant, content, name: undefined } as vscodeTypes.LanguageModelChatRequestMessage;
}

/** Runs one request and records the parts it reported. */
async function respond(
  provider: Provider,
  model: Info,
  messages: vscodeTypes.LanguageModelChatRequestMessage[],
  options: Partial<vscodeTypes.ProvideLanguageModelChatResponseOptions> = {},
  cancel?: CancellationTokenSource,
  onPart?: (part: unknown) => void,
) {
  const parts: unknown[] = [];
  const progress = { report: (p: unknown) => (parts.push(p), onPart?.(p)) };
  const source = cancel ?? new CancellationTokenSource();
  await provider.provideLanguageModelChatResponse(
    model as never,
    messages,
    { toolMode: LanguageModelChatToolMode.Auto, ...options } as vscodeTypes.ProvideLanguageModelChatResponseOptions,
    progress as vscodeTypes.Progress<vscodeTypes.LanguageModelResponsePart>,
    source.token as unknown as vscodeTypes.CancellationToken,
  );
  return parts;
}

const texts = (parts: unknown[]) => parts.filter((p) => p instanceof LanguageModelTextPart).map((p) => (p as LanguageModelTextPart).value).join('');

describe('language models: the provider against a fake server', function () {
  let server: FakeServer;
  let other: FakeServer;

  before(async () => {
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 2000, models: ['fake-coder', 'fake-chat', 'text-embedding-fake'], response: { kind: 'text', text: 'Hello from the fake server.' } });
    other = await startFakeServer({ models: ['big-model'] });
  });
  after(async () => {
    await server.close();
    await other.close();
  });
  beforeEach(() => {
    resetVscode();
    server.reset();
    other.reset();
  });

  const profiles = (): ProfileSettings[] => [
    { id: 'fast', preset: 'custom', label: 'Fast', baseUrl: server.baseUrl, chatModel: 'fake-chat' },
    { id: 'second', preset: 'custom', label: 'Second', baseUrl: other.baseUrl, chatModel: 'big-model', chatMaxTokens: 512 },
  ];

  it('registers vendor fastInference, and its management command opens Add Provider', async () => {
    const { provider } = rig(profiles());
    const registration = registerLanguageModels({} as vscodeTypes.ExtensionContext, {
      settings: { current: DEFAULT_SETTINGS, onDidChange: new EventEmitter<Settings>().event as never },
      endpoints: { clientFor: async () => Promise.reject(new Error('unused')), onDidChange: new EventEmitter<void>().event as never },
      logger: silentLogger,
    });
    assert.ok(recorded.languageModelProviders.get('fastInference'));
    await commands.executeCommand(MANAGE_COMMAND);
    assert.ok(recorded.executed.includes('fastInference.addProfile'));
    registration.dispose();
    assert.equal(recorded.languageModelProviders.has('fastInference'), false);
    assert.equal(commands.isRegistered(MANAGE_COMMAND), false);
    provider.dispose();
  });

  it('lists the chat models of every profile from its /v1/models, asking each server once until something changes', async () => {
    // A cloud profile without its key is left out: asking its server could only fail.
    const { provider, changed } = rig([...profiles(), { id: 'groq', preset: 'groq' }]);
    let fired = 0;
    provider.onDidChangeLanguageModelChatInformation(() => fired++);
    const list = await models(provider);
    assert.deepEqual(list.map((m) => m.name), ['fake-coder · Fast', 'fake-chat · Fast', 'big-model · Second']);
    const second = list.find((m) => m.name === 'big-model · Second')!;
    assert.equal(second.maxOutputTokens, 512);
    assert.equal(second.capabilities.toolCalling, true);
    await models(provider);
    assert.equal(server.requests().filter((r) => r.path === '/v1/models').length, 1);
    changed.fire();
    assert.equal(fired, 1);
    await models(provider);
    assert.equal(server.requests().filter((r) => r.path === '/v1/models').length, 2);
    provider.dispose();
  });

  it('a profile whose server cannot be asked still offers its configured chat model', async () => {
    const { provider } = rig([{ id: 'down', preset: 'custom', label: 'Down', baseUrl: 'http://127.0.0.1:9/v1', chatModel: 'local-model' }]);
    assert.deepEqual((await models(provider)).map((m) => m.name), ['local-model · Down']);
  });

  it('streams the answer as text parts, and records a chat speed sample with tokens/second', async () => {
    // Paced so the answer arrives as several events.
    server.configure({ tokensPerSecond: 200 });
    const { provider, samples } = rig(profiles());
    const fast = (await models(provider)).find((m) => m.name === 'fake-coder · Fast')!;
    const parts = await respond(provider, fast, [user(new LanguageModelTextPart('Say hello'))]);
    assert.equal(texts(parts), 'Hello from the fake server.');
    assert.ok(parts.length > 1, 'streamed in several parts');
    const sent = server.requests().find((r) => r.path === '/v1/chat/completions')!;
    assert.equal((sent.body as { model: string }).model, 'fake-coder');
    assert.deepEqual((sent.body as { messages: unknown }).messages, [{ role: 'user', content: 'Say hello' }]);
    assert.equal(samples.length, 1);
    assert.equal(samples[0]!.kind, 'chat');
    assert.equal(samples[0]!.profileId, 'fast');
    assert.ok((samples[0]!.tokensPerSecond ?? 0) > 0, JSON.stringify(samples[0]));
  });

  it('cancelling the token closes the request at the server', async () => {
    server.configure({ tokensPerSecond: 20, response: { kind: 'tokens', count: 10_000 } });
    const { provider, samples } = rig(profiles());
    const fast = (await models(provider)).find((m) => m.name === 'fake-chat · Fast')!;
    const cancel = new CancellationTokenSource();
    const parts = await respond(provider, fast, [user(new LanguageModelTextPart('Write a lot'))], {}, cancel, () => cancel.cancel());
    assert.ok(parts.length >= 1);
    const chat = await until(() => server.requests().find((r) => r.path === '/v1/chat/completions' && r.clientClosedAt !== undefined), 'the server to see the client leave');
    assert.equal(chat.completed, false);
    assert.ok(chat.tokensSent < 10_000);
    assert.equal(samples[0]!.aborted, true);
  });

  it('a server error reaches the caller worded as our chat words it; a model the server lacks is NotFound', async () => {
    server.configure({ strictModels: true });
    const { provider } = rig(profiles());
    const gone = { ...(await models(provider)).find((m) => m.name === 'fake-coder · Fast')!, id: 'fast/retired-model' };
    await assert.rejects(respond(provider, gone, [user(new LanguageModelTextPart('hi'))]), (err: unknown) => {
      assert.ok(err instanceof LanguageModelError);
      assert.equal(err.code, 'NotFound');
      assert.match(err.message, /retired-model/);
      return true;
    });
  });

  it('a 429 is Blocked with the wait, and the next request waits for the cooldown without the network', async () => {
    server.configure({ fault: { type: 'status', status: 429, headers: { 'retry-after': '30' }, body: '{"error":{"message":"Rate limit reached"}}' } });
    const { provider } = rig(profiles());
    const fast = (await models(provider)).find((m) => m.name === 'fake-coder · Fast')!;
    await assert.rejects(respond(provider, fast, [user(new LanguageModelTextPart('hi'))]), (err: unknown) => err instanceof LanguageModelError && err.code === 'Blocked');
    const sent = server.requests().length;
    await assert.rejects(respond(provider, fast, [user(new LanguageModelTextPart('again'))]), (err: unknown) => {
      assert.ok(err instanceof LanguageModelError && err.code === 'Blocked');
      assert.match(err.message, /rate limited; trying again in \d+ s/);
      return true;
    });
    assert.equal(server.requests().length, sent, 'refused before the network');
  });

  it('refuses in Restricted Mode unless allowed', async () => {
    workspace.isTrusted = false;
    const { provider } = rig(profiles());
    const fast = (await models(provider)).find((m) => m.name === 'fake-coder · Fast')!;
    await assert.rejects(respond(provider, fast, [user(new LanguageModelTextPart('hi'))]), /Restricted Mode/);
    assert.equal(server.requests().filter((r) => r.path === '/v1/chat/completions').length, 0);
  });

  it('counts tokens with the chat’s estimate, for text and for messages', async () => {
    const { provider } = rig(profiles());
    const [model] = await models(provider);
    assert.equal(await provider.provideTokenCount(model as never, 'x'.repeat(35), token()), 10);
    assert.equal(await provider.provideTokenCount(model as never, user(new LanguageModelTextPart('x'.repeat(7))), token()), 2);
  });
});

describe('language models: tool calls', () => {
  beforeEach(() => resetVscode());

  it('reports the model’s tool calls as parts, and sends the results back as tool turns', async () => {
    const { fetch, requests } = scriptedFetch((req) => {
      if (req.url.endsWith('/models')) return new Response(JSON.stringify({ data: [{ id: 'tool-model' }] }), { headers: { 'content-type': 'application/json' } });
      if (requests.filter((r) => r.url.endsWith('/chat/completions')).length === 1) {
        return sseResponse([
          { data: { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] } }] } },
          { data: { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] } }] } },
          { data: { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] } },
        ]);
      }
      return sseResponse([{ data: { choices: [{ index: 0, delta: { content: 'It is 3 °C in Oslo.' } }] } }]);
    });
    const { provider } = rig([{ id: 'p', preset: 'custom', label: 'P', baseUrl: 'http://127.0.0.1:9/v1' }], { fetch });
    const [model] = await models(provider);
    const tools = [{ name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }];
    const question = user(new LanguageModelTextPart('Weather in Oslo?'));
    const first = await respond(provider, model!, [question], { tools, toolMode: LanguageModelChatToolMode.Required });
    const calls = first.filter((p): p is LanguageModelToolCallPart => p instanceof LanguageModelToolCallPart);
    assert.deepEqual(calls.map((c) => ({ ...c })), [{ callId: 'call_1', name: 'get_weather', input: { city: 'Oslo' } }]);
    const firstBody = requests[1]!.body as { tools: unknown[]; tool_choice: string };
    assert.equal(firstBody.tool_choice, 'required');
    assert.deepEqual(firstBody.tools, [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: tools[0]!.inputSchema } }]);

    const second = await respond(provider, model!, [question, assistant(calls[0]), user(new LanguageModelToolResultPart('call_1', [new LanguageModelTextPart('3 °C')]))], { tools });
    assert.equal(texts(second), 'It is 3 °C in Oslo.');
    assert.deepEqual((requests[2]!.body as { messages: unknown }).messages, [
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '3 °C' },
    ]);
    assert.equal((requests[2]!.body as { tool_choice: string }).tool_choice, 'auto');
  });
});
