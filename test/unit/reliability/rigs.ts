// The real product code wired together in plain Node, as the extension wires it: the
// provider client (openai SDK, real sockets) with the rate-limit gate and the live speed
// meter, under the completion controller and engine (on the vscode stand-in) or the chat
// controller.
import { ChatController } from '../../../src/chat/core/controller';
import type { ChatClient, ProviderSource } from '../../../src/chat/core/ports';
import { ConversationStore } from '../../../src/chat/core/store';
import { CompletionEngine } from '../../../src/completion/core/engine';
import { DEFAULT_PROMPT_BUDGET } from '../../../src/completion/core/prompt';
import type { CompletionInput, EngineOptions } from '../../../src/completion/core/types';
import { createInferenceClient, RateLimitGate, type InferenceClient } from '../../../src/providers';
import type { EndpointConfig } from '../../../src/providers/types';
import { systemClock, systemTimers } from '../../../src/shared/clock';
import type { Logger } from '../../../src/shared/log';
import type { HostMessage, ProviderState } from '../../../src/shared/chatProtocol';
import { LiveSpeedMeter } from '../../../src/speed/core/liveMeter';
import { SpeedHistory } from '../../../src/speed/core/history';
import { StatusController } from '../../../src/speed/core/statusController';
import type { StatusView } from '../../../src/speed/core/statusModel';
import { FakeContext, FakeEditor, FakeUi, JsonStorage } from '../chat/fakes';
import { countedTimers, until } from '../support/until';
import { FakeMemento, installVscodeStandIn, resetVscode, settingsFile } from '../support/vscode';

installVscodeStandIn();
const { InlineCompletions } = require('../../../src/completion/inlineCompletions') as typeof import('../../../src/completion/inlineCompletions');
const { SettingsStore } = require('../../../src/config/settingsStore') as typeof import('../../../src/config/settingsStore');
const { PromptGate } = require('../../../src/config/promptGate') as typeof import('../../../src/config/promptGate');

/** A logger that keeps the latest lines (what would reach the output channel), bounded so load tests measure the product, not it. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  private add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > 500) this.lines.splice(0, this.lines.length - 500);
  }
  trace = (m: string) => this.add(`trace ${m}`);
  debug = (m: string) => this.add(`debug ${m}`);
  info = (m: string) => this.add(`info ${m}`);
  warn = (m: string) => this.add(`warn ${m}`);
  error = (m: string) => this.add(`error ${m}`);
}

export function testEndpoint(baseUrl: string, overrides: Partial<EndpointConfig> = {}): EndpointConfig {
  return {
    profileId: 'fake',
    providerName: 'Fake',
    presetId: 'custom',
    baseUrl,
    headers: {},
    chatModel: 'fake-chat',
    completionModel: 'fake-coder',
    fimTransport: 'completions-suffix',
    fimTemplate: 'auto',
    serverTiming: 'none',
    firstTokenTimeoutMs: 20_000,
    chatMaxTokens: 4096,
    completionMaxTokens: 64,
    temperature: 0.2,
    ...overrides,
  };
}

/** One endpoint's client with the shared pieces the extension gives it. */
export class ClientRig {
  readonly gate = new RateLimitGate(systemClock, { timers: systemTimers });
  /** The meter's timers, counted, so a test can wait for its trailing update. */
  readonly meterTimers = countedTimers(systemTimers);
  readonly meter = new LiveSpeedMeter(systemClock, this.meterTimers);
  readonly logger = new MemoryLogger();
  readonly client: InferenceClient;

  constructor(readonly endpoint: EndpointConfig) {
    this.client = createInferenceClient(endpoint, { rateLimits: this.gate, observer: this.meter, logger: this.logger });
  }

  dispose(): void {
    this.gate.dispose();
    this.meter.dispose();
  }
}

export const COMPLETION_OPTIONS: EngineOptions = {
  debounce: 'fixed',
  fixedDebounceMs: 0,
  multiline: 'auto',
  maxLines: 12,
  speculative: false,
  contextFromOtherFiles: false,
  maxTokens: 64,
  budget: DEFAULT_PROMPT_BUDGET,
  idleAbortMs: 2000,
};

/**
 * The completion side as the extension wires it: the real controller (src/completion/inlineCompletions.ts,
 * on the vscode stand-in) owns the engine for the endpoint, and the real status controller
 * turns its state, the live meter and the rate-limit gate into the status bar.
 */
export class CompletionRig {
  private version = 0;
  private readonly status: StatusController;

  private constructor(
    readonly rig: ClientRig,
    private readonly settings: InstanceType<typeof SettingsStore>,
    private readonly controller: InstanceType<typeof InlineCompletions>,
    readonly engine: CompletionEngine,
  ) {
    this.status = new StatusController({ meter: rig.meter, history: new SpeedHistory(100), timers: systemTimers, wallNow: Date.now });
    const ref = { profileId: rig.endpoint.profileId, providerName: rig.endpoint.providerName, model: rig.endpoint.completionModel };
    this.status.setProviders({ completion: ref, chat: ref });
    this.status.setCooldowns(rig.gate);
    this.status.setCompletionStatus(controller);
  }

  /** Settings as COMPLETION_OPTIONS (and `options`) say, written where the controller reads them. */
  static async create(rig: ClientRig, options: Partial<EngineOptions> = {}): Promise<CompletionRig> {
    const o = { ...COMPLETION_OPTIONS, ...options };
    resetVscode();
    Object.assign(settingsFile.user, {
      'completions.debounce': o.debounce,
      'completions.fixedDebounceMs': o.fixedDebounceMs,
      'completions.multiline': o.multiline,
      'completions.maxLines': o.maxLines,
      'completions.speculative': o.speculative,
      'completions.contextFromOtherFiles': o.contextFromOtherFiles,
    });
    const settings = new SettingsStore();
    // The controller's connection warm-up (a model list request) is left out: each fault case judges the requests the engine sends.
    const client = new Proxy(rig.client, {
      get: (target, key) => {
        if (key === 'listModels') return async () => [];
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const endpoints = { completionClient: async () => client, onDidChange: () => ({ dispose() {} }), rateLimits: rig.gate };
    // Links resolve to themselves: the stand-in's files exist only in memory.
    const gate = new PromptGate(settings, rig.logger, async (p) => p);
    const controller = new InlineCompletions({ settings, endpoints, log: rig.logger, gate }, new FakeMemento() as never);
    const engine = await controller.engineReady();
    if (!engine) throw new Error('the controller built no engine');
    return new CompletionRig(rig, settings, controller, engine);
  }

  /** One keystroke's call from the editor: the document changed, then the provider is asked. */
  type(prefix: string, suffix: string, signal = new AbortController().signal, docKey = 'file:///w/app.js'): Promise<ReturnType<CompletionEngine['provide']> extends Promise<infer T> ? T : never> {
    this.version++;
    this.controller.noteDocumentChange(docKey, this.version);
    const input: CompletionInput = { docKey, version: this.version, offset: prefix.length, prefix, suffix, languageId: 'javascript', filePath: 'app.js', trigger: 'automatic' };
    return this.engine.provide(input, signal);
  }

  /** What the status bar shows once the live meter has published its last update. */
  async statusBar(): Promise<StatusView> {
    await until(() => this.rig.meterTimers.due === 0, "the live meter's trailing update");
    return this.status.view;
  }

  dispose(): void {
    this.status.dispose();
    this.controller.dispose();
    this.settings.dispose();
  }
}

class RealProviders implements ProviderSource {
  constructor(private readonly client: ChatClient) {}
  async state(): Promise<ProviderState> {
    return { profiles: [{ id: 'fake', label: 'Fake' }], profileId: 'fake', model: 'fake-chat' };
  }
  async clientFor(): Promise<ChatClient> {
    return this.client;
  }
  async selectProfile(): Promise<void> {}
  async selectModel(): Promise<void> {}
  onDidChange() {
    return { dispose: () => undefined };
  }
}

export class ChatRig {
  readonly controller: ChatController;
  readonly store: ConversationStore;
  readonly context = new FakeContext();
  readonly posted: HostMessage[] = [];

  constructor(readonly rig: ClientRig) {
    let n = 0;
    const newId = () => `m${++n}`;
    this.store = new ConversationStore(new JsonStorage(), systemTimers, () => Date.now(), newId);
    this.controller = new ChatController({
      store: this.store,
      providers: new RealProviders(rig.client),
      context: this.context,
      editor: new FakeEditor(),
      ui: new FakeUi(),
      clock: systemClock,
      timers: systemTimers,
      now: () => Date.now(),
      newId,
      logger: rig.logger,
    });
    this.controller.outbox.attach((m) => this.posted.push(m));
  }

  of<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }>[] {
    return this.posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  }

  async dispose(): Promise<void> {
    await this.controller.dispose();
  }
}
