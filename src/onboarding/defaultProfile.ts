// Add Provider's one question about the default profile, asked only when it has answered
// here before (see core/addProvider.ts for when it is replaced without asking).
import * as vscode from 'vscode';
import { profileName } from '../config/core/profiles';
import { DEFAULT_PROFILE, defaultProfileFate } from './core/addProvider';

/**
 * Whether the provider being added replaces the default profile: true or false, or undefined
 * when the person closed the question (Add Provider stops then).
 * `speedOf` is the recent speed of a profile, undefined when it never answered.
 */
export async function replacesDefaultProfile(presetName: string, speedOf?: (profileId: string) => string | undefined): Promise<boolean | undefined> {
  const userProfiles = vscode.workspace.getConfiguration('fastInference').inspect('profiles')?.globalValue;
  const fate = defaultProfileFate({ userProfiles, defaultAnswered: speedOf?.(DEFAULT_PROFILE.id) !== undefined });
  if (fate !== 'ask') return fate === 'replace';
  const name = profileName(DEFAULT_PROFILE);
  const replace = `Replace ${name} with ${presetName}`;
  const keep = `Keep ${name} too`;
  const pick = await vscode.window.showQuickPick(
    [
      { label: replace, description: `${presetName} serves completions and chat` },
      { label: keep, description: `${name} stays in the provider list` },
    ],
    { title: `Add ${presetName}`, placeHolder: `${name} has answered here before. Keep it beside ${presetName}?`, ignoreFocusOut: true },
  );
  return pick === undefined ? undefined : pick.label === replace;
}
