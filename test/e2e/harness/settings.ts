// The test profile's User/settings.json: a quiet, deterministic workbench in
// which only Fast Inference offers inline suggestions.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TEST_PROFILE_SETTINGS: Record<string, unknown> = {
  // The suggest widget competes with ghost text for Tab.
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.parameterHints.enabled': false,
  'editor.inlineSuggest.enabled': true,
  'editor.hover.enabled': false,
  'editor.minimap.enabled': false,
  'editor.accessibilitySupport': 'off',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'explorer.compactFolders': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  // Fewer background processes competing for the CPU with the editor under test.
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  'chat.commandCenter.enabled': false,
  // Next edit predictions would add chat requests to the fake server's log of every spec; the
  // next-edit spec turns them on.
  'fastInference.nextEdits.enabled': 'off',
  // Newer VS Code opens settings.json and Keyboard Shortcuts in a modal overlay; the specs expect tabs.
  'workbench.editor.useModal': 'off',
  // Newer VS Code opens its own Chat in the secondary side bar at start; keep the layout the specs expect.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): string {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'settings.json');
  fs.writeFileSync(file, JSON.stringify({ ...TEST_PROFILE_SETTINGS, ...settings }, null, 2));
  return file;
}

/** A `fastInference.profiles` entry for an OpenAI-compatible server (the fake one in tests). */
export function customProfile(
  id: string,
  baseUrl: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    preset: 'custom',
    label: id,
    baseUrl,
    completionModel: 'fake-coder',
    chatModel: 'fake-chat',
    ...fields,
  };
}

/** Settings that send both completions and chat to one profile. */
export function useProfile(profile: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'fastInference.profiles': [profile],
    'fastInference.completionProfile': profile.id,
    'fastInference.chatProfile': profile.id,
    ...extra,
  };
}
