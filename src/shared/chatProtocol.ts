// Messages between the chat panel's extension-host side and its webview.
// Both bundles import this file; the host validates everything it receives
// (`parseWebviewMessage`) because the webview renders model output and is
// never trusted.

import type { ChatRole, MessageStatus, ContextChip, ReplySpeed, ErrorButton, ErrorView, MessageView, ConversationView, ConversationSummary, ProviderState, OpenFile } from './chatViews';

export type { ChatRole, MessageStatus, ContextChip, ReplySpeed, ErrorButton, ErrorView, MessageView, ConversationView, ConversationSummary, ProviderState, OpenFile };

/** Requests the webview makes and awaits a matching `response` for. */
export interface RequestMap {
  listModels: { params: { profileId: string }; result: { models: string[] } };
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  listOpenFiles: { params: {}; result: { files: OpenFile[] } };
}
export type RequestKind = keyof RequestMap;
export type WebviewRequest = { [K in RequestKind]: { kind: K } & RequestMap[K]['params'] }[RequestKind];
export type RequestResult<K extends RequestKind = RequestKind> = RequestMap[K]['result'];

export type CodeAction = 'copy' | 'insert' | 'apply' | 'newFile';
export type HostAction = 'set-key' | 'add-provider' | 'open-settings' | 'show-log';

// ---------------------------------------------------------------- host → webview

export type HostMessage =
  | {
      type: 'init';
      conversation: ConversationView;
      conversations: ConversationSummary[];
      providers: ProviderState;
      context: ContextChip[];
      draft: string;
      busy: boolean;
      /** Restricted Mode without permission: no code is attached. */
      restricted: boolean;
    }
  | { type: 'conversation'; conversation: ConversationView; conversations: ConversationSummary[] }
  | { type: 'conversations'; conversations: ConversationSummary[] }
  | { type: 'messageAdded'; conversationId: string; message: MessageView }
  | {
      type: 'delta';
      conversationId: string;
      messageId: string;
      /** Length of the content before this piece, so the webview can drop repeats and detect gaps. */
      contentOffset: number;
      content: string;
      reasoningOffset: number;
      reasoning: string;
    }
  | {
      type: 'messageFinished';
      conversationId: string;
      messageId: string;
      status: MessageStatus;
      /** Final lengths, for a last consistency check. */
      contentLength: number;
      reasoningLength: number;
      speed?: ReplySpeed;
      error?: ErrorView;
    }
  | { type: 'messageRemoved'; conversationId: string; messageId: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'context'; chips: ContextChip[]; restricted: boolean }
  | { type: 'providers'; providers: ProviderState }
  | { type: 'focusInput' }
  /** Opens the history list (the view's Show Chat History button). */
  | { type: 'showHistory' }
  | { type: 'notice'; level: 'info' | 'warning'; text: string }
  /** A prompt the host did not send (an answer was still streaming): it goes back into an empty box. */
  | { type: 'promptReturned'; text: string }
  | { type: 'response'; requestId: number; ok: true; result: RequestResult }
  | { type: 'response'; requestId: number; ok: false; error: string };

// ---------------------------------------------------------------- webview → host

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'resync' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'retry'; messageId: string }
  | { type: 'newConversation' }
  | { type: 'switchConversation'; id: string }
  | { type: 'renameConversation'; id: string }
  | { type: 'deleteConversation'; id: string }
  | { type: 'removeContext'; chipId: string }
  | { type: 'addContext'; uri: string }
  | { type: 'selectProfile'; profileId: string }
  /** An empty model: leave the choice to the server (its default model). */
  | { type: 'selectModel'; model: string }
  | { type: 'codeAction'; action: CodeAction; code: string; language: string }
  | { type: 'openLink'; href: string }
  | { type: 'hostAction'; action: HostAction }
  | { type: 'draft'; text: string }
  | { type: 'request'; requestId: number; request: WebviewRequest };

export const MAX_PROMPT_CHARS = 200_000;
export const MAX_CODE_CHARS = 2_000_000;
const MAX_ID_CHARS = 200;
const MAX_HREF_CHARS = 8_192;

const CODE_ACTIONS: readonly CodeAction[] = ['copy', 'insert', 'apply', 'newFile'];
const HOST_ACTIONS: readonly HostAction[] = ['set-key', 'add-provider', 'open-settings', 'show-log'];

type Fields = Record<string, unknown>;

const str = (f: Fields, key: string, max: number): string | undefined => {
  const v = f[key];
  return typeof v === 'string' && v.length <= max ? v : undefined;
};
const id = (f: Fields, key: string): string | undefined => {
  const v = str(f, key, MAX_ID_CHARS);
  return v !== undefined && v.length > 0 ? v : undefined;
};
const oneOf = <T extends string>(f: Fields, key: string, allowed: readonly T[]): T | undefined =>
  allowed.includes(f[key] as T) ? (f[key] as T) : undefined;

function parseRequest(raw: unknown): WebviewRequest | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const f = raw as Fields;
  const kind = f.kind as RequestKind;
  switch (kind) {
    case 'listModels': {
      const profileId = id(f, 'profileId');
      return profileId === undefined ? undefined : { kind, profileId };
    }
    case 'listOpenFiles':
      return { kind };
    default:
      return undefined;
  }
}

/**
 * Checks a message from the webview against the protocol and returns a clean copy
 * holding only the known fields, or undefined when anything is off.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const f = raw as Fields;
  const type = f.type as WebviewMessage['type'];
  const withId = <T>(key: string, make: (value: string) => T): T | undefined => {
    const value = id(f, key);
    return value === undefined ? undefined : make(value);
  };
  switch (type) {
    case 'ready':
    case 'resync':
    case 'stop':
    case 'newConversation':
      return { type };
    case 'send': {
      const text = str(f, 'text', MAX_PROMPT_CHARS);
      return text === undefined || text.trim() === '' ? undefined : { type, text };
    }
    case 'draft': {
      const text = str(f, 'text', MAX_PROMPT_CHARS);
      return text === undefined ? undefined : { type, text };
    }
    case 'retry':
      return withId('messageId', (messageId) => ({ type, messageId }));
    case 'switchConversation':
    case 'renameConversation':
    case 'deleteConversation':
      return withId('id', (value) => ({ type, id: value }));
    case 'removeContext':
      return withId('chipId', (chipId) => ({ type, chipId }));
    case 'addContext': {
      const uri = str(f, 'uri', MAX_HREF_CHARS);
      return uri === undefined || uri === '' ? undefined : { type, uri };
    }
    case 'selectProfile':
      return withId('profileId', (profileId) => ({ type, profileId }));
    case 'selectModel': {
      const model = str(f, 'model', MAX_ID_CHARS);
      return model === undefined ? undefined : { type, model };
    }
    case 'codeAction': {
      const action = oneOf(f, 'action', CODE_ACTIONS);
      const code = str(f, 'code', MAX_CODE_CHARS);
      const language = str(f, 'language', 64) ?? '';
      if (action === undefined || code === undefined) return undefined;
      return { type, action, code, language: /^[\w.+#-]*$/.test(language) ? language : '' };
    }
    case 'openLink': {
      const href = str(f, 'href', MAX_HREF_CHARS);
      return href === undefined ? undefined : { type, href };
    }
    case 'hostAction': {
      const action = oneOf(f, 'action', HOST_ACTIONS);
      return action === undefined ? undefined : { type, action };
    }
    case 'request': {
      const requestId = f.requestId;
      const request = parseRequest(f.request);
      if (typeof requestId !== 'number' || !Number.isSafeInteger(requestId) || request === undefined) return undefined;
      return { type, requestId, request };
    }
    default:
      return undefined;
  }
}

/** Only web links leave VS Code; everything else (javascript:, data:, file:, command:) is refused. */
export function isSafeExternalLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Compile-time exhaustiveness check for `switch` over message types. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}
