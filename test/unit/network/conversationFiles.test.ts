// Conversations saved as files beside workspace state: read back whole, written in order,
// removed, moved out of workspace state where an earlier version kept them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConversationFiles } from '../../../src/chat/conversationFiles';
import { conversationKey, ConversationStore, DRAFT_KEY, INDEX_KEY } from '../../../src/chat/core/store';
import { ManualTime } from '../chat/fakeTime';
import { InMemoryStorage } from '../support/memoryStorage';

describe('conversation files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fi-conversations-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps a 2 MB conversation in a file and only the index and draft in workspace state', async () => {
    const state = new InMemoryStorage();
    const files = new ConversationFiles(path.join(dir, 'conversations'), state);
    const time = new ManualTime();
    let n = 0;
    const store = new ConversationStore(files, time, () => 1, () => `c${++n}`);
    const conversation = store.active;
    const big = 'x'.repeat(2 * 1024 * 1024);
    conversation.messages.push({ id: 'm1', role: 'assistant', content: big, reasoning: '', status: 'done', context: [], createdAt: 1 } as never);
    store.changed(conversation);
    await store.flush();
    await files.update(DRAFT_KEY, 'half a question');
    assert.deepEqual(state.keys().sort(), [DRAFT_KEY, INDEX_KEY].sort());
    assert.ok(fs.statSync(path.join(dir, 'conversations', `${conversation.id}.json`)).size > big.length);
    const reopened = new ConversationStore(new ConversationFiles(path.join(dir, 'conversations'), state), time, () => 1, () => 'other');
    assert.equal(reopened.active.id, conversation.id);
    assert.equal(reopened.active.messages[0].content.length, big.length);
  });

  it('reads a conversation an earlier version kept in workspace state, and moves it on the next save', async () => {
    const state = new InMemoryStorage();
    state.update(conversationKey('old-1'), { id: 'old-1', title: 't', updatedAt: 1, messages: [] });
    const files = new ConversationFiles(dir, state);
    assert.equal(files.get<{ id: string }>(conversationKey('old-1'))?.id, 'old-1');
    await files.update(conversationKey('old-1'), { id: 'old-1', title: 't2', updatedAt: 2, messages: [] });
    assert.equal(state.get(conversationKey('old-1')), undefined);
    assert.equal(files.get<{ title: string }>(conversationKey('old-1'))?.title, 't2');
  });

  it('applies writes of one conversation in call order and removes it on delete', async () => {
    const files = new ConversationFiles(dir, new InMemoryStorage());
    const key = conversationKey('c1');
    const writes = [1, 2, 3].map((v) => files.update(key, { v }));
    await Promise.all(writes);
    assert.deepEqual(files.get(key), { v: 3 });
    await files.update(key, undefined);
    assert.equal(files.get(key), undefined);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('never turns an unexpected id into a path', async () => {
    const state = new InMemoryStorage();
    const files = new ConversationFiles(dir, state);
    await files.update(conversationKey('../escape'), { v: 1 });
    assert.deepEqual(state.get(conversationKey('../escape')), { v: 1 });
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
