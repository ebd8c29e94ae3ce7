import * as assert from 'node:assert/strict';
import {
  addUserMessage,
  appendDelta,
  startReply,
  titleFromPrompt,
  toView,
  UNTITLED,
} from '../../../src/chat/core/conversation';
import { ConversationStore, conversationKey, DEFAULT_STORE_OPTIONS, INDEX_KEY, InMemoryStorage } from '../../../src/chat/core/store';
import { ManualTime } from './fakeTime';

/** Stores JSON like VS Code's Memento (nothing survives by reference) and counts writes. */
class MemoryStorage extends InMemoryStorage {
  writes = 0;
  override update(key: string, value: unknown): void {
    this.writes++;
    super.update(key, value);
  }
}

function setup(storage = new MemoryStorage(), options = DEFAULT_STORE_OPTIONS) {
  const time = new ManualTime();
  let id = 0;
  let wall = 1_000;
  const store = new ConversationStore(storage, time, () => (wall += 1000), () => `id${++id}`, options);
  return { store, storage, time };
}

function ask(store: ConversationStore, text: string) {
  const c = store.active;
  const user = addUserMessage(c, { id: `u${c.messages.length}`, text, context: [], contextBlocks: [], now: c.updatedAt + 1 });
  store.changed(c);
  return user;
}

describe('conversation store', () => {
  it('starts with one empty conversation and names it after the first prompt', () => {
    const { store } = setup();
    assert.equal(store.active.title, UNTITLED);
    assert.deepEqual(store.list(), [], 'an empty "New chat" is not listed in the history');
    ask(store, 'How do I parse JSON in Go?\nwith streaming');
    assert.deepEqual(store.list().map((c) => [c.title, c.messageCount]), [['How do I parse JSON in Go?', 1]]);
    ask(store, 'And YAML?');
    assert.equal(store.active.title, 'How do I parse JSON in Go?');
  });

  it('cuts long titles at a word', () => {
    const title = titleFromPrompt('Explain the difference between optimistic and pessimistic locking in PostgreSQL transactions please');
    assert.ok(title.length <= 61 && title.endsWith('…'), title);
    assert.ok(!title.includes('transac…'));
  });

  it('persists conversations, partial answers and the active one across a reload', async () => {
    const { store, storage } = setup();
    ask(store, 'first');
    const second = store.create();
    ask(store, 'second');
    const reply = startReply(second, 'r1', 5);
    appendDelta(reply, { kind: 'content', text: 'partial ans' });
    await store.flush();

    const reloaded = setup(storage).store;
    assert.equal(reloaded.list().length, 2);
    assert.equal(reloaded.active.id, second.id);
    const restored = reloaded.active.messages[1];
    assert.equal(restored.content, 'partial ans');
    assert.equal(restored.status, 'stopped', 'a reply cut off by the reload is kept as stopped');
    assert.deepEqual(toView(reloaded.active).messages.map((m) => m.content), ['second', 'partial ans']);
  });

  it('writes at most once per save delay while a reply streams', () => {
    const { store, storage, time } = setup();
    ask(store, 'q');
    const reply = startReply(store.active, 'r', 0);
    for (let i = 0; i < 1000; i++) {
      appendDelta(reply, { kind: 'content', text: 'x' });
      store.changed(store.active);
      time.advance(5);
    }
    // Each save writes the index and the streaming conversation, nothing else.
    assert.ok(storage.writes >= 8 && storage.writes <= 12, `${storage.writes} writes in 5 s`);
  });

  it('reuses an empty conversation for New, switches, renames and deletes', async () => {
    const { store } = setup();
    const first = store.active;
    assert.equal(store.create(), first, 'an empty chat is reused');
    ask(store, 'one');
    const empty = store.create();
    assert.notEqual(empty.id, first.id);
    assert.equal(store.switchTo(first.id)?.id, first.id);
    assert.equal(store.get(empty.id), undefined, 'an empty "New chat" left behind is not kept');
    assert.deepEqual(store.list().map((c) => c.id), [first.id]);
    const second = store.create();
    ask(store, 'two');
    assert.equal(store.switchTo(first.id)?.id, first.id);
    assert.equal(store.switchTo('nope'), undefined);
    assert.ok(store.rename(first.id, '  My   chat  '));
    assert.equal(store.get(first.id)?.title, 'My chat');
    assert.equal(store.rename(first.id, '   '), false);
    assert.ok(store.delete(first.id));
    assert.equal(store.active.id, second.id, 'the most recent other chat becomes active');
    assert.ok(store.delete(second.id));
    assert.deepEqual(store.list(), [], 'deleting the last chat leaves a new empty one, not listed');
    assert.equal(store.active.messages.length, 0);
    // The active chat is empty (New): the history lists only the others.
    ask(store, 'three');
    store.create();
    assert.deepEqual(store.list().map((c) => c.title), ['three']);
  });

  it('keeps renamed titles when the first prompt arrives later', () => {
    const { store } = setup();
    store.rename(store.active.id, 'Named');
    ask(store, 'first prompt');
    assert.equal(store.active.title, 'Named');
  });

  it('is bounded: least recently used conversations go first, never the active one', async () => {
    const { store, storage } = setup(new MemoryStorage(), { maxConversations: 3, maxChars: 10_000, saveDelayMs: 1000 });
    for (let i = 0; i < 5; i++) {
      ask(store, `chat ${i}`);
      store.create();
    }
    ask(store, 'big '.repeat(2000));
    await store.flush();
    const kept = store.list().map((c) => c.title);
    assert.equal(kept.length, 3);
    assert.ok(!kept.includes('chat 0') && !kept.includes('chat 1'), kept.join(', '));
    const saved = storage.get<{ ids: string[] }>(INDEX_KEY)!;
    assert.equal(saved.ids.length, 3);
    const keys = storage.keys().filter((k) => k.startsWith('fastInference.chat.conversation.'));
    assert.deepEqual(keys.sort(), saved.ids.map(conversationKey).sort(), 'dropped conversations are deleted from storage');

    // One conversation bigger than the bound loses its oldest turns, not the newest.
    const single = setup(new MemoryStorage(), { maxConversations: 3, maxChars: 1000, saveDelayMs: 1000 }).store;
    for (let i = 0; i < 10; i++) ask(single, `${i} ${'y'.repeat(200)}`);
    await single.flush();
    assert.ok(single.active.messages.length < 10);
    assert.ok(single.active.messages.at(-1)?.content.startsWith('9 '));
  });

  it('survives corrupt stored data', () => {
    const storage = new MemoryStorage();
    storage.update(INDEX_KEY, { version: 2, activeId: 7, ids: [null, 'a', 'b', 'c'] });
    storage.update(conversationKey('a'), { id: 'a' });
    storage.update(conversationKey('c'), { id: 'other', title: 'x', updatedAt: 1, messages: [] });
    storage.update(conversationKey('b'), {
      id: 'b',
      title: 'ok',
      updatedAt: 1,
      messages: [{ bad: true }, { id: 'm', role: 'user', content: 'hi', reasoning: '', status: 'done', context: [] }],
    });
    const { store } = setup(storage);
    assert.equal(store.list().length, 1);
    assert.equal(store.active.id, 'b');
    assert.equal(store.active.messages.length, 1);
  });

  it('keeps the typed draft', async () => {
    const { store, storage } = setup();
    await store.setDraft('half a question');
    assert.equal(setup(storage).store.draft, 'half a question');
    await store.setDraft('');
    assert.equal(setup(storage).store.draft, '');
  });
});
