// The provider commands: keys, profiles, which profile serves completions and chat, and
// the model picker. Keys are typed into a password input box and go straight to
// SecretStorage; they are never logged or shown.
import * as vscode from 'vscode';
import { ProviderError } from '../providers';
import type { Logger } from '../shared/log';
import { testConnection } from './connection';
import { DEFAULT_PROFILE, profilesBeside } from '../onboarding/core/addProvider';
import { replacesDefaultProfile } from '../onboarding/defaultProfile';
import { fixButtons } from './core/fixButtons';
import { PRESETS } from './core/presets';
import { appendProfile, setProfileField, uniqueProfileId, validProfileId } from './core/profileEdits';
import { PRESET_IDS } from './core/settings';
import type { EndpointService } from './endpoints';
import { labelOf, pickProfile, presetOf, type ProfilePickerDeps } from './profilePicker';
import type { ApiKeyStore } from './secrets';

export interface ProviderCommandDeps extends ProfilePickerDeps {
  keys: ApiKeyStore;
  endpoints: EndpointService;
  logger: Logger;
}

function rawProfiles(): unknown[] {
  return vscode.workspace.getConfiguration('fastInference').get<unknown[]>('profiles') ?? [];
}

/** Asks for a key in a password box; returns true when one was stored. An optional key may be left empty. */
async function askForKey(deps: ProviderCommandDeps, profileId: string, optional = false): Promise<boolean> {
  const profile = deps.settings.current.profiles.find((p) => p.id === profileId);
  const preset = profile ? presetOf(profile) : PRESETS.custom;
  const name = profile ? labelOf(profile) : profileId;
  const where = preset.keyUrl ? `Paste the key from ${preset.keyUrl}. ` : '';
  const key = await vscode.window.showInputBox({
    title: `API Key for ${name}${optional ? ' (optional)' : ''}`,
    prompt: `${where}It is kept in VS Code's secret storage.${optional ? ' Leave it empty if the server needs no key.' : ''}`,
    password: true,
    ignoreFocusOut: true,
    placeHolder: optional ? 'API key, or empty for none' : 'API key',
    validateInput: (v) =>
      v.trim() === '' ? (optional ? undefined : 'Enter a key, or press Escape to cancel.') : /\s/.test(v.trim()) ? 'A key has no spaces.' : undefined,
  });
  if (key === undefined || key.trim() === '') return false;
  await deps.keys.set(profileId, key.trim());
  deps.logger.info(`API key set for profile "${profileId}".`);
  void vscode.window.showInformationMessage(`API key for ${name} saved in secret storage.`);
  return true;
}

async function setApiKey(deps: ProviderCommandDeps, profileId?: string): Promise<void> {
  const { profiles, chatProfile } = deps.settings.current;
  // With one profile there is nothing to choose; local servers are offered too (llama.cpp and
  // vLLM can be started with --api-key).
  const target = typeof profileId === 'string' ? profileId : profiles.length === 1 ? profiles[0].id : await pickProfile(deps, 'Set API Key for…', chatProfile);
  if (target) await askForKey(deps, target);
}

async function removeApiKey(deps: ProviderCommandDeps, profileId?: string): Promise<void> {
  const stored = async (id: string) => ({ key: await deps.keys.has(id), headers: Object.keys(await deps.keys.headers(id)) });
  const target =
    typeof profileId === 'string'
      ? profileId
      : await pickProfile(deps, 'Remove API Key of…', undefined, async (p) => {
          const s = await stored(p.id);
          return s.key || s.headers.length > 0;
        });
  if (!target) return;
  const { key, headers } = await stored(target);
  // Credential headers moved out of settings live beside the key and go with it.
  const what = [key || headers.length === 0 ? 'the API key' : '', headers.length > 0 ? `the ${headers.map((h) => `"${h}"`).join(', ')} header${headers.length > 1 ? 's' : ''}` : '']
    .filter(Boolean)
    .join(' and ');
  const answer = await vscode.window.showWarningMessage(`Remove ${what} of "${target}" from secret storage?`, { modal: true }, 'Remove');
  if (answer !== 'Remove') return;
  await deps.keys.delete(target);
  await deps.keys.deleteHeaders(target);
  deps.logger.info(`Removed ${what} of profile "${target}".`);
}

async function addProfile(deps: ProviderCommandDeps): Promise<void> {
  const presetPick = await vscode.window.showQuickPick(
    PRESET_IDS.map((id) => ({ id, label: PRESETS[id].name, description: PRESETS[id].description, detail: PRESETS[id].baseUrl || 'You enter the base URL' })),
    { title: 'Add Provider', placeHolder: 'Which provider?', matchOnDescription: true, ignoreFocusOut: true },
  );
  if (!presetPick) return;
  const preset = PRESETS[presetPick.id];
  const raw = rawProfiles();
  // An untouched default profile (Ollama) is replaced by the first provider added.
  const replaceDefault = await replacesDefaultProfile(preset.name, deps.speedOf);
  if (replaceDefault === undefined) return;
  const others = profilesBeside(raw, replaceDefault);
  const id = await vscode.window.showInputBox({
    title: `Add ${preset.name}: profile id`,
    ignoreFocusOut: true,
    value: uniqueProfileId(preset.id, others),
    prompt: 'A short unique name for this endpoint',
    validateInput: (v) => validProfileId(v.trim(), others),
  });
  if (!id) return;
  let baseUrl: string | undefined;
  if (preset.id === 'custom' || preset.local) {
    baseUrl = await vscode.window.showInputBox({
      title: `Add ${preset.name}: base URL`,
      ignoreFocusOut: true,
      value: preset.baseUrl || 'http://localhost:8080/v1',
      prompt: 'The OpenAI-compatible base URL, usually ending in /v1',
      validateInput: (v) => (/^https?:\/\/[^/\s]+/.test(v.trim()) ? undefined : 'Enter an http:// or https:// URL.'),
    });
    if (baseUrl === undefined) return;
    if (baseUrl.trim() === preset.baseUrl) baseUrl = undefined;
  }
  const profileId = id.trim();
  const entry = { id: profileId, preset: preset.id, ...(baseUrl ? { baseUrl: baseUrl.trim() } : {}) };
  // When replacing, the default goes last, so completionProfile and chatProfile never name a missing profile.
  const removeDefaultLater = replaceDefault && others.length !== raw.length && profileId !== DEFAULT_PROFILE.id;
  await deps.settings.update('profiles', appendProfile(removeDefaultLater ? raw : others, entry));
  // Custom servers may or may not want a key (llama.cpp and vLLM take --api-key): ask, but let it be empty.
  if (preset.requiresKey || preset.id === 'custom') await askForKey(deps, profileId, !preset.requiresKey);
  const use = replaceDefault
    ? 'Completions and chat'
    : await vscode.window.showQuickPick(['Completions and chat', 'Completions', 'Chat', 'Not now'], { title: `Use ${profileId} for…`, ignoreFocusOut: true });
  if (use === 'Completions and chat' || use === 'Completions') await deps.settings.update('completionProfile', profileId);
  if (use === 'Completions and chat' || use === 'Chat') await deps.settings.update('chatProfile', profileId);
  if (removeDefaultLater) await deps.settings.update('profiles', appendProfile(others, entry));
  // End with the same connection test the walkthrough runs, so the user learns at once whether it works.
  await vscode.commands.executeCommand('fastInference.testConnection', profileId);
}

async function selectProfileFor(deps: ProviderCommandDeps, role: 'completionProfile' | 'chatProfile', profileId?: string): Promise<void> {
  const current = deps.settings.current[role];
  const target = typeof profileId === 'string' ? profileId : await pickProfile(deps, role === 'chatProfile' ? 'Chat Provider' : 'Completion Provider', current);
  if (target && target !== current) await deps.settings.update(role, target);
}

async function pickModel(deps: ProviderCommandDeps, profileId?: string, role?: 'chat' | 'completion'): Promise<void> {
  const { profiles, chatProfile } = deps.settings.current;
  const target = typeof profileId === 'string' ? profileId : profiles.length === 1 ? profiles[0].id : await pickProfile(deps, 'Pick Model for…', chatProfile);
  if (!target) return;
  let models: string[];
  let current: { chat: string; completion: string };
  try {
    const client = await deps.endpoints.clientFor(target);
    current = { chat: client.endpoint.chatModel, completion: client.endpoint.completionModel };
    models = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Listing the models of ${client.endpoint.providerName}…`, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return client.listModels(controller.signal);
      },
    );
  } catch (err) {
    await showProviderError(err, target);
    return;
  }
  if (models.length === 0) {
    void vscode.window.showWarningMessage(`"${target}" lists no models.`);
    return;
  }
  const items = models.map((m) => ({
    label: m,
    description: [m === current.chat ? 'chat' : '', m === current.completion ? 'completions' : ''].filter(Boolean).join(', ') || undefined,
  }));
  const model = await vscode.window.showQuickPick(items, { title: `Model for ${target}`, matchOnDescription: true });
  if (!model) return;
  const use = role ?? (await vscode.window.showQuickPick(['Chat', 'Completions', 'Both'], { title: `Use ${model.label} for…` }))?.toLowerCase();
  if (!use) return;
  let raw: unknown[] | undefined = rawProfiles();
  if (use === 'chat' || use === 'both') raw = raw && setProfileField(raw, target, 'chatModel', model.label);
  if (use === 'completion' || use === 'completions' || use === 'both') raw = raw && setProfileField(raw, target, 'completionModel', model.label);
  if (!raw) {
    void vscode.window.showWarningMessage(`The profile "${target}" is not in your user settings.`);
    return;
  }
  await deps.settings.update('profiles', raw);
}

/** Shows a provider error with the buttons its action calls for, aimed at the profile that failed. */
export async function showProviderError(err: unknown, profileId?: string): Promise<void> {
  const error = err instanceof ProviderError ? err : new ProviderError({ kind: 'unknown', message: String(err) });
  const buttons = fixButtons(error.action, profileId);
  const choice = await vscode.window.showErrorMessage(error.message, ...buttons.map((b) => b.label), 'Show Log');
  const button = buttons.find((b) => b.label === choice);
  if (button) await vscode.commands.executeCommand(button.command, ...button.args);
  if (choice === 'Show Log') await vscode.commands.executeCommand('fastInference.showLog');
}

export function registerProviderCommands(_context: vscode.ExtensionContext, deps: ProviderCommandDeps): vscode.Disposable {
  const guard =
    <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
    (...args: A) =>
      fn(...args).catch((err) => {
        deps.logger.error(`Command failed: ${err instanceof Error ? err.message : String(err)}`);
        return showProviderError(err);
      });
  return vscode.Disposable.from(
    vscode.commands.registerCommand('fastInference.setApiKey', guard((id?: string) => setApiKey(deps, id))),
    vscode.commands.registerCommand('fastInference.removeApiKey', guard((id?: string) => removeApiKey(deps, id))),
    vscode.commands.registerCommand('fastInference.addProfile', guard(() => addProfile(deps))),
    vscode.commands.registerCommand('fastInference.selectCompletionProvider', guard((id?: string) => selectProfileFor(deps, 'completionProfile', id))),
    vscode.commands.registerCommand('fastInference.selectChatProvider', guard((id?: string) => selectProfileFor(deps, 'chatProfile', id))),
    vscode.commands.registerCommand('fastInference.testConnection', guard(async (id?: string) => void (await testConnection(deps, id)))),
    vscode.commands.registerCommand('fastInference.pickModel', guard((id?: string, role?: 'chat' | 'completion') => pickModel(deps, id, role))),
  );
}
