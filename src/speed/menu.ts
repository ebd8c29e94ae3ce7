// fastInference.showMenu: what clicking the status bar item offers. Each entry runs a
// command by id; the commands themselves live with the areas that own them.
import * as vscode from 'vscode';
import type { Settings } from '../config/core/settings';

interface MenuItem extends vscode.QuickPickItem {
  command?: string;
}

export function buildMenuItems(settings: Settings, names: { completion?: string; chat?: string }): MenuItem[] {
  const enabled = settings.completions.enabled;
  const separator = (label: string): MenuItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  return [
    {
      label: enabled ? '$(circle-slash) Turn Off Inline Completions' : '$(check) Turn On Inline Completions',
      command: 'fastInference.toggleCompletions',
    },
    { label: '$(bell-slash) Snooze Inline Completions…', command: 'fastInference.snoozeCompletions' },
    separator('Providers'),
    { label: '$(arrow-swap) Switch Completion Provider…', description: names.completion, command: 'fastInference.selectCompletionProvider' },
    { label: '$(comment-discussion) Switch Chat Provider…', description: names.chat, command: 'fastInference.selectChatProvider' },
    separator('Speed'),
    { label: '$(graph) Open Speed Dashboard', command: 'fastInference.openDashboard' },
    { label: '$(dashboard) Compare Providers…', command: 'fastInference.compareProviders' },
    separator(''),
    { label: '$(output) Show Log', command: 'fastInference.showLog' },
  ];
}

export async function showSpeedMenu(settings: Settings, names: { completion?: string; chat?: string }): Promise<void> {
  const picked = await vscode.window.showQuickPick(buildMenuItems(settings, names), {
    title: 'Fast Inference',
    placeHolder: 'Choose an action',
  });
  if (!picked?.command) return;
  try {
    await vscode.commands.executeCommand(picked.command);
  } catch (err) {
    void vscode.window.showErrorMessage(`Fast Inference: ${picked.label.replace(/\$\([^)]*\)\s*/, '')} failed: ${String(err)}`);
  }
}
