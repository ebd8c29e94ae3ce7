// Several conversations, persisted through a key-value adapter (the extension
// passes workspaceState): an index under one key and each conversation under
// its own, so saving a streaming answer writes only that conversation. Writes
// are throttled while a reply streams so a partial answer survives a reload
// without a write per token; the store is bounded in number of conversations
// and in characters.
import type { TimerHandle, Timers } from '../../shared/clock';
import type { ConversationSummary } from '../../shared/protocol';
import {
  conversationChars,
  createConversation,
  settleInterrupted,
  summarise,
  type Conversation,
  type StoredMessage,
} from './conversation';

/** What VS Code's Memento offers, reduced to what the store needs. */
export interface KeyValueStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void> | void;
}

/** A KeyValueStorage in memory that stores JSON like VS Code's Memento (tests, benchmarks). */
export class InMemoryStorage implements KeyValueStorage {
  private readonly data = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  update(key: string, value: unknown): void {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
  }

  keys(): string[] {
    return [...this.data.keys()];
  }
}

export const INDEX_KEY = 'fastInference.chat.index';
export const conversationKey = (id: string) => `fastInference.chat.conversation.${id}`;
export const DRAFT_KEY = 'fastInference.chat.draft';

export interface StoreOptions {
  maxConversations: number;
  /** Total characters kept across conversations (about 2 bytes each in storage). */
  maxChars: number;
  saveDelayMs: number;
}

export const DEFAULT_STORE_OPTIONS: StoreOptions = { maxConversations: 50, maxChars: 3_000_000, saveDelayMs: 1000 };

interface PersistedIndex {
  version: 2;
  activeId: string;
  ids: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function validMessage(m: unknown): m is StoredMessage {
  return (
    isObject(m) &&
    typeof m.id === 'string' &&
    (m.role === 'user' || m.role === 'assistant') &&
    typeof m.content === 'string' &&
    typeof m.reasoning === 'string' &&
    typeof m.status === 'string' &&
    Array.isArray(m.context)
  );
}

function validConversation(c: unknown): c is Conversation {
  return (
    isObject(c) &&
    typeof c.id === 'string' &&
    typeof c.title === 'string' &&
    typeof c.updatedAt === 'number' &&
    Array.isArray(c.messages)
  );
}

export class ConversationStore {
  private conversations: Conversation[] = [];
  private activeId = '';
  private saveTimer: TimerHandle | undefined;
  /** Conversations to write at the next save; the index is always written. */
  private readonly dirty = new Set<string>();
  private readonly removed = new Set<string>();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly newId: () => string,
    private readonly options: StoreOptions = DEFAULT_STORE_OPTIONS,
  ) {
    this.load();
    if (this.conversations.length === 0) this.conversations.push(createConversation(this.newId(), this.now()));
    this.activeId = this.conversations.some((c) => c.id === this.activeId) ? this.activeId : this.conversations[0].id;
  }

  private load(): void {
    const index = this.storage.get<PersistedIndex>(INDEX_KEY);
    if (!isObject(index) || !Array.isArray(index.ids)) return;
    for (const id of index.ids) {
      const c = typeof id === 'string' ? this.storage.get<unknown>(conversationKey(id)) : undefined;
      if (!validConversation(c) || c.id !== id) continue;
      const conversation: Conversation = {
        ...c,
        titleEdited: c.titleEdited === true,
        createdAt: typeof c.createdAt === 'number' ? c.createdAt : c.updatedAt,
        messages: c.messages.filter(validMessage),
      };
      settleInterrupted(conversation);
      this.conversations.push(conversation);
    }
    this.activeId = typeof index.activeId === 'string' ? index.activeId : '';
  }

  get active(): Conversation {
    return this.get(this.activeId) ?? this.conversations[0];
  }

  get(id: string): Conversation | undefined {
    return this.conversations.find((c) => c.id === id);
  }

  /** The history: conversations that hold a message, most recently used first (an unused "New chat" is not listed). */
  list(): ConversationSummary[] {
    return [...this.conversations]
      .filter((c) => c.messages.length > 0)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map(summarise);
  }

  /** Starts a new conversation, reusing the active one when it is still empty. */
  create(): Conversation {
    const current = this.active;
    if (current.messages.length === 0) return current;
    const conversation = createConversation(this.newId(), this.now());
    this.conversations.push(conversation);
    this.activeId = conversation.id;
    this.changed(conversation);
    return conversation;
  }

  switchTo(id: string): Conversation | undefined {
    const conversation = this.get(id);
    if (!conversation) return undefined;
    // An empty "New chat" left behind is not kept: the history lists only conversations that hold something.
    const left = this.active;
    if (left.id !== id && left.messages.length === 0) {
      this.conversations.splice(this.conversations.indexOf(left), 1);
      this.removed.add(left.id);
    }
    this.activeId = id;
    this.changed();
    return conversation;
  }

  rename(id: string, title: string): boolean {
    const conversation = this.get(id);
    const clean = title.replace(/\s+/g, ' ').trim().slice(0, 200);
    if (!conversation || clean === '') return false;
    conversation.title = clean;
    conversation.titleEdited = true;
    this.changed(conversation);
    return true;
  }

  /** Deletes a conversation; the most recent other one (or a new one) becomes active. */
  delete(id: string): boolean {
    const index = this.conversations.findIndex((c) => c.id === id);
    if (index === -1) return false;
    this.conversations.splice(index, 1);
    this.removed.add(id);
    if (this.conversations.length === 0) this.conversations.push(createConversation(this.newId(), this.now()));
    if (this.activeId === id) {
      this.activeId = [...this.conversations].sort((a, b) => b.updatedAt - a.updatedAt)[0].id;
    }
    this.changed();
    return true;
  }

  /** Marks a conversation (or just the index) for writing within `saveDelayMs`. */
  changed(conversation?: Conversation): void {
    if (conversation) this.dirty.add(conversation.id);
    if (this.saveTimer) return;
    this.saveTimer = this.timers.setTimeout(() => {
      this.saveTimer = undefined;
      void this.flush();
    }, this.options.saveDelayMs);
  }

  /** Writes now (end of a reply, disposal). */
  flush(): Promise<void> {
    this.saveTimer?.cancel();
    this.saveTimer = undefined;
    this.prune();
    const writes: (PromiseLike<void> | void)[] = [];
    for (const id of this.removed) writes.push(this.storage.update(conversationKey(id), undefined));
    this.removed.clear();
    for (const id of this.dirty) {
      const conversation = this.get(id);
      if (conversation) writes.push(this.storage.update(conversationKey(id), conversation));
    }
    this.dirty.clear();
    const index: PersistedIndex = { version: 2, activeId: this.activeId, ids: this.conversations.map((c) => c.id) };
    writes.push(this.storage.update(INDEX_KEY, index));
    // Memento applies updates in call order; a failed write is retried by the next change.
    return Promise.all(writes).then(
      () => undefined,
      () => undefined,
    );
  }

  get draft(): string {
    const value = this.storage.get<string>(DRAFT_KEY);
    return typeof value === 'string' ? value : '';
  }

  setDraft(text: string): PromiseLike<void> | void {
    return this.storage.update(DRAFT_KEY, text === '' ? undefined : text);
  }

  /** Drops the least recently used conversations beyond the bounds; never the active one. */
  private prune(): void {
    const { maxConversations, maxChars } = this.options;
    const byAge = [...this.conversations].sort((a, b) => a.updatedAt - b.updatedAt);
    let total = this.conversations.reduce((sum, c) => sum + conversationChars(c), 0);
    let count = this.conversations.length;
    const drop = new Set<string>();
    for (const c of byAge) {
      if (count <= maxConversations && total <= maxChars) break;
      if (c.id === this.activeId) continue;
      drop.add(c.id);
      count--;
      total -= conversationChars(c);
    }
    if (drop.size > 0) {
      this.conversations = this.conversations.filter((c) => !drop.has(c.id));
      for (const id of drop) this.removed.add(id);
    }
    // The active conversation alone can still be too big: its oldest turns go first.
    const active = this.active;
    while (total > maxChars && active.messages.length > 2) {
      this.dirty.add(active.id);
      const [removed] = active.messages.splice(0, 1);
      total -= removed.content.length + removed.reasoning.length;
      for (const block of removed.contextBlocks ?? []) total -= block.text.length;
    }
  }

  dispose(): Promise<void> {
    return this.flush();
  }
}
