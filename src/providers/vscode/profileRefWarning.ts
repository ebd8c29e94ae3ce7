// Warns when `completionProfile` or `chatProfile` names no profile (a typo in settings.json
// would otherwise silently use the first profile), with the picker that sets it right.
import * as vscode from 'vscode';
import { danglingMessage, danglingProfileRefs } from '../../config/core/profileRefs';
import type { SettingsStore } from '../../config/settingsStore';

const PICKERS = { completionProfile: ['Switch Completion Provider…', 'fastInference.selectCompletionProvider'], chatProfile: ['Switch Chat Provider…', 'fastInference.selectChatProvider'] } as const;

export function watchProfileRefs(settings: SettingsStore): vscode.Disposable {
  const warned = new Set<string>();
  const check = () => {
    const config = vscode.workspace.getConfiguration('fastInference');
    const { current } = settings;
    const refs = danglingProfileRefs(
      current.profiles.map((p) => p.id),
      { completionProfile: config.get('completionProfile'), chatProfile: config.get('chatProfile') },
      { completionProfile: current.completionProfile, chatProfile: current.chatProfile },
    );
    for (const ref of refs) {
      const key = `${ref.setting}=${ref.value}`;
      if (warned.has(key)) continue;
      warned.add(key);
      const [label, command] = PICKERS[ref.setting];
      void vscode.window.showWarningMessage(danglingMessage(ref), label).then((choice) => {
        if (choice === label) void vscode.commands.executeCommand(command);
      });
    }
  };
  check();
  return settings.onDidChange(check);
}
