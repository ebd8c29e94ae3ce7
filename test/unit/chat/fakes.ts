// In-memory stand-ins for the controller's ports: a scripted chat stream that
// honours the abort signal like the real client, storage, context and UI.
import type { ChatClient, ContextSource, EditorBridge, HostUi, ProviderSource } from '../../../src/chat/core/ports';
import type { ContextBlock } from '../../../src/chat/core/prompt';
import type { ChatRequest, GenerationStream, SpeedSample, StreamDelta, StreamOutcome } from '../../../src/providers/types';
import type { ContextChip, HostAction, ProviderState } from '../../../src/shared/chatProtocol';
import { InMemoryStorage } from '../support/memoryStorage';

export function sample(overrides: Partial<SpeedSample> = {}): SpeedSample {
  return {
    profileId: 'fake',
    providerName: 'Fake',
    model: 'fake-chat',
    kind: 'chat',
    startedAt: 0,
    ttftMs: 30,
    totalMs: 100,
    completionTokens: 3,
    tokensEstimated: false,
    tokensPerSecond: 2000,
    server: null,
    aborted: false,
    ...overrides,
  };
}

/** What the scripted client does for one request. */
export type Script =
  | { deltas: StreamDelta[]; /** wait for `release()` after this many deltas */ pauseAfter?: number }
  | { error: Error; afterDeltas?: StreamDelta[] };

export class ScriptedClient implements ChatClient {
  readonly endpoint = { chatModel: 'fake-chat', profileId: 'fake' };
  readonly requests: { req: ChatRequest; signal: AbortSignal }[] = [];
  scripts: Script[] = [];
  private releaseWaiter: (() => void) | undefined;
  private pausedWaiters: (() => void)[] = [];

  release(): void {
    this.releaseWaiter?.();
  }

  /** Resolves when a stream reaches its script's `pauseAfter` (everything before it was read). */
  whenPaused(): Promise<void> {
    return new Promise((resolve) => this.pausedWaiters.push(resolve));
  }

  async listModels(): Promise<string[]> {
    return ['fake-chat', 'fake-coder'];
  }

  streamChat(req: ChatRequest, signal: AbortSignal): GenerationStream {
    this.requests.push({ req, signal });
    const script = this.scripts.shift() ?? { deltas: [{ kind: 'content', text: 'ok' }] };
    let resolveOutcome!: (o: StreamOutcome) => void;
    let rejectOutcome!: (e: unknown) => void;
    const outcome = new Promise<StreamOutcome>((res, rej) => ((resolveOutcome = res), (rejectOutcome = rej)));
    const setWaiter = (fn: () => void) => {
      this.releaseWaiter = fn;
      for (const paused of this.pausedWaiters.splice(0)) paused();
    };
    async function* iterate(): AsyncGenerator<StreamDelta> {
      let text = '';
      const deltas = 'deltas' in script ? script.deltas : (script.afterDeltas ?? []);
      for (let i = 0; i < deltas.length; i++) {
        if ('deltas' in script && script.pauseAfter === i) {
          await new Promise<void>((resolve) => {
            setWaiter(resolve);
            signal.addEventListener('abort', () => resolve(), { once: true });
          });
        }
        if (signal.aborted) break;
        await Promise.resolve();
        if (deltas[i].kind === 'content') text += deltas[i].text;
        yield deltas[i];
      }
      if ('error' in script && !signal.aborted) {
        rejectOutcome(script.error);
        throw script.error;
      }
      resolveOutcome({ text, reasoning: '', finishReason: signal.aborted ? null : 'stop', aborted: signal.aborted, sample: sample({ aborted: signal.aborted }) });
    }
    const iterator = iterate();
    return { [Symbol.asyncIterator]: () => iterator, outcome };
  }
}

export class FakeProviders implements ProviderSource {
  profileId = 'fake';
  model = 'fake-chat';
  /** Set for a profile whose preset names no chat model (the server may pick). */
  serverDefault: ProviderState['serverDefault'];
  readonly listeners = new Set<() => void>();
  constructor(readonly client: ScriptedClient) {}
  async state(): Promise<ProviderState> {
    return {
      profiles: [{ id: 'fake', label: 'Fake' }, { id: 'other', label: 'Other' }],
      profileId: this.profileId,
      model: this.model,
      ...(this.serverDefault ? { serverDefault: this.serverDefault } : {}),
    };
  }
  async clientFor(): Promise<ChatClient> {
    return this.client;
  }
  async selectProfile(id: string): Promise<void> {
    this.profileId = id;
    for (const l of this.listeners) l();
  }
  async selectModel(_profileId: string, model: string): Promise<void> {
    this.model = model;
    for (const l of this.listeners) l();
  }
  onDidChange(listener: () => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

export class FakeContext implements ContextSource {
  offered: ContextChip[] = [];
  texts = new Map<string, ContextBlock>();
  restrictedMode = false;
  consumedCount = 0;
  chips(): ContextChip[] {
    return this.offered;
  }
  remove(chipId: string): void {
    this.offered = this.offered.filter((c) => c.id !== chipId);
  }
  async add(): Promise<void> {}
  async listOpenFiles() {
    return [{ uri: 'file:///w/b.ts', label: 'b.ts', description: 'src' }];
  }
  /** When set, reading the chips throws this. */
  failWith: Error | undefined;
  /** When set, reading the chips waits for this. */
  holdUntil: Promise<void> | undefined;
  async resolve(chips: readonly ContextChip[]): Promise<ContextBlock[]> {
    await this.holdUntil;
    if (this.failWith) throw this.failWith;
    return chips.map((c) => this.texts.get(c.id)).filter((b): b is ContextBlock => b !== undefined);
  }
  consumed(): void {
    this.consumedCount++;
  }
  restricted(): boolean {
    return this.restrictedMode;
  }
  onDidChange() {
    return { dispose: () => undefined };
  }
}

export class FakeEditor implements EditorBridge {
  readonly calls: string[] = [];
  async run(action: string, code: string): Promise<string | undefined> {
    this.calls.push(`${action}:${code}`);
    return action === 'copy' ? 'Copied' : undefined;
  }
}

export class FakeUi implements HostUi {
  readonly ran: HostAction[] = [];
  readonly opened: string[] = [];
  title: string | undefined = 'Renamed';
  confirm = true;
  async run(action: HostAction): Promise<void> {
    this.ran.push(action);
  }
  async openExternal(href: string): Promise<void> {
    this.opened.push(href);
  }
  async askTitle(): Promise<string | undefined> {
    return this.title;
  }
  async confirmDelete(): Promise<boolean> {
    return this.confirm;
  }
}

/** Storage that serialises like VS Code's Memento (kept under this name for other suites that use these fakes). */
export class JsonStorage extends InMemoryStorage {}
