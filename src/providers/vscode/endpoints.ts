// Builds and caches one InferenceClient per profile, with its key from SecretStorage.
// Clients are rebuilt when settings or keys change; the FIM capabilities they learn are
// kept in globalState so the probing survives restarts.
import * as vscode from 'vscode';
import {
  createInferenceClient,
  ProviderError,
  RateLimitGate,
  type FimCapabilityStore,
  type InferenceClient,
} from '..';
import type { FimTransportId, StreamObserver } from '../types';
import { systemClock, systemTimers } from '../../shared/clock';
import type { Logger } from '../../shared/log';
import { findProfile, resolveEndpoint } from '../../config/core/profiles';
import type { ApiKeyStore } from './secrets';
import type { SettingsStore } from '../../config/settingsStore';

const TRANSPORTS_KEY = 'fastInference.fimTransports';
const NO_STREAM_OPTIONS_KEY = 'fastInference.noStreamOptions';

/** FimCapabilityStore persisted in globalState. */
export class PersistedCapabilityStore implements FimCapabilityStore {
  private readonly transports: Record<string, FimTransportId>;
  private readonly noStreamOptions: Set<string>;

  constructor(private readonly state: vscode.Memento) {
    this.transports = { ...(state.get<Record<string, FimTransportId>>(TRANSPORTS_KEY) ?? {}) };
    this.noStreamOptions = new Set(state.get<string[]>(NO_STREAM_OPTIONS_KEY) ?? []);
  }

  get(key: string): FimTransportId | undefined {
    return this.transports[key];
  }

  set(key: string, value: FimTransportId): void {
    this.transports[key] = value;
    void this.state.update(TRANSPORTS_KEY, { ...this.transports });
  }

  refusesStreamOptions(key: string): boolean {
    return this.noStreamOptions.has(key);
  }

  rememberStreamOptionsRefused(key: string): void {
    this.noStreamOptions.add(key);
    void this.state.update(NO_STREAM_OPTIONS_KEY, [...this.noStreamOptions]);
  }
}

/** Fans one observer slot out to every listener (status bar, history, dashboard); one
 * failing listener does not keep the others from hearing about the request. Every event of
 * StreamObserver is forwarded (`Required` makes a new one a compile error until it is). */
class ObserverHub implements Required<StreamObserver> {
  readonly observers = new Set<StreamObserver>();

  constructor(private readonly logger: Logger) {}

  onStart(info: Parameters<NonNullable<StreamObserver['onStart']>>[0]): void {
    this.each((o) => o.onStart?.(info));
  }

  onProgress(info: Parameters<NonNullable<StreamObserver['onProgress']>>[0]): void {
    this.each((o) => o.onProgress?.(info));
  }

  onEnd(info: Parameters<NonNullable<StreamObserver['onEnd']>>[0]): void {
    this.each((o) => o.onEnd?.(info));
  }

  onLoading(info: Parameters<NonNullable<StreamObserver['onLoading']>>[0]): void {
    this.each((o) => o.onLoading?.(info));
  }

  private each(call: (o: StreamObserver) => void): void {
    for (const o of this.observers) {
      try {
        call(o);
      } catch (err) {
        this.logger.error(`Speed observer failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

export interface EndpointServiceDeps {
  settings: SettingsStore;
  keys: ApiKeyStore;
  /** context.globalState: where learnt FIM transports are kept. */
  globalState: vscode.Memento;
  logger: Logger;
  /** Tests only: a fetch for every client. */
  fetch?: typeof fetch;
}

export class EndpointService implements vscode.Disposable {
  readonly rateLimits = new RateLimitGate(systemClock, { timers: systemTimers });
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any client may have changed (settings or a key). */
  readonly onDidChange = this.changed.event;
  private readonly clients = new Map<string, Promise<InferenceClient>>();
  private readonly capabilities: PersistedCapabilityStore;
  private readonly hub: ObserverHub;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: EndpointServiceDeps) {
    this.capabilities = new PersistedCapabilityStore(deps.globalState);
    this.hub = new ObserverHub(deps.logger);
    this.subscriptions = [
      deps.settings.onDidChange(() => this.invalidate()),
      deps.keys.onDidChange((profileId) => this.invalidate(profileId)),
    ];
  }

  /** Registers a listener for every request's start, progress and speed sample. */
  observe(observer: StreamObserver): vscode.Disposable {
    this.hub.observers.add(observer);
    return new vscode.Disposable(() => this.hub.observers.delete(observer));
  }

  completionClient(): Promise<InferenceClient> {
    return this.clientFor(this.deps.settings.current.completionProfile);
  }

  clientFor(profileId: string): Promise<InferenceClient> {
    let client = this.clients.get(profileId);
    if (!client) {
      client = this.build(profileId);
      this.clients.set(profileId, client);
      // A failed build (unknown profile) is not cached.
      client.catch(() => this.clients.delete(profileId));
    }
    return client;
  }

  private async build(profileId: string): Promise<InferenceClient> {
    const settings = this.deps.settings.current;
    const profile = findProfile(settings, profileId);
    if (!profile) {
      throw new ProviderError({
        kind: 'bad-request',
        action: 'none',
        message: `There is no profile "${profileId}" in fastInference.profiles. Add one with "Fast Inference: Add Provider…".`,
      });
    }
    const apiKey = await this.deps.keys.get(profileId);
    const secretHeaders = await this.deps.keys.headers(profileId);
    return createInferenceClient(resolveEndpoint(profile, settings, apiKey, secretHeaders), {
      observer: this.hub,
      capabilities: this.capabilities,
      rateLimits: this.rateLimits,
      logger: this.deps.logger,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
    });
  }

  private invalidate(profileId?: string): void {
    if (profileId === undefined) this.clients.clear();
    else this.clients.delete(profileId);
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.rateLimits.dispose();
    this.hub.observers.clear();
    this.clients.clear();
  }
}
