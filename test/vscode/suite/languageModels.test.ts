// Fast Inference's models through VS Code's own language-model API (vscode.lm), as VS Code's
// chat and other extensions reach them: two profiles' models from a fake server started in
// this host, a streamed answer, cancellation that closes the request at the server, a tool
// call both ways, and the request in the speed history.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import type { SpeedSample } from '../../../src/providers/types';

const EXTENSION_ID = 'fast-inference.fast-inference';
const VENDOR = 'fastInference';

/** Polls until `ready()` gives a value; the suite's mocha timeout ends a wait that never comes. */
async function until<T>(ready: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  for (;;) {
    const value = await ready();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every model of a profile, waiting for VS Code to take in the list after the settings changed. */
async function modelsOf(profileNames: string[]): Promise<vscode.LanguageModelChat[]> {
  return until(async () => {
    const models = await vscode.lm.selectChatModels({ vendor: VENDOR });
    return profileNames.every((p) => models.some((m) => m.name.endsWith(` · ${p}`))) ? models : undefined;
  });
}

function olderThan(version: string, [major, minor]: [number, number]): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a < major || (a === major && b < minor);
}

function speedHistory(): readonly SpeedSample[] {
  const api = vscode.extensions.getExtension<{ speedHistory(): readonly SpeedSample[] }>(EXTENSION_ID)?.exports;
  assert.ok(api, 'the extension exports its speed history');
  return api.speedHistory();
}

async function readAll(response: vscode.LanguageModelChatResponse): Promise<{ text: string; calls: vscode.LanguageModelToolCallPart[] }> {
  let text = '';
  const calls: vscode.LanguageModelToolCallPart[] = [];
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
  }
  return { text, calls };
}

describe('Fast Inference models in vscode.lm', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let replayDir: string;
  const config = () => vscode.workspace.getConfiguration('fastInference');
  const ANSWER = 'Streamed by the fake server for VS Code chat.';

  before(async () => {
    while (!vscode.extensions.getExtension(EXTENSION_ID)?.isActive) await new Promise((resolve) => setTimeout(resolve, 50));
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 400, models: ['fake-coder', 'fake-chat'], response: { kind: 'text', text: ANSWER } });
    replayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fi-lm-'));
    await config().update(
      'profiles',
      [
        { id: 'lm-fast', preset: 'custom', label: 'Fast', baseUrl: server.baseUrl, chatModel: 'fake-chat', completionModel: 'fake-coder' },
        { id: 'lm-second', preset: 'custom', label: 'Second', baseUrl: server.baseUrl, chatModel: 'fake-chat', completionModel: 'fake-coder' },
      ],
      vscode.ConfigurationTarget.Global,
    );
  });

  after(async () => {
    await config().update('profiles', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
    fs.rmSync(replayDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    server.configure({ replay: null, tokensPerSecond: 400, response: { kind: 'text', text: ANSWER } });
    server.clearLog();
  });

  it('selectChatModels({ vendor: "fastInference" }) returns the fake server’s models for both profiles', async () => {
    const models = await modelsOf(['Fast', 'Second']);
    const names = models.map((m) => m.name).sort();
    assert.deepEqual(names, ['fake-chat · Fast', 'fake-chat · Second', 'fake-coder · Fast', 'fake-coder · Second']);
    for (const m of models) {
      assert.equal(m.vendor, VENDOR);
      assert.ok(m.maxInputTokens > 0, `${m.name} maxInputTokens`);
    }
  });

  it('sendRequest streams the fake server’s answer, and the request lands in the speed history with tokens/second', async () => {
    const model = (await modelsOf(['Fast'])).find((m) => m.name === 'fake-coder · Fast');
    assert.ok(model);
    const before = speedHistory().length;
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Say something')], {}, new vscode.CancellationTokenSource().token);
    const { text } = await readAll(response);
    assert.equal(text, ANSWER);
    const chat = server.requests().find((r) => r.path === '/v1/chat/completions');
    assert.ok(chat, 'the request reached the fake server');
    assert.equal((chat.body as { model: string }).model, 'fake-coder');
    const sample = await until(() => speedHistory().slice(before).find((s) => s.profileId === 'lm-fast' && s.kind === 'chat'));
    assert.equal(sample.model, 'fake-coder');
    assert.ok(sample.tokensPerSecond !== null && sample.tokensPerSecond > 0, `tokens/second ${sample.tokensPerSecond}`);
  });

  it('cancelling the token closes the request at the fake server', async function () {
    // Before 1.127 VS Code does not pass a cancellation on to the provider once the request has started.
    if (olderThan(vscode.version, [1, 127])) this.skip();
    server.configure({ tokensPerSecond: 20, response: { kind: 'tokens', count: 5000 } });
    const model = (await modelsOf(['Second'])).find((m) => m.name === 'fake-chat · Second');
    assert.ok(model);
    const cancel = new vscode.CancellationTokenSource();
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Write a long essay')], {}, cancel.token);
    const reading = (async () => {
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) cancel.cancel();
      }
    })();
    await reading.catch(() => undefined);
    const closed = await until(() =>
      server.requests().find((r) => r.path === '/v1/chat/completions' && r.clientClosedAt !== undefined),
    );
    assert.equal(closed.completed, false);
    assert.ok(closed.tokensSent < 5000, `${closed.tokensSent} tokens sent`);
  });

  it('a tool call round-trips: the model’s call comes back as a part, the result goes out as a tool turn', async () => {
    const replay = path.join(replayDir, 'tool-call.sse');
    const event = (delta: object, finish: string | null = null) => `data: ${JSON.stringify({ id: 'chatcmpl-tool', object: 'chat.completion.chunk', created: 1, model: 'fake-coder', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    fs.writeFileSync(
      replay,
      event({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_weather', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }) +
        event({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }) +
        event({}, 'tool_calls') +
        'data: [DONE]\n\n',
    );
    server.configure({ replay: { file: replay, pace: 'instant' } });
    const model = (await modelsOf(['Fast'])).find((m) => m.name === 'fake-coder · Fast');
    assert.ok(model);
    const tools: vscode.LanguageModelChatTool[] = [
      { name: 'get_weather', description: 'The weather in a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    ];
    const question = vscode.LanguageModelChatMessage.User('What is the weather in Oslo?');
    const first = await readAll(await model.sendRequest([question], { tools }, new vscode.CancellationTokenSource().token));
    assert.equal(first.calls.length, 1);
    assert.equal(first.calls[0]!.callId, 'call_weather');
    assert.equal(first.calls[0]!.name, 'get_weather');
    assert.deepEqual(first.calls[0]!.input, { city: 'Oslo' });
    const asked = server.requests().find((r) => r.path === '/v1/chat/completions');
    assert.deepEqual((asked?.body as { tools?: unknown }).tools, [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city', parameters: tools[0]!.inputSchema } }]);

    server.configure({ replay: null, response: { kind: 'text', text: 'It is 3 °C in Oslo.' } });
    server.clearLog();
    const second = await readAll(
      await model.sendRequest(
        [
          question,
          vscode.LanguageModelChatMessage.Assistant([first.calls[0]!]),
          vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart('call_weather', [new vscode.LanguageModelTextPart('3 °C, cloudy')])]),
        ],
        { tools },
        new vscode.CancellationTokenSource().token,
      ),
    );
    assert.equal(second.text, 'It is 3 °C in Oslo.');
    const answered = server.requests().find((r) => r.path === '/v1/chat/completions');
    assert.deepEqual((answered?.body as { messages: unknown }).messages, [
      { role: 'user', content: 'What is the weather in Oslo?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_weather', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_weather', content: '3 °C, cloudy' },
    ]);
  });
});
