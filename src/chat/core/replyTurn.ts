// One reply from start to saved: the prompt assembled from the conversation
// and its context, the answer streamed into the reply message in batches, and
// the webview told when it starts, as it grows and how it ended.
import type { Clock, Timers } from '../../shared/clock';
import type { HostMessage, ProviderState, ReplySpeed } from '../../shared/chatProtocol';
import { finishReply, messageView, startReply, type Conversation, type StoredMessage } from './conversation';
import { errorView } from './errors';
import type { ProviderSource } from './ports';
import { assemblePrompt, DEFAULT_SYSTEM_PROMPT } from './prompt';
import { runReply } from './reply';
import type { ConversationStore } from './store';

export interface ReplyTurnDeps {
  store: ConversationStore;
  providers: ProviderSource;
  clock: Clock;
  timers: Timers;
  /** Wall-clock time for message timestamps. */
  now: () => number;
  newId: () => string;
  post: (message: HostMessage) => void;
  /** The reply finished: the provider state it was asked with and the speed it reported. */
  answered?: (state: ProviderState, speed: ReplySpeed | undefined) => void;
  systemPrompt?: string;
  maxPromptTokens?: number;
  flushIntervalMs?: number;
}

export class ReplyTurn {
  readonly abort = new AbortController();
  readonly reply: StoredMessage;
  /** Resolves once the reply has finished and been saved. */
  readonly done: Promise<void>;
  private readonly history: StoredMessage[];
  private finished!: () => void;

  /** Adds the (empty) reply to `prompt` to the conversation. */
  constructor(
    private readonly deps: ReplyTurnDeps,
    readonly conversation: Conversation,
    private readonly prompt: StoredMessage,
  ) {
    this.history = conversation.messages.slice(0, conversation.messages.indexOf(prompt));
    this.reply = startReply(conversation, deps.newId(), deps.now());
    this.done = new Promise<void>((resolve) => (this.finished = resolve));
  }

  /** Streams the reply; `onEnd` runs once it has ended, before the webview is told. */
  async run(onEnd: () => void): Promise<void> {
    const { store, providers, clock, timers, post } = this.deps;
    const { conversation, reply, prompt } = this;
    post({ type: 'messageAdded', conversationId: conversation.id, message: messageView(reply) });
    post({ type: 'busy', busy: true });
    try {
      const assembled = assemblePrompt({
        systemPrompt: this.deps.systemPrompt ?? DEFAULT_SYSTEM_PROMPT,
        history: this.history,
        prompt: prompt.content,
        context: prompt.contextBlocks ?? [],
        maxPromptTokens: this.deps.maxPromptTokens ?? 24_000,
      });
      const state = await providers.state();
      const profileId = state.profileId;
      const result = await runReply({
        client: () => providers.clientFor(profileId),
        request: { messages: assembled.messages },
        signal: this.abort.signal,
        reply,
        post: (batch) => post({ type: 'delta', conversationId: conversation.id, messageId: reply.id, ...batch }),
        changed: () => store.changed(conversation),
        clock,
        timers,
        flushIntervalMs: this.deps.flushIntervalMs,
      });
      finishReply(reply, result.status === 'done' ? 'done' : result.status, result);
      this.deps.answered?.(state, result.speed);
    } catch (err) {
      finishReply(reply, 'error', { error: errorView(err) });
    } finally {
      onEnd();
      post({
        type: 'messageFinished',
        conversationId: conversation.id,
        messageId: reply.id,
        status: reply.status,
        contentLength: reply.content.length,
        reasoningLength: reply.reasoning.length,
        speed: reply.speed,
        error: reply.error,
      });
      post({ type: 'busy', busy: false });
      store.changed(conversation);
      await store.flush();
      this.finished();
    }
  }
}
