import * as vscode from 'vscode';
import type { HostAction } from '../shared/chatProtocol';
import type { HostUi } from './core/ports';

/** Host-side dialogs and commands the panel may ask for; the action set is closed. */
export const vscodeHostUi: HostUi = {
  async run(action: HostAction): Promise<void> {
    switch (action) {
      case 'set-key':
        // The key of the profile the chat uses, not a picker of every profile.
        await vscode.commands.executeCommand('fastInference.setApiKey', vscode.workspace.getConfiguration('fastInference').get<string>('chatProfile'));
        return;
      case 'add-provider':
        await vscode.commands.executeCommand('fastInference.addProfile');
        return;
      case 'open-settings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'fastInference.profiles');
        return;
      case 'show-log':
        await vscode.commands.executeCommand('fastInference.showLog');
        return;
    }
  },
  async openExternal(href: string): Promise<void> {
    // VS Code asks the user before opening a domain they have not trusted.
    await vscode.env.openExternal(vscode.Uri.parse(href, true));
  },
  askTitle(current: string): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showInputBox({ title: 'Rename Chat', value: current, prompt: 'New name for this conversation' }));
  },
  async confirmDelete(title: string): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage(`Delete the chat "${title}"?`, { modal: true, detail: 'Its messages cannot be restored.' }, 'Delete');
    return choice === 'Delete';
  },
};
