// The conversation model: plain data that is persisted as is, plus the few
// operations the chat session performs on it while a reply streams.
import type { SpeedSample, StreamDelta } from '../../providers/types';
import type {
  ContextChip,
  ConversationSummary,
  ConversationView,
  ErrorView,
  MessageStatus,
  MessageView,
  ReplySpeed,
} from '../../shared/chatProtocol';
import type { ContextBlock } from './contextBlock';

/** A message as stored: what the webview sees plus the context text that was sent with it. */
export interface StoredMessage extends MessageView {
  /** The files and selections sent with a user message, replayed in later turns. */
  contextBlocks?: ContextBlock[];
}

export interface Conversation {
  id: string;
  title: string;
  /** The user renamed it, so the first prompt no longer names it. */
  titleEdited: boolean;
  createdAt: number;
  updatedAt: number;
  messages: StoredMessage[];
}

export const UNTITLED = 'New chat';
const TITLE_CHARS = 60;

export function createConversation(id: string, now: number): Conversation {
  return { id, title: UNTITLED, titleEdited: false, createdAt: now, updatedAt: now, messages: [] };
}

/** A title from the first line of the first prompt, cut at a word boundary. */
export function titleFromPrompt(text: string): string {
  const line = text.trim().split('\n', 1)[0].replace(/\s+/g, ' ').trim();
  if (line === '') return UNTITLED;
  if (line.length <= TITLE_CHARS) return line;
  const cut = line.slice(0, TITLE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

export function addUserMessage(
  conversation: Conversation,
  message: { id: string; text: string; context: ContextChip[]; contextBlocks: ContextBlock[]; now: number },
): StoredMessage {
  const stored: StoredMessage = {
    id: message.id,
    role: 'user',
    content: message.text,
    reasoning: '',
    status: 'done',
    createdAt: message.now,
    context: message.context,
    contextBlocks: message.contextBlocks,
  };
  conversation.messages.push(stored);
  if (!conversation.titleEdited && conversation.messages.filter((m) => m.role === 'user').length === 1) {
    conversation.title = titleFromPrompt(message.text);
  }
  conversation.updatedAt = message.now;
  return stored;
}

export function startReply(conversation: Conversation, id: string, now: number): StoredMessage {
  const reply: StoredMessage = {
    id,
    role: 'assistant',
    content: '',
    reasoning: '',
    status: 'streaming',
    createdAt: now,
    context: [],
  };
  conversation.messages.push(reply);
  conversation.updatedAt = now;
  return reply;
}

export function appendDelta(message: MessageView, delta: StreamDelta): void {
  if (delta.kind === 'content') message.content += delta.text;
  else message.reasoning += delta.text;
}

export function finishReply(
  message: MessageView,
  status: Exclude<MessageStatus, 'streaming'>,
  details: { speed?: ReplySpeed; error?: ErrorView } = {},
): void {
  message.status = status;
  if (details.speed) message.speed = details.speed;
  else delete message.speed;
  if (details.error) message.error = details.error;
  else delete message.error;
}

/** The user message a reply answers: the closest user message before it. */
export function promptFor(conversation: Conversation, replyId: string): StoredMessage | undefined {
  const index = conversation.messages.findIndex((m) => m.id === replyId);
  for (let i = index - 1; i >= 0; i--) {
    if (conversation.messages[i].role === 'user') return conversation.messages[i];
  }
  return undefined;
}

export function removeMessage(conversation: Conversation, id: string): boolean {
  const index = conversation.messages.findIndex((m) => m.id === id);
  if (index === -1) return false;
  conversation.messages.splice(index, 1);
  return true;
}

/** A reply still marked streaming after a reload was cut off by the reload: keep it as stopped. */
export function settleInterrupted(conversation: Conversation): void {
  for (const m of conversation.messages) {
    if (m.status === 'streaming') m.status = 'stopped';
  }
}

export function toView(conversation: Conversation): ConversationView {
  return {
    id: conversation.id,
    title: conversation.title,
    messages: conversation.messages.map(messageView),
  };
}

export function messageView(message: StoredMessage): MessageView {
  // The context text stays on the host; the webview only shows the chips.
  const { contextBlocks: _blocks, ...view } = message;
  return view;
}

export function summarise(conversation: Conversation): ConversationSummary {
  return {
    id: conversation.id,
    title: conversation.title,
    updatedAt: conversation.updatedAt,
    messageCount: conversation.messages.length,
  };
}

export function speedFromSample(sample: SpeedSample): ReplySpeed {
  const speed: ReplySpeed = {
    providerName: sample.providerName,
    model: sample.model,
    ttftMs: sample.ttftMs,
    tokensPerSecond: sample.tokensPerSecond,
    completionTokens: sample.completionTokens,
    tokensEstimated: sample.tokensEstimated,
    totalMs: sample.totalMs,
  };
  if (sample.server) {
    speed.serverTokensPerSecond = sample.server.tokensPerSecond;
    speed.serverSource = sample.server.source;
  }
  return speed;
}

/** Rough size of a conversation in characters, for the storage bound. */
export function conversationChars(conversation: Conversation): number {
  let chars = conversation.title.length;
  for (const m of conversation.messages) {
    chars += m.content.length + m.reasoning.length;
    for (const block of m.contextBlocks ?? []) chars += block.text.length;
  }
  return chars;
}
