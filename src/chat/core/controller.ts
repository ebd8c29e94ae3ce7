// The host side of the chat panel without VS Code: it handles validated
// webview messages, runs replies and keeps the webview in step through the
// outbox. One reply streams at a time.
import { bidiWarning, stripControlCharacters } from '../../shared/textHygiene';
import { silentLogger, type Logger } from '../../shared/log';
import {
  assertNever,
  isSafeExternalLink,
  type ContextChip,
  type HostMessage,
  type ProviderState,
  type RequestResult,
  type WebviewMessage,
  type WebviewRequest,
} from '../../shared/chatProtocol';
import { addUserMessage, messageView, promptFor, removeMessage, toView, type Conversation, type StoredMessage } from './conversation';
import { ConversationActions } from './conversationActions';
import { errorView } from './errors';
import { WebviewOutbox } from './outbox';
import { DisposableStore } from '../../shared/lifecycle';
import type { ContextBlock } from './contextBlock';
import type { ContextSource, EditorBridge, HostUi } from './ports';
import { ReplyTurn, type ReplyTurnDeps } from './replyTurn';
import { ServerModelNames } from './serverModels';

/** What a reply turn needs (store, providers, clocks, ids, prompt limits), and the panel's own parts. */
export interface ChatControllerDeps extends Omit<ReplyTurnDeps, 'post' | 'answered'> {
  context: ContextSource;
  editor: EditorBridge;
  ui: HostUi;
  logger?: Logger;
}

/** A snapshot slower than this is logged: the panel shows nothing of the conversation meanwhile. */
const SLOW_SNAPSHOT_MS = 1000;

export class ChatController {
  readonly outbox = new WebviewOutbox();
  /** One reply streams at a time. */
  private running: ReplyTurn | undefined;
  /** A prompt is having its context read: a second one waits its turn like during a reply. */
  private preparing = false;
  private readonly subscriptions = new DisposableStore();
  private readonly log: Logger;
  private readonly conversations: ConversationActions;
  private readonly serverModels = new ServerModelNames();

  constructor(private readonly deps: ChatControllerDeps) {
    this.log = deps.logger ?? silentLogger;
    this.conversations = new ConversationActions({
      store: deps.store,
      ui: deps.ui,
      post: (message) => this.post(message),
      stopReplyIn: async (conversationId) => {
        if (this.running?.conversation.id !== conversationId) return;
        this.stop();
        await this.whenIdle();
      },
    });
    this.subscriptions.add(deps.context.onDidChange(() => this.postContext()));
    this.subscriptions.add(
      deps.providers.onDidChange(() => {
        // The profile (or its server) may have changed: the next answer says again.
        this.serverModels.clear();
        void this.postProviders();
      }),
    );
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves when the running reply (if any) has finished and been saved. */
  whenIdle(): Promise<void> {
    return this.running?.done ?? Promise.resolve();
  }

  private post(message: HostMessage): void {
    this.outbox.post(message);
  }

  private postContext(): void {
    this.post({ type: 'context', chips: this.offeredChips(), restricted: this.deps.context.restricted() });
  }

  private offeredChips(): ContextChip[] {
    return this.deps.context.restricted() ? [] : this.deps.context.chips();
  }

  async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
      case 'resync':
        return this.sendSnapshot();
      case 'send':
        return this.send(message.text);
      case 'stop':
        return this.stop();
      case 'retry':
        return this.retry(message.messageId);
      case 'newConversation':
        return this.conversations.create();
      case 'switchConversation':
        return this.conversations.switchTo(message.id);
      case 'renameConversation':
        return this.conversations.rename(message.id);
      case 'deleteConversation':
        return this.conversations.delete(message.id);
      case 'removeContext':
        this.deps.context.remove(message.chipId);
        return;
      case 'addContext':
        return this.deps.context.add(message.uri);
      case 'selectProfile':
        return this.deps.providers.selectProfile(message.profileId);
      case 'selectModel': {
        const state = await this.deps.providers.state();
        return this.deps.providers.selectModel(state.profileId, message.model);
      }
      case 'codeAction': {
        // Control bytes never reach a file or the clipboard; bidi characters go along, flagged.
        const code = stripControlCharacters(message.code);
        const notice = await this.deps.editor.run(message.action, code, message.language);
        const warning = bidiWarning(code);
        if (warning) this.post({ type: 'notice', level: 'warning', text: notice ? `${notice} ${warning}` : warning });
        else if (notice) this.post({ type: 'notice', level: 'info', text: notice });
        return;
      }
      case 'openLink':
        // Checked again here: the webview is not trusted to have filtered it.
        if (isSafeExternalLink(message.href)) return this.deps.ui.openExternal(message.href);
        this.log.warn(`chat: refused to open a non-web link`);
        return;
      case 'hostAction':
        return this.deps.ui.run(message.action);
      case 'draft':
        await this.deps.store.setDraft(message.text);
        return;
      case 'request':
        return this.answer(message.requestId, message.request);
      default:
        return assertNever(message);
    }
  }

  private async answer(requestId: number, request: WebviewRequest): Promise<void> {
    try {
      let result: RequestResult;
      switch (request.kind) {
        case 'listModels': {
          const client = await this.deps.providers.clientFor(request.profileId);
          result = { models: await client.listModels() };
          break;
        }
        case 'listOpenFiles':
          result = { files: this.deps.context.restricted() ? [] : await this.deps.context.listOpenFiles() };
          break;
        default:
          return assertNever(request);
      }
      this.post({ type: 'response', requestId, ok: true, result });
    } catch (err) {
      this.post({ type: 'response', requestId, ok: false, error: errorView(err).message });
    }
  }

  private async providerState(): Promise<ProviderState> {
    return this.serverModels.fill(await this.deps.providers.state());
  }

  async sendSnapshot(): Promise<void> {
    const asked = this.deps.now();
    const providers = await this.providerState();
    const tookMs = this.deps.now() - asked;
    if (tookMs >= SLOW_SNAPSHOT_MS) this.log.info(`chat: the panel's snapshot waited ${tookMs} ms for the provider state`);
    const { store } = this.deps;
    // Built synchronously after the await so it matches what later deltas continue from.
    this.outbox.open({
      type: 'init',
      conversation: toView(store.active),
      conversations: store.list(),
      providers,
      context: this.offeredChips(),
      draft: store.draft,
      busy: this.busy,
      restricted: this.deps.context.restricted(),
    });
  }

  private async postProviders(): Promise<void> {
    this.post({ type: 'providers', providers: await this.providerState() });
  }



  focusInput(): void {
    this.post({ type: 'focusInput' });
  }

  showHistory(): void {
    this.post({ type: 'showHistory' });
  }

  /**
   * Sends a prompt in the active conversation with the offered chips, or with
   * `context` when a command supplies its own (Explain, Fix, Write tests).
   */
  async send(text: string, context?: ContextChip[]): Promise<void> {
    if (this.running || this.preparing) {
      // The box was already emptied: the prompt goes back into it.
      this.log.info('chat: a prompt came while an answer was streaming; it went back to the prompt box');
      this.post({ type: 'notice', level: 'warning', text: 'An answer is still streaming: stop it first. Your prompt is back in the box.' });
      this.post({ type: 'promptReturned', text });
      return;
    }
    const { store } = this.deps;
    const restricted = this.deps.context.restricted();
    const chips = restricted ? [] : (context ?? this.deps.context.chips());
    this.preparing = true;
    let blocks: ContextBlock[] = [];
    try {
      if (!restricted) blocks = await this.deps.context.resolve(chips);
    } catch (err) {
      // A file that cannot be read does not cost the user the prompt: it goes without it.
      const reason = err instanceof Error ? err.message : String(err);
      this.log.warn(`chat: the attached context could not be read, sending the prompt without it: ${reason}`);
      this.post({ type: 'notice', level: 'warning', text: `The attached code could not be read (${reason}); the prompt was sent without it.` });
    } finally {
      this.preparing = false;
    }
    // Chips whose file was refused (a secret) are not shown as sent.
    const sentChips = chips.filter((chip) => blocks.some((b) => b.path === chip.path));
    const conversation = store.active;
    const user = addUserMessage(conversation, {
      id: this.deps.newId(),
      text,
      context: sentChips,
      contextBlocks: blocks,
      now: this.deps.now(),
    });
    if (context === undefined) this.deps.context.consumed();
    this.post({ type: 'messageAdded', conversationId: conversation.id, message: messageView(user) });
    this.post({ type: 'conversations', conversations: store.list() });
    this.postContext();
    store.changed(conversation);
    await this.reply(conversation, user);
  }

  private async reply(conversation: Conversation, prompt: StoredMessage): Promise<void> {
    const turn = new ReplyTurn(
      {
        ...this.deps,
        post: (message) => this.post(message),
        // A reply to a profile that names no model tells which model the server used: the panel shows it.
        answered: (state, speed) => {
          if (this.serverModels.note(state, speed)) void this.postProviders();
        },
      },
      conversation,
      prompt,
    );
    this.running = turn;
    await turn.run(() => (this.running = undefined));
  }

  /** Aborts the running reply at the server; the partial answer stays. */
  stop(): void {
    if (!this.running || this.running.abort.signal.aborted) return;
    this.log.info('chat: Stop: closing the request to the server');
    this.running.abort.abort();
  }

  async retry(messageId: string): Promise<void> {
    if (this.running) return;
    const conversation = this.deps.store.active;
    const last = conversation.messages[conversation.messages.length - 1];
    // Only the last reply can be retried: retrying an older one would rewrite history.
    if (!last || last.id !== messageId || last.role !== 'assistant') return;
    const prompt = promptFor(conversation, messageId);
    if (!prompt) return;
    removeMessage(conversation, messageId);
    this.deps.store.changed(conversation);
    this.post({ type: 'messageRemoved', conversationId: conversation.id, messageId });
    await this.reply(conversation, prompt);
  }

  newConversation(): void {
    this.conversations.create();
  }

  async dispose(): Promise<void> {
    this.stop();
    await this.whenIdle();
    this.subscriptions.dispose();
    await this.deps.store.flush();
  }
}
