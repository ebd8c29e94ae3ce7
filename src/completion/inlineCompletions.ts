// Owns the completion engine for the current completion profile, decides which
// documents may get completions at all (setting, snooze, Restricted Mode,
// disabled languages, secret files), and publishes the state the status bar shows.
import * as vscode from 'vscode';
import type { PromptGate } from '../config/promptGate';
import { PRESETS } from '../config/core/presets';
import type { SettingsStore } from '../config/settingsStore';
import type { InferenceClient, RateLimitGate } from '../providers';
import type { CompletionStatus, CompletionStatusSource } from '../speed/core/completionStatus';
import { ConnectionWarmer } from '../providers/warm';
import { epochClock, systemTimers, type Clock, type TimerHandle, type Timers } from '../shared/clock';
import type { Logger } from '../shared/log';
import { SnippetRing } from './core/contextRing';
import { CompletionEngine } from './core/engine';
import { INITIAL_STATE, sameState, toCompletionStatus, type InlineCompletionState } from './core/status';
import { engineOptionsFrom, isLocalEndpoint, type CompletionInput, type EngineOptions, type Suggestion } from './core/types';
import { ProfileEnginePort } from './enginePort';
import { OwnInlineTriggers } from '../shared/inlineTriggers';

/** What makes two clients the same endpoint for the engine's purposes. */
function endpointIdentity(client: InferenceClient): string {
  const e = client.endpoint;
  return JSON.stringify([e.profileId, e.baseUrl, e.completionModel, e.fimTransport, e.fimTemplate]);
}

const SNOOZE_KEY = 'fastInference.completions.snoozedUntil';

/** What the controller needs from the provider layer (the EndpointService fits). */
export interface CompletionEndpoints {
  completionClient(): Promise<InferenceClient>;
  readonly onDidChange: vscode.Event<void>;
  readonly rateLimits: Pick<RateLimitGate, 'remainingMs'>;
}

export interface InlineCompletionDeps {
  settings: SettingsStore;
  endpoints: CompletionEndpoints;
  log: Logger;
  /** What may enter a prompt: the document being completed and the files in the context ring. */
  gate: PromptGate;
  /** Recent times to first token of a profile (Speed.recentTtftMs), so the debounce is right from the first keystroke. */
  recentTtftMs?: (profileId: string, model?: string) => number[];
  /** The one clock of the completion path (the engine's and the snooze's); epoch ms on a monotonic scale by default. */
  clock?: Clock;
  timers?: Timers;
}

export class InlineCompletions implements vscode.Disposable, CompletionStatusSource {
  /** The engine for the current profile; undefined until its client is built. */
  private engine: CompletionEngine | undefined;
  readonly ring = new SnippetRing();
  /** Inline triggers the extension runs itself (next edits' ghost text), so they are not taken for the user asking. */
  readonly ownTriggers = new OwnInlineTriggers();
  private client: InferenceClient | undefined;
  private clientPromise: Promise<void> | undefined;
  private readonly changedVersions = new Map<string, number>();
  private excludedKey: string;
  private current: InlineCompletionState;
  private snoozeTimer: TimerHandle | undefined;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly stateChanged = new vscode.EventEmitter<InlineCompletionState>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private engineSubscription: { dispose(): void } | undefined;
  private warmer: ConnectionWarmer | undefined;
  /** Fires whenever {@link state} changes. */
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly deps: InlineCompletionDeps,
    private readonly globalState: vscode.Memento,
  ) {
    this.clock = deps.clock ?? epochClock;
    this.timers = deps.timers ?? systemTimers;
    const settings = deps.settings.current;
    this.excludedKey = JSON.stringify([settings.completions.excludeGlobs, settings.completions.disabledLanguages]);
    const snoozedUntil = globalState.get<number>(SNOOZE_KEY) ?? null;
    this.current = { ...INITIAL_STATE, enabled: settings.completions.enabled, snoozedUntil: snoozedUntil !== null && snoozedUntil > this.clock.now() ? snoozedUntil : null, blockedReason: this.restrictedReason() };
    this.armSnoozeTimer();
    this.subscriptions.push(
      deps.settings.onDidChange(() => this.onSettingsChanged()),
      deps.endpoints.onDidChange(() => void this.refreshClient()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.update({ blockedReason: this.restrictedReason() })),
      // Snippets of a folder that left the workspace must not reach a prompt.
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.ring.clear()),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) this.warmConnection();
      }),
    );
  }

  /** Registrations that live as long as this object (the provider, the editor events, the commands). */
  holdUntilDisposed(...disposables: vscode.Disposable[]): void {
    this.subscriptions.push(...disposables);
  }

  get state(): InlineCompletionState {
    return this.current;
  }

  /** For the status bar (CompletionStatusSource). */
  get status(): CompletionStatus {
    return toCompletionStatus(this.current, this.clock.now());
  }

  onDidChange(listener: (status: CompletionStatus) => unknown): vscode.Disposable {
    return this.stateChanged.event(() => listener(this.status));
  }

  private restrictedReason(): string | null {
    return !vscode.workspace.isTrusted && !this.deps.settings.current.allowInRestrictedMode ? 'Restricted Mode' : null;
  }

  private update(patch: Partial<InlineCompletionState>): void {
    const next = { ...this.current, ...patch };
    if (sameState(next, this.current)) return;
    this.current = next;
    this.stateChanged.fire(next);
  }

  private onSettingsChanged(): void {
    const settings = this.deps.settings.current;
    const before = this.excludedKey;
    this.excludedKey = JSON.stringify([settings.completions.excludeGlobs, settings.completions.disabledLanguages]);
    // Snippets taken from files that are excluded now must not reach a prompt.
    if (this.excludedKey !== before) this.ring.clear();
    this.update({ enabled: settings.completions.enabled, blockedReason: this.restrictedReason() });
    if (this.engine && this.client) this.engine.configure(this.engineOptions(this.client));
    if (!settings.completions.enabled) this.engine?.noteActiveDocument(undefined);
  }

  get gate(): PromptGate {
    return this.deps.gate;
  }

  /** True for languages the user turned completions off for (their files feed no prompt either). */
  isDisabledLanguage(languageId: string): boolean {
    return this.deps.settings.current.completions.disabledLanguages.includes(languageId);
  }

  /** Whether an Invoke trigger for this document was run by the extension, not asked for by the user. */
  isOwnTrigger(document: vscode.TextDocument): boolean {
    return this.ownTriggers.isOwn(document);
  }

  /**
   * Whether a document may get completions now; a manual trigger overrides the toggle and the
   * snooze. Whether the document may enter a prompt at all is the gate's verdict, asked apart
   * because it may have to read the disk.
   */
  allows(document: vscode.TextDocument, manual: boolean): boolean {
    if (this.current.blockedReason !== null || this.isDisabledLanguage(document.languageId)) return false;
    if (manual) return true;
    return this.current.enabled && !this.isSnoozed();
  }

  isSnoozed(): boolean {
    return this.current.snoozedUntil !== null && this.current.snoozedUntil > this.clock.now();
  }

  async snooze(minutes: number | null): Promise<void> {
    const until = minutes === null ? null : Math.round(this.clock.now()) + minutes * 60_000;
    await this.globalState.update(SNOOZE_KEY, until ?? undefined);
    this.update({ snoozedUntil: until });
    this.armSnoozeTimer();
    if (until !== null) this.engine?.noteActiveDocument(undefined);
  }

  private armSnoozeTimer(): void {
    this.snoozeTimer?.cancel();
    this.snoozeTimer = undefined;
    const until = this.current.snoozedUntil;
    if (until === null) return;
    this.snoozeTimer = this.timers.setTimeout(() => void this.snooze(null), Math.max(0, until - this.clock.now()));
  }

  private engineOptions(client: InferenceClient): EngineOptions {
    const endpoint = client.endpoint;
    const local = isLocalEndpoint({ baseUrl: endpoint.baseUrl, presetLocal: (PRESETS as Partial<Record<string, { local: boolean }>>)[endpoint.presetId]?.local });
    return engineOptionsFrom(this.deps.settings.current.completions, endpoint.completionMaxTokens, local);
  }

  /** Something will need the endpoint soon (a keystroke, the window gaining focus): warm its connection if it went idle. */
  warmConnection(): void {
    // Nothing goes to an endpoint while completions are off, snoozed or blocked (Restricted Mode).
    if (!this.current.enabled || this.current.blockedReason !== null || this.isSnoozed()) return;
    this.warmer?.touch();
  }

  /**
   * Asks the current profile's engine. Synchronous once the engine is built: a
   * stale stream must be closed in this call, before anything is awaited.
   */
  provide(input: CompletionInput, signal: AbortSignal): Promise<Suggestion | undefined> {
    if (this.engine) return this.engine.provide(input, signal);
    return this.engineReady().then((engine) => (engine && !signal.aborted ? engine.provide(input, signal) : undefined));
  }

  /** The cursor moved (the editor's selection changed). */
  noteCursor(docKey: string, offset: number, version: number): void {
    this.engine?.noteCursor(docKey, offset, version);
  }

  /** The user switched to another editor (or none). */
  noteActiveDocument(docKey: string | undefined): void {
    this.engine?.noteActiveDocument(docKey);
  }

  /** A document was closed: the engine forgets it. */
  forgetDocument(docKey: string): void {
    this.engine?.forgetDocument(docKey);
  }

  /** The engine for the current profile, once its client is built (built now if need be). */
  engineReady(): Promise<CompletionEngine | undefined> {
    if (this.engine) return Promise.resolve(this.engine);
    this.clientPromise ??= this.refreshClient();
    return this.clientPromise.then(() => this.engine);
  }

  /**
   * Gets the completion client again (settings or a key changed). The engine, with
   * what it learnt about the endpoint's speed and its cache, is kept when the
   * endpoint is the same; a different endpoint or model gets a fresh engine.
   */
  private refreshClient(): Promise<void> {
    const pending = this.deps.endpoints.completionClient().then(
      (client) => {
        const same = this.client !== undefined && endpointIdentity(this.client) === endpointIdentity(client);
        this.client = client;
        if (same && this.engine) this.engine.configure(this.engineOptions(client));
        else this.buildEngine(client);
      },
      (err: unknown) => {
        this.clientPromise = undefined;
        this.client = undefined;
        this.disposeEngine();
        const message = err instanceof Error ? err.message : String(err);
        this.update({ lastError: { kind: 'bad-request', message, at: Math.round(this.clock.now()) } });
        this.deps.log.warn(`Inline completions have no endpoint: ${message}`);
      },
    );
    this.clientPromise = pending;
    return pending;
  }

  /** Versions of recent document changes, replayed into a new engine. */
  noteDocumentChange(docKey: string, version: number): void {
    this.changedVersions.set(docKey, version);
    if (this.changedVersions.size > 200) this.changedVersions.delete(this.changedVersions.keys().next().value as string);
    this.engine?.noteDocumentChange(docKey, version);
  }

  private buildEngine(client: InferenceClient): void {
    this.disposeEngine();
    const endpoint = client.endpoint;
    const options = this.engineOptions(client);
    // A connection opened now (activation, a switch of provider) and again after idle spells.
    const warmer = new ConnectionWarmer(() => (this.client ?? client).listModels(), this.clock);
    this.warmer = warmer;
    this.warmConnection();
    const port = new ProfileEnginePort(endpoint, {
      // Through `this.client` so a rebuilt client for the same endpoint (a new key) is used at once.
      client: () => this.client ?? client,
      warmer,
      ring: this.ring,
      excludes: (file) => this.deps.gate.excludes(file),
      rateLimits: this.deps.endpoints.rateLimits,
      recentTtftMs: this.deps.recentTtftMs,
      clock: this.clock,
      timers: this.timers,
      logger: this.deps.log,
    });
    const engine = new CompletionEngine(options, port);
    for (const [docKey, version] of this.changedVersions) engine.noteDocumentChange(docKey, version);
    this.engineSubscription = engine.onActivity((a) => {
      // The engine runs on this controller's clock: its times are epoch ms already, shown in whole ms.
      const rateLimitedUntil = a.rateLimitedUntil === null ? null : Math.round(a.rateLimitedUntil);
      const lastError = a.lastError && { ...a.lastError, at: Math.round(a.lastError.at) };
      this.update({ waiting: a.waiting, lastError, rateLimitedUntil });
    });
    this.engine = engine;
    this.update({ waiting: false, lastError: null, rateLimitedUntil: null });
  }

  private disposeEngine(): void {
    this.engineSubscription?.dispose();
    this.engineSubscription = undefined;
    this.engine?.dispose();
    this.engine = undefined;
  }

  dispose(): void {
    this.snoozeTimer?.cancel();
    this.disposeEngine();
    for (const s of this.subscriptions) s.dispose();
    this.stateChanged.dispose();
  }
}
