// The pure half of the language-model provider: VS Code's messages and tools to chat
// messages, tool calls back to VS Code's input objects, and the model list it offers.
import * as assert from 'node:assert/strict';
import { messageText, ROLE, toChatMessages, toChatTools, toToolCallInput } from '../../../src/languageModels/core/messages';
import { describeModels, isChatModel, languageModelErrorCode, modelInfoId, parseModelInfoId, supportsTools, type ProfileModels } from '../../../src/languageModels/core/models';

// Plain copies of VS Code's part classes: the mapping reads parts by shape.
const text = (value: string) => ({ value });
const call = (callId: string, name: string, input: object) => ({ callId, name, input });
const result = (callId: string, content: unknown[]) => ({ callId, content });

describe('language models: messages', () => {
  it('maps a tool round trip to OpenAI turns, tool results right after the call that asked', () => {
    const messages = toChatMessages([
      { role: ROLE.system, content: [text('Be brief.')] },
      { role: ROLE.user, content: [text('What is in '), text('a.ts?')] },
      { role: ROLE.assistant, content: [text('Reading it.'), call('c1', 'read_file', { path: 'a.ts' })] },
      { role: ROLE.user, content: [result('c1', [text('export const a = 1;'), { value: { tsx: true } }]), text('Summarise.')] },
    ]);
    assert.deepEqual(messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is in a.ts?' },
      { role: 'assistant', content: 'Reading it.', toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }] },
      { role: 'tool', toolCallId: 'c1', content: 'export const a = 1;{"tsx":true}' },
      { role: 'user', content: 'Summarise.' },
    ]);
  });

  it('keeps an empty assistant turn, drops an empty user turn and parts it cannot read', () => {
    assert.deepEqual(toChatMessages([
      { role: ROLE.user, content: [{ mimeType: 'image/png', data: new Uint8Array(1) }] },
      { role: ROLE.assistant, content: [] },
      { role: ROLE.user, content: ['plain string', 42] },
    ]), [
      { role: 'assistant', content: '' },
      { role: 'user', content: 'plain string' },
    ]);
  });

  it('offers tools with their schema, and without one when none was given', () => {
    assert.deepEqual(toChatTools([{ name: 'a', description: 'A', inputSchema: { type: 'object' } }, { name: 'b', description: 'B' }]), [
      { name: 'a', description: 'A', parameters: { type: 'object' } },
      { name: 'b', description: 'B' },
    ]);
    assert.deepEqual(toChatTools(undefined), []);
  });

  it('turns a call’s JSON arguments into the tool’s input, and refuses arguments that are not an object', () => {
    assert.deepEqual(toToolCallInput({ id: 'c', name: 'read', arguments: '{"path":"x"}' }), { callId: 'c', name: 'read', input: { path: 'x' } });
    assert.deepEqual(toToolCallInput({ id: 'c', name: 'now', arguments: '' }).input, {});
    assert.throws(() => toToolCallInput({ id: 'c', name: 'read', arguments: '{"path":' }), /"read" with arguments that are not JSON/);
    assert.throws(() => toToolCallInput({ id: 'c', name: 'read', arguments: '[1]' }), /not a JSON object/);
  });

  it('counts text, calls and results for the token estimate', () => {
    assert.equal(messageText({ role: ROLE.user, content: [text('ab'), call('c', 'f', { x: 1 }), result('c', [text('ok')])] }), 'abf{"x":1}ok');
  });
});

const profile = (over: Partial<ProfileModels>): ProfileModels => ({
  profileId: 'fast',
  profileName: 'Fast',
  providerName: 'Custom',
  chatMaxTokens: 4096,
  toolCalling: true,
  models: [],
  ...over,
});

describe('language models: the model list', () => {
  it('names each chat model "Model · Profile" with the server’s limits, or the defaults', () => {
    const models = describeModels([
      profile({ models: [{ id: 'fake-coder', contextTokens: 32768, maxOutputTokens: 8192 }, { id: 'fake-chat' }, { id: 'fake-coder' }] }),
      profile({ profileId: 'work/vllm', profileName: 'Work', providerName: 'vLLM', chatMaxTokens: 1024, toolCalling: false, models: [{ id: 'org/model', maxOutputTokens: 512 }] }),
    ]);
    assert.deepEqual(models.map((m) => m.name), ['fake-coder · Fast', 'fake-chat · Fast', 'org/model · Work']);
    const [coder, chat, work] = models;
    assert.equal(coder!.maxOutputTokens, 4096, 'no more than the profile asks for');
    assert.equal(coder!.maxInputTokens, 32768 - 4096);
    assert.equal(chat!.maxInputTokens, 128_000 - 4096);
    assert.equal(work!.maxOutputTokens, 512);
    assert.deepEqual(work!.capabilities, { toolCalling: false });
    assert.equal(work!.detail, 'vLLM');
    assert.deepEqual(parseModelInfoId(work!.id), { profileId: 'work/vllm', model: 'org/model' });
    assert.deepEqual(parseModelInfoId(coder!.id), { profileId: 'fast', model: 'fake-coder' });
  });

  it('leaves out models that cannot chat', () => {
    for (const id of ['whisper-large-v3', 'distil-whisper-large-v3-en', 'text-embedding-3-small', 'nomic-embed-text', 'llama-guard-3-8b', 'playai-tts', 'bge-reranker-v2']) {
      assert.equal(isChatModel(id), false, id);
    }
    for (const id of ['gpt-oss-120b', 'llama-3.3-70b-versatile', 'qwen2.5-coder:7b', 'fake-coder', 'deepseek-chat']) assert.equal(isChatModel(id), true, id);
  });

  it('reads back only ids it made', () => {
    assert.equal(parseModelInfoId('no-slash'), undefined);
    assert.equal(parseModelInfoId('/model'), undefined);
    assert.equal(parseModelInfoId('profile/'), undefined);
    assert.equal(modelInfoId('a b', 'm'), 'a%20b/m');
  });

  it('classes failures the way vscode.LanguageModelError does', () => {
    assert.equal(languageModelErrorCode('model-not-found'), 'NotFound');
    assert.equal(languageModelErrorCode('auth'), 'NoPermissions');
    assert.equal(languageModelErrorCode('bad-request', 'set-key'), 'NoPermissions');
    assert.equal(languageModelErrorCode('rate-limited', 'wait'), 'Blocked');
    assert.equal(languageModelErrorCode('server', 'retry'), undefined);
    assert.equal(languageModelErrorCode(undefined), undefined);
  });

  it('marks tool calling for presets whose servers take OpenAI tools', () => {
    assert.equal(supportsTools('groq'), true);
    assert.equal(supportsTools('custom'), true);
    assert.equal(supportsTools('some-future-preset'), false);
  });
});
