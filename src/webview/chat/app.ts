// The chat page: applies host messages to its state and renders changes once
// per animation frame, re-rendering only the messages that changed (while
// streaming, only the last one).
import {
  assertNever,
  type ConversationSummary,
  type ConversationView,
  type HostMessage,
  type MessageView,
  type WebviewMessage,
} from '../../shared/chatProtocol';
import { Composer } from './composer';
import { draftOnInit, lastPromptOf } from './handoff';
import { ContextBar } from './contextBar';
import { h, icon } from './dom';
import { FrameScheduler } from './frame';
import { Header } from './header';
import { HistoryPanel } from './history';
import { MessageElement } from './messageElement';
import { splice } from './offsets';
import { RequestClient } from './rpc';
import { welcome } from './welcome';
import type { PageState } from './handoff';

export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}

const STICK_TO_BOTTOM_PX = 40;

export class ChatApp {
  private readonly header: Header;
  private readonly history: HistoryPanel;
  private readonly list: HTMLElement;
  private readonly context: ContextBar;
  private readonly composer: Composer;
  private readonly notice: HTMLElement;
  private readonly rpc: RequestClient;
  private readonly frames: FrameScheduler;
  private conversation: ConversationView | undefined;
  private readonly elements = new Map<string, MessageElement>();
  private readonly dirty = new Set<MessageElement>();
  private stickToBottom = true;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    root: HTMLElement,
    private readonly api: VsCodeApi,
  ) {
    const post = (m: WebviewMessage) => this.api.postMessage(m);
    this.rpc = new RequestClient(post);
    this.history = new HistoryPanel({
      post,
      closed: (opened) => {
        root.classList.remove('showing-history');
        this.header.setHistoryOpen(false);
        if (opened) this.composer.focus();
        else this.header.historyButton.focus();
      },
    });
    this.header = new Header(post, this.rpc, () => this.toggleHistory());
    this.list = h('main', { class: 'messages', attrs: { role: 'log', 'aria-label': 'Conversation' } });
    this.context = new ContextBar(post, this.rpc);
    this.composer = new Composer({
      post,
      saveDraft: (draft) => this.api.setState({ ...this.api.getState(), draft }),
      saveSending: (sending) => this.api.setState({ ...this.api.getState(), sending }),
      notice: (text, level) => this.showNotice(text, level),
      lastPrompt: () => (this.conversation ? lastPromptOf(this.conversation) : undefined),
    });
    this.notice = h('div', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
    root.replaceChildren(this.header.root, this.history.root, this.list, this.notice, h('footer', { class: 'chat-footer' }, this.context.root, this.composer.root));
    this.frames = new FrameScheduler(() => this.render());
    this.list.addEventListener('click', (e) => this.onListClick(e));
    this.list.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.target as HTMLElement).classList.contains('ext-link')) this.onListClick(e);
    });
    this.list.addEventListener('scroll', () => {
      this.stickToBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < STICK_TO_BOTTOM_PX;
    });
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      // Escape closes the history list first; with the conversation on screen it stops the answer.
      if (this.history.isOpen) this.history.close(false);
      else post({ type: 'stop' });
    });
  }

  /** Entry point for every message from the host. */
  handle(message: HostMessage): void {
    switch (message.type) {
      case 'init': {
        this.header.setProviders(message.providers);
        this.showConversation(message.conversation, message.conversations);
        this.context.set(message.context, message.restricted);
        this.composer.setBusy(message.busy);
        const last = lastPromptOf(message.conversation);
        const page = draftOnInit(this.api.getState() ?? {}, last, message.draft);
        this.api.setState(page.state);
        this.composer.setText(page.draft);
        // A prompt on its way may have arrived in the snapshot rather than as its own message.
        if (last !== undefined) this.composer.sent(last);
        return;
      }
      case 'conversation':
        this.showConversation(message.conversation, message.conversations);
        return;
      case 'conversations':
        this.setConversations(message.conversations);
        return;
      case 'messageAdded':
        if (message.conversationId !== this.conversation?.id) return;
        this.conversation.messages.push(message.message);
        this.addElement(message.message);
        if (message.message.role === 'user') this.composer.sent(message.message.content);
        this.refreshFooters();
        this.stickToBottom = true;
        this.frames.schedule();
        return;
      case 'delta':
        return this.applyDelta(message);
      case 'messageFinished': {
        const element = this.visible(message.conversationId, message.messageId);
        if (!element) return;
        const m = element.message;
        m.status = message.status;
        m.speed = message.speed;
        m.error = message.error;
        if (m.content.length !== message.contentLength || m.reasoning.length !== message.reasoningLength) {
          this.api.postMessage({ type: 'resync' });
        }
        this.markDirty(element);
        return;
      }
      case 'messageRemoved': {
        const element = this.visible(message.conversationId, message.messageId);
        if (!element || !this.conversation) return;
        this.conversation.messages = this.conversation.messages.filter((m) => m.id !== message.messageId);
        element.dispose();
        element.root.remove();
        this.elements.delete(message.messageId);
        this.refreshFooters();
        return;
      }
      case 'busy':
        this.composer.setBusy(message.busy);
        return;
      case 'context':
        this.context.set(message.chips, message.restricted);
        return;
      case 'providers':
        this.header.setProviders(message.providers);
        return;
      case 'focusInput':
        if (this.history.isOpen) this.history.close(true);
        this.composer.focus();
        return;
      case 'showHistory':
        if (!this.history.isOpen) this.toggleHistory();
        return;
      case 'notice':
        this.showNotice(message.text, message.level);
        return;
      case 'promptReturned':
        this.composer.restore(message.text);
        return;
      case 'response':
        this.rpc.settle(message.requestId, message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
        return;
      default:
        assertNever(message);
    }
  }

  private visible(conversationId: string, messageId: string): MessageElement | undefined {
    return conversationId === this.conversation?.id ? this.elements.get(messageId) : undefined;
  }

  private applyDelta(message: Extract<HostMessage, { type: 'delta' }>): void {
    const element = this.visible(message.conversationId, message.messageId);
    if (!element) {
      if (message.conversationId === this.conversation?.id) this.api.postMessage({ type: 'resync' });
      return;
    }
    const m = element.message;
    const content = splice(m.content, message.contentOffset, message.content);
    const reasoning = splice(m.reasoning, message.reasoningOffset, message.reasoning);
    if (content === undefined || reasoning === undefined) {
      // A gap: something was lost (the page was rebuilt mid-stream). Ask for a fresh snapshot.
      this.api.postMessage({ type: 'resync' });
      return;
    }
    m.content = content;
    m.reasoning = reasoning;
    this.markDirty(element);
  }

  private markDirty(element: MessageElement): void {
    this.dirty.add(element);
    this.frames.schedule();
  }

  private render(): void {
    for (const element of this.dirty) element.update();
    this.dirty.clear();
    if (this.stickToBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  private showConversation(conversation: ConversationView, list: ConversationSummary[]): void {
    for (const element of this.elements.values()) element.dispose();
    this.elements.clear();
    this.dirty.clear();
    this.conversation = conversation;
    this.setConversations(list);
    this.list.replaceChildren();
    if (conversation.messages.length === 0) this.list.append(welcome());
    for (const message of conversation.messages) this.addElement(message);
    this.stickToBottom = true;
    this.frames.schedule();
  }

  /** The history list and the title: a first prompt names the conversation. */
  private setConversations(list: ConversationSummary[]): void {
    const current = this.conversation;
    if (!current) return;
    current.title = list.find((c) => c.id === current.id)?.title ?? current.title;
    this.header.setConversation(current.id, current.title);
    this.history.set(list, current.id);
  }

  private toggleHistory(): void {
    const root = this.header.root.parentElement;
    this.history.toggle();
    root?.classList.toggle('showing-history', this.history.isOpen);
    this.header.setHistoryOpen(this.history.isOpen);
  }

  private addElement(message: MessageView): void {
    this.list.querySelector('.welcome')?.remove();
    const element = new MessageElement(message, {
      post: (m) => this.api.postMessage(m),
      pickModel: (models) => this.header.pickModel(models),
      isLast: (id) => this.conversation?.messages[this.conversation.messages.length - 1]?.id === id,
    });
    this.elements.set(message.id, element);
    this.list.append(element.root);
    this.dirty.add(element);
  }

  private refreshFooters(): void {
    for (const element of this.elements.values()) element.refreshFooter();
  }

  private onListClick(e: Event): void {
    const target = e.target as HTMLElement;
    const link = target.closest<HTMLElement>('.ext-link');
    if (link) {
      e.preventDefault();
      const href = link.dataset.href;
      if (href) this.api.postMessage({ type: 'openLink', href });
      return;
    }
    const button = target.closest<HTMLButtonElement>('button.code-action');
    const block = button?.closest<HTMLElement>('.code-block');
    if (!button || !block) return;
    const action = button.dataset.action;
    // A fence's text always ends in a line break that is not part of the code.
    const code = (block.querySelector('code')?.textContent ?? '').replace(/\n$/, '');
    const language = block.dataset.lang ?? '';
    if (action === 'copy' || action === 'insert' || action === 'apply' || action === 'newFile') {
      this.api.postMessage({ type: 'codeAction', action, code, language });
    }
    if (action === 'copy') confirmOnButton(button);
  }

  private showNotice(text: string, level: 'info' | 'warning'): void {
    // The notice takes room below the list: a list read to its end stays at its end, so the last answer's speed line stays in view.
    const atEnd = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 8;
    this.notice.replaceChildren(icon(level === 'warning' ? 'warning' : 'info'), ` ${text}`);
    this.notice.className = `notice visible ${level}`;
    if (atEnd) this.list.scrollTop = this.list.scrollHeight;
    if (this.noticeTimer !== undefined) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice.className = 'notice'), 4000);
  }
}

/** Copy happens on the host with nothing to see: the button itself says "Copied" for a moment. */
function confirmOnButton(button: HTMLButtonElement): void {
  if (button.classList.contains('confirmed')) return;
  const original = [...button.childNodes];
  button.classList.add('confirmed');
  button.replaceChildren(icon('check'), ' Copied');
  setTimeout(() => {
    button.replaceChildren(...original);
    button.classList.remove('confirmed');
  }, 1500);
}
