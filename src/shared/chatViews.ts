// What the chat panel shows, as data: messages, conversations, context chips, providers.
// Part of the chat protocol (chatProtocol.ts), which both bundles import.

export type ChatRole = 'user' | 'assistant';
export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** A piece of editor context attached to a prompt, shown as a removable chip. */
export interface ContextChip {
  id: string;
  kind: 'selection' | 'file';
  /** Short text on the chip, e.g. "app.ts:12-30". */
  label: string;
  /** Workspace-relative path for display and for the prompt. */
  path: string;
  languageId: string;
  /** Follows the active editor (as opposed to a file the user added). */
  auto: boolean;
}

/** Speed of one reply, shown under it. */
export interface ReplySpeed {
  providerName: string;
  model: string;
  ttftMs: number | null;
  tokensPerSecond: number | null;
  completionTokens: number;
  tokensEstimated: boolean;
  totalMs: number;
  serverTokensPerSecond?: number;
  serverSource?: string;
}

/** Buttons an error can offer; each maps to one host action. */
export type ErrorButton = 'set-key' | 'pick-model' | 'add-provider' | 'open-settings' | 'show-log' | 'retry';

export interface ErrorView {
  kind: string;
  message: string;
  /** What the person can do, first is the main one. */
  buttons: ErrorButton[];
  /** For rate limits: the webview counts this down before enabling Retry. */
  retryAfterMs?: number;
  /** Models the server offers, when it rejected the one asked for. */
  models?: string[];
}

export interface MessageView {
  id: string;
  role: ChatRole;
  content: string;
  reasoning: string;
  status: MessageStatus;
  createdAt: number;
  /** Context that was sent with a user message. */
  context: ContextChip[];
  speed?: ReplySpeed;
  error?: ErrorView;
}

export interface ConversationView {
  id: string;
  title: string;
  messages: MessageView[];
}

/** One conversation in the history list (only conversations with messages are listed). */
export interface ConversationSummary {
  id: string;
  /** From the first prompt, unless renamed. */
  title: string;
  updatedAt: number;
  messageCount: number;
}

export interface ProviderState {
  profiles: { id: string; label: string }[];
  profileId: string;
  /** The model the profile names for chat; empty when the server picks (its default model). */
  model: string;
  /**
   * Present when the profile's preset names no chat model, so the server may pick: the panel
   * offers "server default (…)". `model` is the one the server answered with last, when known;
   * else the panel names the first model the server lists.
   */
  serverDefault?: { model?: string };
}

export interface OpenFile {
  uri: string;
  label: string;
  description: string;
}
