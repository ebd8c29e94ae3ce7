// Test Connection against the fake server through the real client: what it reports for a
// working endpoint (models, chat speed, completion route) and for the failures a new user
// meets first (no key, nothing listening, a web server that is not an API).
import * as assert from 'node:assert/strict';
import { checkConnection, summariseConnection } from '../../../src/config/core/connectionCheck';
import { createInferenceClient } from '../../../src/providers';
import type { EndpointConfig } from '../../../src/providers/types';
import { startFakeServer, type FakeServer } from '../../fake-server/server';

function endpoint(baseUrl: string, over: Partial<EndpointConfig> = {}): EndpointConfig {
  return {
    profileId: 'box',
    providerName: 'box',
    presetId: 'custom',
    baseUrl,
    headers: {},
    chatModel: 'fake-chat',
    completionModel: 'fake-coder',
    fimTransport: 'auto',
    fimTemplate: 'auto',
    serverTiming: 'none',
    firstTokenTimeoutMs: 10_000,
    chatMaxTokens: 256,
    completionMaxTokens: 32,
    temperature: 0,
    ...over,
  };
}

describe('Test Connection (connection check)', function () {
  this.timeout(20_000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 400, response: { kind: 'tokens', count: 60 }, models: ['fake-coder', 'fake-chat', 'fake-large', 'fake-small'] });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  const check = (over: Partial<EndpointConfig> = {}, url = server.baseUrl) =>
    checkConnection(createInferenceClient(endpoint(url, over)), new AbortController().signal);

  it('a working endpoint: its models, a measured chat answer and the completion route', async () => {
    const report = await check();
    assert.deepEqual(report.models, { ok: true, names: ['fake-coder', 'fake-chat', 'fake-large', 'fake-small'] });
    assert.ok(report.chat.ok);
    assert.equal(typeof report.chat.ttftMs, 'number');
    assert.ok(report.chat.tokensPerSecond !== null && report.chat.tokensPerSecond > 0, 'a decode rate was measured');
    assert.ok(report.completion.ok);
    assert.equal(report.completion.transport, 'completions-suffix');
    const summary = summariseConnection(report);
    assert.equal(summary.ok, true);
    assert.match(summary.message, /^box works: 4 models \(fake-coder, fake-chat, fake-large, …\); chat fake-chat: first token \d+ ms, [\d,.]+ tok\/s; completions through \/v1\/completions with suffix/);
    const paths = server.requests().map((r) => r.path);
    assert.deepEqual(paths, ['/v1/models', '/v1/chat/completions', '/v1/completions']);
  });

  it('a key the server refuses: one failure, named for the profile, fixed by Set API Key', async () => {
    server.configure({ fault: { type: 'status', status: 401, body: JSON.stringify({ error: { message: 'Invalid API key' } }) } });
    const report = await check({ providerName: 'work-groq' });
    assert.equal(report.chat.ok, false);
    const summary = summariseConnection(report);
    assert.equal(summary.ok, false);
    assert.equal(summary.action, 'set-key');
    assert.match(summary.message, /^work-groq: work-groq needs an API key \(401\)|^work-groq: work-groq rejected the API key/);
    assert.ok(!server.requests().some((r) => r.path === '/v1/completions'), 'no completion is asked after the key was refused');
  });

  it('nothing listening: says so and offers another provider', async () => {
    const closed = await startFakeServer();
    const url = closed.baseUrl.replace('127.0.0.1', 'localhost');
    await closed.close();
    const summary = summariseConnection(await check({}, url));
    assert.equal(summary.ok, false);
    assert.equal(summary.action, 'start-server');
    assert.match(summary.message, /Nothing is listening at/);
  });

  it('a web server that is not an API: "this is not an OpenAI-compatible endpoint"', async () => {
    server.configure({ fault: { type: 'status', status: 404, body: 'Not found' } });
    const summary = summariseConnection(await check());
    assert.equal(summary.ok, false);
    assert.equal(summary.action, 'check-url');
    assert.match(summary.message, /this is not an OpenAI-compatible endpoint/);
  });
});
