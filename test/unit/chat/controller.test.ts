import * as assert from 'node:assert/strict';
import { ChatController } from '../../../src/chat/core/controller';
import { ConversationStore } from '../../../src/chat/core/store';
import { ProviderError } from '../../../src/providers/errors';
import type { HostMessage } from '../../../src/shared/chatProtocol';
import { ManualTime } from './fakeTime';
import { FakeContext, FakeEditor, FakeProviders, FakeUi, ScriptedClient } from './fakes';
import { InMemoryStorage } from '../support/memoryStorage';

function setup(storage = new InMemoryStorage()) {
  const time = new ManualTime();
  const client = new ScriptedClient();
  const providers = new FakeProviders(client);
  const context = new FakeContext();
  const editor = new FakeEditor();
  const ui = new FakeUi();
  let n = 0;
  const newId = () => `id${++n}`;
  const store = new ConversationStore(storage, time, () => 1_700_000_000_000 + n, newId);
  const controller = new ChatController({ store, providers, context, editor, ui, clock: time, timers: time, now: () => 1_700_000_000_000, newId, flushIntervalMs: 16 });
  const posted: HostMessage[] = [];
  controller.outbox.attach((m) => posted.push(structuredClone(m)));
  const of = <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  return { time, client, providers, context, editor, ui, store, controller, posted, of, storage };
}

async function ready(s: ReturnType<typeof setup>) {
  await s.controller.handle({ type: 'ready' });
}

describe('ChatController', () => {
  it('queues nothing stale before ready, then sends a snapshot followed by waiting focus requests', async () => {
    const s = setup();
    s.controller.focusInput();
    s.controller.newConversation();
    assert.equal(s.posted.length, 0);
    await ready(s);
    assert.deepEqual(s.posted.map((m) => m.type), ['init', 'focusInput']);
    const init = s.of('init')[0];
    assert.equal(init.providers.model, 'fake-chat');
    assert.equal(init.busy, false);
  });

  it('names the model the server answered with when the profile leaves the model to the server', async () => {
    const s = setup();
    s.providers.model = '';
    s.providers.serverDefault = {};
    await ready(s);
    assert.deepEqual(s.of('init')[0].providers.serverDefault, {}, 'not known before an answer');
    s.client.scripts.push({ deltas: [{ kind: 'content', text: 'Hi' }] });
    await s.controller.handle({ type: 'send', text: 'Hello?' });
    // The scripted answer's sample names fake-chat, as the server's response would.
    assert.deepEqual(s.of('providers').at(-1)?.providers.serverDefault, { model: 'fake-chat' });
    await s.controller.handle({ type: 'resync' });
    assert.deepEqual(s.of('init').at(-1)?.providers.serverDefault, { model: 'fake-chat' });
    // Another answer from the same model changes nothing; a settings change forgets it.
    const before = s.of('providers').length;
    await s.controller.handle({ type: 'send', text: 'Again' });
    assert.equal(s.of('providers').length, before);
    await s.controller.handle({ type: 'selectModel', model: 'fake-coder' });
    assert.equal(s.providers.model, 'fake-coder');
    assert.deepEqual(s.of('providers').at(-1)?.providers.serverDefault, {});
    await s.controller.handle({ type: 'selectModel', model: '' });
    assert.equal(s.providers.model, '', 'an empty model leaves the choice to the server again');
  });

  it('a profile that names its model gets no server default', async () => {
    const s = setup();
    await ready(s);
    await s.controller.handle({ type: 'send', text: 'Hello?' });
    assert.equal(s.of('init')[0].providers.serverDefault, undefined);
    assert.equal(s.of('providers').length, 0);
  });

  it('streams a reply: user message, assistant message, batched deltas, finish with speed', async () => {
    const s = setup();
    await ready(s);
    s.client.scripts.push({ deltas: [{ kind: 'reasoning', text: 'hmm ' }, { kind: 'content', text: 'Hello' }, { kind: 'content', text: ' world' }] });
    await s.controller.handle({ type: 'send', text: 'Say hello' });
    const added = s.of('messageAdded');
    assert.deepEqual(added.map((m) => m.message.role), ['user', 'assistant']);
    const deltas = s.of('delta');
    assert.ok(deltas.length >= 1 && deltas.length <= 3);
    assert.equal(deltas.map((d) => d.content).join(''), 'Hello world');
    assert.equal(deltas.map((d) => d.reasoning).join(''), 'hmm ');
    const finished = s.of('messageFinished')[0];
    assert.equal(finished.status, 'done');
    assert.equal(finished.contentLength, 11);
    assert.equal(finished.speed?.tokensPerSecond, 2000);
    assert.deepEqual(s.of('busy').map((b) => b.busy), [true, false]);
    const sent = s.client.requests[0].req.messages;
    assert.equal(sent[0].role, 'system');
    assert.deepEqual(sent.at(-1), { role: 'user', content: 'Say hello' });
    assert.equal(s.store.active.messages[1].content, 'Hello world');
    assert.equal(s.store.active.title, 'Say hello');
  });

  it('a prompt sent while an answer streams goes back into the box with a notice', async () => {
    const s = setup();
    await ready(s);
    s.client.scripts.push({ deltas: [{ kind: 'content', text: 'Partial ' }, { kind: 'content', text: 'rest' }], pauseAfter: 1 });
    const paused = s.client.whenPaused();
    const first = s.controller.handle({ type: 'send', text: 'first' });
    await paused;
    await s.controller.handle({ type: 'send', text: 'second' });
    assert.deepEqual(s.of('promptReturned'), [{ type: 'promptReturned', text: 'second' }]);
    assert.match(s.of('notice').at(-1)?.text ?? '', /still streaming.*back in the box/);
    assert.deepEqual(s.of('messageAdded').filter((m) => m.message.role === 'user').map((m) => m.message.content), ['first']);
    await s.controller.handle({ type: 'stop' });
    await first;
  });

  it("a second prompt while the first one's context is being read goes back too, and only one reply runs", async () => {
    const s = setup();
    await ready(s);
    let release!: () => void;
    s.context.holdUntil = new Promise<void>((resolve) => (release = resolve));
    const first = s.controller.handle({ type: 'send', text: 'first' });
    await s.controller.handle({ type: 'send', text: 'second' });
    assert.deepEqual(s.of('promptReturned').map((m) => m.text), ['second']);
    release();
    await first;
    assert.equal(s.client.requests.length, 1);
    assert.deepEqual(s.store.active.messages.map((m) => m.role), ['user', 'assistant']);
  });

  it('a context that cannot be read does not cost the prompt: it is sent without it, with a notice', async () => {
    const s = setup();
    await ready(s);
    s.context.offered = [{ id: 'auto', kind: 'file', label: 'a.ts', path: 'a.ts', languageId: 'typescript', auto: true }];
    s.context.failWith = new Error('file not found');
    await s.controller.handle({ type: 'send', text: 'Explain a.ts' });
    const user = s.of('messageAdded').find((m) => m.message.role === 'user');
    assert.equal(user?.message.content, 'Explain a.ts');
    assert.deepEqual(user?.message.context, [], 'the chip is not shown as sent');
    assert.match(s.of('notice').at(-1)?.text ?? '', /could not be read \(file not found\).*sent without it/);
    assert.equal(s.client.requests.length, 1);
    assert.equal(s.of('promptReturned').length, 0);
  });

  it('Stop aborts the request at the client and keeps the partial answer', async () => {
    const s = setup();
    await ready(s);
    s.client.scripts.push({ deltas: [{ kind: 'content', text: 'Partial ' }, { kind: 'content', text: 'never' }], pauseAfter: 1 });
    const paused = s.client.whenPaused();
    const sending = s.controller.handle({ type: 'send', text: 'long answer please' });
    await paused;
    assert.equal(s.controller.busy, true);
    await s.controller.handle({ type: 'stop' });
    await sending;
    assert.equal(s.client.requests[0].signal.aborted, true);
    const reply = s.store.active.messages[1];
    assert.equal(reply.status, 'stopped');
    assert.equal(reply.content, 'Partial ');
    assert.equal(s.of('messageFinished')[0].status, 'stopped');
  });

  it('shows a provider error with its actions and retries it', async () => {
    const s = setup();
    await ready(s);
    const err = new ProviderError({ kind: 'auth', message: 'Groq rejected the API key (401).' });
    s.client.scripts.push({ error: err });
    await s.controller.handle({ type: 'send', text: 'hi' });
    const failed = s.of('messageFinished')[0];
    assert.equal(failed.status, 'error');
    assert.deepEqual(failed.error?.buttons, ['set-key', 'retry']);
    assert.equal(failed.error?.message, 'Groq rejected the API key (401).');

    s.client.scripts.push({ deltas: [{ kind: 'content', text: 'Hi!' }] });
    await s.controller.handle({ type: 'retry', messageId: failed.messageId });
    assert.deepEqual(s.of('messageRemoved').map((m) => m.messageId), [failed.messageId]);
    assert.deepEqual(s.store.active.messages.map((m) => [m.role, m.content, m.status]), [
      ['user', 'hi', 'done'],
      ['assistant', 'Hi!', 'done'],
    ]);
    assert.equal(s.client.requests.length, 2);
    assert.deepEqual(s.client.requests[1].req.messages.at(-1), { role: 'user', content: 'hi' });
  });

  it('passes the rate-limit wait and the offered models to the webview', async () => {
    const s = setup();
    await ready(s);
    s.client.scripts.push({ error: new ProviderError({ kind: 'rate-limited', message: 'Rate limited', retryAfterMs: 7000 }) });
    await s.controller.handle({ type: 'send', text: 'a' });
    assert.equal(s.of('messageFinished')[0].error?.retryAfterMs, 7000);
    s.client.scripts.push({ error: new ProviderError({ kind: 'model-not-found', message: 'No such model', availableModels: ['m1', 'm2'] }) });
    await s.controller.handle({ type: 'send', text: 'b' });
    const e = s.of('messageFinished')[1].error;
    assert.deepEqual(e?.buttons, ['pick-model', 'retry']);
    assert.deepEqual(e?.models, ['m1', 'm2']);
  });

  it('sends the offered context, leaves out what resolved to nothing, and consumes hand-added chips', async () => {
    const s = setup();
    await ready(s);
    s.context.offered = [
      { id: 'auto', kind: 'selection', label: 'a.ts:1-2', path: 'src/a.ts', languageId: 'typescript', auto: true },
      { id: 'env', kind: 'file', label: '.env', path: '.env', languageId: 'dotenv', auto: false },
    ];
    s.context.texts.set('auto', { kind: 'selection', path: 'src/a.ts', languageId: 'typescript', text: 'let a = 1;\n', startLine: 1, endLine: 2 });
    await s.controller.handle({ type: 'send', text: 'Explain' });
    const user = s.of('messageAdded')[0].message;
    assert.deepEqual(user.context.map((c) => c.id), ['auto']);
    assert.ok(!('contextBlocks' in user), 'context text stays on the host');
    assert.ok(s.client.requests[0].req.messages.at(-1)?.content.includes('let a = 1;'));
    assert.equal(s.context.consumedCount, 1);
  });

  it('attaches no code in Restricted Mode', async () => {
    const s = setup();
    s.context.restrictedMode = true;
    s.context.offered = [{ id: 'auto', kind: 'file', label: 'a.ts', path: 'src/a.ts', languageId: 'typescript', auto: true }];
    s.context.texts.set('auto', { kind: 'file', path: 'src/a.ts', languageId: 'typescript', text: 'SECRET_CODE' });
    await ready(s);
    assert.equal(s.of('init')[0].restricted, true);
    assert.deepEqual(s.of('init')[0].context, []);
    await s.controller.handle({ type: 'send', text: 'Explain' });
    assert.ok(!JSON.stringify(s.client.requests[0].req).includes('SECRET_CODE'));
  });

  it('refuses a second prompt while one streams', async () => {
    const s = setup();
    await ready(s);
    s.client.scripts.push({ deltas: [{ kind: 'content', text: 'a' }, { kind: 'content', text: 'b' }], pauseAfter: 1 });
    const paused = s.client.whenPaused();
    const first = s.controller.handle({ type: 'send', text: 'one' });
    await paused;
    await s.controller.handle({ type: 'send', text: 'two' });
    assert.equal(s.of('notice').length, 1);
    s.client.release();
    await first;
    assert.equal(s.client.requests.length, 1);
  });

  it('opens only web links, runs host actions and code actions, answers requests by id', async () => {
    const s = setup();
    await ready(s);
    await s.controller.handle({ type: 'openLink', href: 'javascript:alert(1)' });
    await s.controller.handle({ type: 'openLink', href: 'https://example.com' });
    assert.deepEqual(s.ui.opened, ['https://example.com']);
    await s.controller.handle({ type: 'hostAction', action: 'set-key' });
    assert.deepEqual(s.ui.ran, ['set-key']);
    await s.controller.handle({ type: 'codeAction', action: 'copy', code: 'x', language: 'ts' });
    assert.deepEqual(s.editor.calls, ['copy:x']);
    assert.equal(s.of('notice')[0].text, 'Copied');
    await s.controller.handle({ type: 'request', requestId: 9, request: { kind: 'listModels', profileId: 'fake' } });
    await s.controller.handle({ type: 'request', requestId: 10, request: { kind: 'listOpenFiles' } });
    const responses = s.of('response');
    assert.deepEqual(responses.map((r) => r.requestId), [9, 10]);
    assert.deepEqual(responses[0].ok && responses[0].result, { models: ['fake-chat', 'fake-coder'] });
  });

  it('manages conversations: new, switch, rename, delete with confirmation', async () => {
    const s = setup();
    await ready(s);
    await s.controller.handle({ type: 'send', text: 'first chat' });
    const firstId = s.store.active.id;
    await s.controller.handle({ type: 'newConversation' });
    const secondId = s.of('conversation')[0].conversation.id;
    assert.notEqual(secondId, firstId);
    await s.controller.handle({ type: 'switchConversation', id: firstId });
    assert.equal(s.of('conversation')[1].conversation.messages.length, 2);
    await s.controller.handle({ type: 'renameConversation', id: firstId });
    assert.equal(s.store.get(firstId)?.title, 'Renamed');
    s.ui.confirm = false;
    await s.controller.handle({ type: 'deleteConversation', id: firstId });
    assert.ok(s.store.get(firstId));
    s.ui.confirm = true;
    await s.controller.handle({ type: 'deleteConversation', id: firstId });
    assert.equal(s.store.get(firstId), undefined);
  });

  it('keeps the conversation across a reload (a new controller on the same storage)', async () => {
    const s = setup();
    await ready(s);
    s.client.scripts.push({ deltas: [{ kind: 'content', text: 'kept answer' }] });
    await s.controller.handle({ type: 'send', text: 'remember me' });
    await s.controller.handle({ type: 'draft', text: 'unsent thought' });
    await s.controller.dispose();
    const again = setup(s.storage);
    await ready(again);
    const init = again.of('init')[0];
    assert.deepEqual(init.conversation.messages.map((m) => m.content), ['remember me', 'kept answer']);
    assert.equal(init.draft, 'unsent thought');
  });

  it('re-sends a snapshot on resync, and later deltas continue from its offsets', async () => {
    const s = setup();
    await ready(s);
    s.client.scripts.push({ deltas: [{ kind: 'content', text: 'ab' }, { kind: 'content', text: 'cd' }], pauseAfter: 1 });
    const paused = s.client.whenPaused();
    const sending = s.controller.handle({ type: 'send', text: 'x' });
    await paused;
    s.controller.outbox.detach();
    s.controller.outbox.attach((m) => s.posted.push(structuredClone(m)));
    await s.controller.handle({ type: 'resync' });
    const init = s.of('init').at(-1);
    assert.equal(init?.busy, true);
    assert.equal(init?.conversation.messages[1].content, 'ab');
    s.client.release();
    await sending;
    const last = s.of('delta').at(-1);
    assert.equal(last?.contentOffset, 2);
    assert.equal(last?.content, 'cd');
  });
});
