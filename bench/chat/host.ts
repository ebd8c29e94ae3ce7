// The extension-host side of the chat as the extension runs it, minus VS Code:
// the real provider client (openai SDK → HTTP → fake server), the real
// controller, store and batcher. Storage serialises like VS Code's Memento;
// editor, context and dialogs are inert because the benchmark only streams.
import { resolveEndpoint } from '../../src/config/core/profiles';
import { DEFAULT_SETTINGS } from '../../src/config/core/settings';
import { ChatController } from '../../src/chat/core/controller';
import type { ChatClient, ContextSource, EditorBridge, HostUi, ProviderSource } from '../../src/chat/core/ports';
import { ConversationStore } from '../../src/chat/core/store';
import { createInferenceClient } from '../../src/providers';
import { systemClock, systemTimers } from '../../src/shared/clock';
import type { HostMessage } from '../../src/shared/chatProtocol';
import { InMemoryStorage } from '../../test/unit/support/memoryStorage';

const noContext: ContextSource = {
  chips: () => [],
  remove: () => undefined,
  add: async () => undefined,
  listOpenFiles: async () => [],
  resolve: async () => [],
  consumed: () => undefined,
  restricted: () => false,
  onDidChange: () => ({ dispose: () => undefined }),
};
const noEditor: EditorBridge = { run: async () => undefined };
const noUi: HostUi = { run: async () => undefined, openExternal: async () => undefined, askTitle: async () => undefined, confirmDelete: async () => false };

export function createHost(baseUrl: string, post: (message: HostMessage) => void, flushIntervalMs: number): ChatController {
  const endpoint = resolveEndpoint({ id: 'fake', preset: 'custom', baseUrl, chatModel: 'fake-chat', chatMaxTokens: 100_000 }, DEFAULT_SETTINGS);
  const client = createInferenceClient(endpoint) as ChatClient;
  const providers: ProviderSource = {
    state: async () => ({ profiles: [{ id: 'fake', label: 'Fake' }], profileId: 'fake', model: 'fake-chat' }),
    clientFor: async () => client,
    selectProfile: async () => undefined,
    selectModel: async () => undefined,
    onDidChange: () => ({ dispose: () => undefined }),
  };
  let n = 0;
  const newId = () => `m${++n}`;
  const store = new ConversationStore(new InMemoryStorage(), systemTimers, () => Date.now(), newId);
  const controller = new ChatController({
    store,
    providers,
    context: noContext,
    editor: noEditor,
    ui: noUi,
    clock: systemClock,
    timers: systemTimers,
    now: () => Date.now(),
    newId,
    flushIntervalMs,
  });
  controller.outbox.attach(post);
  return controller;
}
