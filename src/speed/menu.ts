// fastInference.showMenu: what clicking the status bar item offers. Each entry runs a
// command by id; the commands themselves live with the areas that own them.
import * as vscode from 'vscode';
import type { Settings } from '../config/core/settings';

interface MenuItem extends vscode.QuickPickItem {
  command?: string;
}

export interface MenuNames {
  completion?: string;
  chat?: string;
  /** Recent speed of each, shown beside its name. */
  completionSpeed?: string;
  chatSpeed?: string;
}

function withSpeed(name: string | undefined, speed: string | undefined): string | undefined {
  return [name, speed].filter(Boolean).join(' · ') || undefined;
}

export function buildMenuItems(settings: Settings, names: MenuNames): MenuItem[] {
  const enabled = settings.completions.enabled;
  const separator = (label: string): MenuItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  return [
    {
      label: enabled ? '$(circle-slash) Turn Off Inline Completions' : '$(check) Turn On Inline Completions',
      command: 'fastInference.toggleCompletions',
    },
    { label: '$(bell-slash) Snooze Inline Completions…', command: 'fastInference.snoozeCompletions' },
    separator('Providers'),
    {
      label: '$(arrow-swap) Switch Completion Provider…',
      description: withSpeed(names.completion, names.completionSpeed),
      command: 'fastInference.selectCompletionProvider',
    },
    { label: '$(comment-discussion) Switch Chat Provider…', description: withSpeed(names.chat, names.chatSpeed), command: 'fastInference.selectChatProvider' },
    { label: '$(add) Add Provider…', command: 'fastInference.addProfile' },
    { label: '$(symbol-class) Pick Model…', command: 'fastInference.pickModel' },
    { label: '$(key) Set API Key…', command: 'fastInference.setApiKey' },
    { label: '$(plug) Test Connection', description: names.completion, command: 'fastInference.testConnection' },
    separator('Speed'),
    { label: '$(graph) Open Speed Dashboard', command: 'fastInference.openDashboard' },
    { label: '$(dashboard) Compare Providers…', command: 'fastInference.compareProviders' },
    separator(''),
    { label: '$(book) Open Walkthrough', command: 'fastInference.openWalkthrough' },
    { label: '$(output) Show Log', command: 'fastInference.showLog' },
  ];
}

export async function showSpeedMenu(settings: Settings, names: MenuNames): Promise<void> {
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
