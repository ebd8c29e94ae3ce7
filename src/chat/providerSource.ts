// Which profile and model the chat uses: profiles come from settings, the
// model is the profile's `chatModel`. Picking in the panel writes the same
// user settings that "Switch Chat Provider…" and "Pick Model…" write.
import * as vscode from 'vscode';
import { PRESETS } from '../config/core/presets';
import { profileName } from '../config/core/profiles';
import type { SettingsStore } from '../config/settingsStore';
import type { ProviderState } from '../shared/protocol';
import type { ChatClient, ProviderSource, Unsubscribe } from './core/ports';

/** What the chat needs from the endpoint service (the EndpointService satisfies it). */
export interface ChatEndpoints {
  clientFor(profileId: string): Promise<ChatClient>;
  readonly onDidChange: vscode.Event<void>;
}

export class SettingsProviderSource implements ProviderSource, vscode.Disposable {
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly settings: SettingsStore,
    private readonly endpoints: ChatEndpoints,
  ) {
    const fire = () => {
      for (const listener of this.listeners) listener();
    };
    this.subscriptions = [settings.onDidChange(fire), endpoints.onDidChange(fire)];
  }

  async state(): Promise<ProviderState> {
    const current = this.settings.current;
    const profileId = current.chatProfile;
    const profile = current.profiles.find((p) => p.id === profileId);
    let model = profile?.chatModel ?? '';
    try {
      model = (await this.endpoints.clientFor(profileId)).endpoint.chatModel;
    } catch {
      // A profile that cannot be built yet still shows; the request will say what is wrong.
    }
    // A preset with no chat model of its own (llama.cpp, vLLM, Custom…) lets the server pick.
    const serverPicks = profile !== undefined && (PRESETS[profile.preset] ?? PRESETS.custom).chatModels.length === 0;
    return {
      profiles: current.profiles.map((p) => ({ id: p.id, label: profileName(p) })),
      profileId,
      model,
      ...(serverPicks ? { serverDefault: {} } : {}),
    };
  }

  clientFor(profileId: string): Promise<ChatClient> {
    return this.endpoints.clientFor(profileId);
  }

  async selectProfile(profileId: string): Promise<void> {
    if (!this.settings.current.profiles.some((p) => p.id === profileId)) return;
    await this.settings.update('chatProfile', profileId);
  }

  async selectModel(profileId: string, model: string): Promise<void> {
    // Written into the raw user setting so fields this version does not know survive.
    const raw = vscode.workspace.getConfiguration('fastInference').get<unknown[]>('profiles') ?? [];
    // An empty model leaves the choice to the server: the field goes.
    const withModel = (p: object) => {
      const { chatModel: _old, ...rest } = p as { chatModel?: unknown };
      return model === '' ? rest : { ...rest, chatModel: model };
    };
    const profiles = raw.map((p) => (typeof p === 'object' && p !== null && (p as { id?: unknown }).id === profileId ? withModel(p) : p));
    if (!profiles.some((p) => (p as { id?: unknown }).id === profileId)) return;
    await this.settings.update('profiles', profiles);
  }

  onDidChange(listener: () => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.listeners.clear();
  }
}
