// API keys live only in VS Code's SecretStorage, one per profile. Keys found in settings
// are moved here and removed from the settings file, with a notice that never shows them.
import * as vscode from 'vscode';
import type { Logger } from '../shared/log';
import { extractKeysFromProfiles, type FoundKey } from './core/keyMigration';

const PREFIX = 'fastInference.apiKey.';

export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly subscription: vscode.Disposable;
  /** Values seen this session, so the log can redact them. */
  private readonly known = new Map<string, string>();
  /** Fires with the profile id whose key was set or removed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (!e.key.startsWith(PREFIX)) return;
      const profileId = e.key.slice(PREFIX.length);
      this.known.delete(profileId);
      this.changed.fire(profileId);
    });
  }

  async get(profileId: string): Promise<string | undefined> {
    const key = await this.secrets.get(PREFIX + profileId);
    if (key) this.known.set(profileId, key);
    return key || undefined;
  }

  async set(profileId: string, key: string): Promise<void> {
    this.known.set(profileId, key);
    await this.secrets.store(PREFIX + profileId, key);
  }

  async delete(profileId: string): Promise<void> {
    await this.secrets.delete(PREFIX + profileId);
  }

  async has(profileId: string): Promise<boolean> {
    return (await this.get(profileId)) !== undefined;
  }

  /** Every key value read or written this session (for redaction). */
  knownValues(): string[] {
    return [...this.known.values()];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * Moves keys written into `fastInference.profiles` in user settings into SecretStorage and
 * rewrites the setting without them. Returns the profile ids moved. Keys in workspace settings
 * are never taken: a workspace could otherwise choose the key your code is sent with (an
 * account whose request logs someone else reads). Profiles are application-scoped, so such a
 * workspace value has no effect anyway; the log says to remove it.
 */
export async function moveKeysOutOfSettings(keys: ApiKeyStore, log: Logger): Promise<string[]> {
  const config = vscode.workspace.getConfiguration('fastInference');
  const inWorkspace = [config.inspect<unknown[]>('profiles')?.workspaceValue, config.inspect<unknown[]>('profiles')?.workspaceFolderValue].flatMap(
    (value) => extractKeysFromProfiles(value).found,
  );
  for (const f of inWorkspace) {
    log.warn(`Workspace settings hold an API key for profile "${f.profileId}" (${f.field}). It is ignored: keys come only from "Fast Inference: Set API Key…" or your user settings. Remove it from the workspace's settings file.`);
  }
  // Store every key first, then rewrite the setting from a fresh read with no await in
  // between, so an edit made meanwhile is not overwritten and no key is dropped unstored.
  const stored = new Set<string>();
  let found: FoundKey[] = [];
  for (;;) {
    const inspectedNow = vscode.workspace.getConfiguration('fastInference').inspect<unknown[]>('profiles');
    const extraction = extractKeysFromProfiles(inspectedNow?.globalValue);
    const missing = extraction.found.filter((f) => !stored.has(`${f.profileId}\n${f.key}`));
    if (missing.length === 0) {
      found = extraction.found;
      if (found.length > 0) await config.update('profiles', extraction.cleaned, vscode.ConfigurationTarget.Global);
      break;
    }
    for (const f of missing) {
      await keys.set(f.profileId, f.key);
      stored.add(`${f.profileId}\n${f.key}`);
    }
  }
  if (found.length === 0) return [];
  for (const f of found) log.info(`Moved the API key of profile "${f.profileId}" (${f.field}) from user settings to secret storage.`);
  const ids = [...new Set(found.map((f) => f.profileId))].map((id) => `"${id}"`).join(', ');
  void vscode.window.showInformationMessage(
    `Fast Inference moved the API key of ${ids} from your user settings into VS Code's secret storage and removed it from the settings file.`,
  );
  return found.map((f) => f.profileId);
}

/** Moves keys now and whenever the profiles setting changes. */
export function watchForKeysInSettings(keys: ApiKeyStore, log: Logger): vscode.Disposable {
  const run = () => moveKeysOutOfSettings(keys, log).catch((err) => log.error(`Could not move API keys out of settings: ${String(err)}`));
  void run();
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('fastInference.profiles')) void run();
  });
}
