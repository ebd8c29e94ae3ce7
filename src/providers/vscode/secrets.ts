// API keys live only in VS Code's SecretStorage, one per profile, and so do the profile's
// credential headers (x-api-key, api-key, a Basic Authorization, a cookie…). Those found in
// settings are moved here and removed from the settings file, with a notice that never shows them.
import * as vscode from 'vscode';
import { endpointSecrets } from '../errors';
import type { Logger } from '../../shared/log';
import { extractKeysFromProfiles, type FoundKey } from '../../config/core/keyMigration';
import { mergeHeaders } from '../../config/core/profiles';

const PREFIX = 'fastInference.apiKey.';
/** One JSON object per profile: header name → value. */
const HEADERS_PREFIX = 'fastInference.headers.';

export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly subscription: vscode.Disposable;
  /** Values seen this session, so the log can redact them. */
  private readonly known = new Map<string, string>();
  /** Secret header values seen this session, by profile (for redaction). */
  private readonly knownHeaders = new Map<string, string[]>();
  /** Fires with the profile id whose key was set or removed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      const prefix = [PREFIX, HEADERS_PREFIX].find((p) => e.key.startsWith(p));
      if (prefix === undefined) return;
      const profileId = e.key.slice(prefix.length);
      if (prefix === PREFIX) this.known.delete(profileId);
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

  /** The profile's credential headers, sent with its requests and never written to settings. */
  async headers(profileId: string): Promise<Record<string, string>> {
    const raw = await this.secrets.get(HEADERS_PREFIX + profileId);
    let parsed: unknown;
    try {
      parsed = raw ? JSON.parse(raw) : {};
    } catch {
      parsed = {};
    }
    const headers: Record<string, string> = {};
    if (typeof parsed === 'object' && parsed !== null) {
      for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') headers[name] = value;
    }
    this.rememberHeaders(profileId, headers);
    return headers;
  }

  /** Sets one credential header of a profile (replacing one of the same name in any case). */
  async setHeader(profileId: string, name: string, value: string): Promise<void> {
    const headers = mergeHeaders(await this.headers(profileId), { [name]: value });
    this.rememberHeaders(profileId, headers);
    await this.secrets.store(HEADERS_PREFIX + profileId, JSON.stringify(headers));
  }

  async deleteHeaders(profileId: string): Promise<void> {
    await this.secrets.delete(HEADERS_PREFIX + profileId);
  }

  private rememberHeaders(profileId: string, headers: Record<string, string>): void {
    const values = new Set([...(this.knownHeaders.get(profileId) ?? []), ...endpointSecrets({ headers, baseUrl: '' })]);
    this.knownHeaders.set(profileId, [...values]);
  }

  /** Every key and secret header value read or written this session (for redaction). */
  knownValues(): string[] {
    return [...this.known.values(), ...[...this.knownHeaders.values()].flat()];
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
    const missing = extraction.found.filter((f) => !stored.has(storedId(f)));
    if (missing.length === 0) {
      found = extraction.found;
      if (found.length > 0) await config.update('profiles', extraction.cleaned, vscode.ConfigurationTarget.Global);
      break;
    }
    for (const f of missing) {
      if (f.header !== undefined) await keys.setHeader(f.profileId, f.header, f.key);
      else await keys.set(f.profileId, f.key);
      stored.add(storedId(f));
    }
  }
  if (found.length === 0) return [];
  for (const f of found) {
    log.info(`Moved ${f.header === undefined ? 'the API key' : `the "${f.header}" header`} of profile "${f.profileId}" (${f.field}) from user settings to secret storage.`);
  }
  void vscode.window.showInformationMessage(
    `Fast Inference moved ${describeMoved(found)} from your user settings into VS Code's secret storage and removed it from the settings file.`,
  );
  return found.map((f) => f.profileId);
}

const storedId = (f: FoundKey) => `${f.profileId}\n${f.header ?? ''}\n${f.key}`;

/** "the API key of "groq"", "the API key and the "x-api-key" header of "box"", never a value. */
function describeMoved(found: FoundKey[]): string {
  const byProfile = new Map<string, Set<string>>();
  for (const f of found) {
    const what = f.header === undefined ? 'the API key' : `the "${f.header}" header`;
    byProfile.set(f.profileId, (byProfile.get(f.profileId) ?? new Set()).add(what));
  }
  return [...byProfile].map(([id, what]) => `${[...what].join(' and ')} of "${id}"`).join(', ');
}

/** Moves keys now and whenever the profiles setting changes. */
export function watchForKeysInSettings(keys: ApiKeyStore, log: Logger): vscode.Disposable {
  const run = () => moveKeysOutOfSettings(keys, log).catch((err) => log.error(`Could not move API keys out of settings: ${String(err)}`));
  void run();
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('fastInference.profiles')) void run();
  });
}
