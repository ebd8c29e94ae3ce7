// New, switch, rename and delete: the conversation list as the panel changes
// it. Kept apart from the controller, which owns the streaming reply.
import type { HostMessage } from '../../shared/chatProtocol';
import { toView } from './conversation';
import type { HostUi } from './ports';
import type { ConversationStore } from './store';

export interface ConversationActionsDeps {
  store: ConversationStore;
  ui: HostUi;
  post: (message: HostMessage) => void;
  /** Stops the reply streaming into a conversation about to be deleted, and waits for it to settle. */
  stopReplyIn: (conversationId: string) => Promise<void>;
}

export class ConversationActions {
  constructor(private readonly deps: ConversationActionsDeps) {}

  private postActive(): void {
    const { store } = this.deps;
    this.deps.post({ type: 'conversation', conversation: toView(store.active), conversations: store.list() });
  }

  create(): void {
    this.deps.store.create();
    this.postActive();
  }

  switchTo(id: string): void {
    if (this.deps.store.switchTo(id)) this.postActive();
  }

  async rename(id: string): Promise<void> {
    const { store } = this.deps;
    const conversation = store.get(id);
    if (!conversation) return;
    const title = await this.deps.ui.askTitle(conversation.title);
    if (title !== undefined && store.rename(id, title)) {
      this.deps.post({ type: 'conversations', conversations: store.list() });
    }
  }

  async delete(id: string): Promise<void> {
    const { store } = this.deps;
    const conversation = store.get(id);
    if (!conversation) return;
    if (conversation.messages.length > 0 && !(await this.deps.ui.confirmDelete(conversation.title))) return;
    await this.deps.stopReplyIn(id);
    store.delete(id);
    this.postActive();
  }
}
