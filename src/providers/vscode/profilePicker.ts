// The profile picker every provider command shares: each profile by its own name, what
// it serves (completions, chat), its recent speed, and a mark on the current one.
import * as vscode from 'vscode';
import { redactSecrets } from '../../shared/log';
import { PRESETS, type Preset } from '../../config/core/presets';
import { profileName } from '../../config/core/profiles';
import type { ProfileSettings } from '../../config/core/settings';
import type { SettingsStore } from '../../config/settingsStore';

export interface ProfilePickerDeps {
  settings: SettingsStore;
  /** Recent speed of a profile ("1,850 tok/s · 40 ms"), once the speed history is connected. */
  speedOf?: (profileId: string) => string | undefined;
}

type ProfilePick = vscode.QuickPickItem & { profileId: string };

export const presetOf = (p: ProfileSettings): Preset => PRESETS[p.preset] ?? PRESETS.custom;
export const labelOf = profileName;

export async function pickProfile(
  deps: ProfilePickerDeps,
  title: string,
  preferred?: string,
  filter?: (p: ProfileSettings) => Promise<boolean>,
): Promise<string | undefined> {
  const { current } = deps.settings;
  const items: ProfilePick[] = [];
  for (const p of current.profiles) {
    if (filter && !(await filter(p))) continue;
    const roles = [p.id === current.completionProfile ? 'completions' : '', p.id === current.chatProfile ? 'chat' : ''].filter(Boolean).join(', ');
    const speed = deps.speedOf?.(p.id);
    items.push({
      profileId: p.id,
      label: labelOf(p),
      description: [p.id === preferred ? '$(check) current' : undefined, p.id === labelOf(p) ? undefined : p.id, roles || undefined, speed ?? 'not measured yet']
        .filter(Boolean)
        .join(' · '),
      // A key in the URL's query or user info is not shown.
      detail: redactSecrets(p.baseUrl ?? presetOf(p).baseUrl),
      picked: p.id === preferred,
    });
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No matching profile. Add one with "Fast Inference: Add Provider…".');
    return undefined;
  }
  items.sort((a, b) => Number(b.profileId === preferred) - Number(a.profileId === preferred));
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.profileId;
}
