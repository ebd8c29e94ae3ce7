import * as vscode from 'vscode';
import { fixButtons } from '../../config/core/fixButtons';

type Show = (message: string, ...items: string[]) => Thenable<string | undefined>;

/** Shows `message` with the buttons that fix `action` (aimed at `profileId`) and Show Log; runs the one picked. */
export async function showWithFixes(show: Show, message: string, action: string, profileId?: string): Promise<void> {
  const buttons = fixButtons(action, profileId);
  const choice = await show(message, ...buttons.map((b) => b.label), 'Show Log');
  const button = buttons.find((b) => b.label === choice);
  if (button) await vscode.commands.executeCommand(button.command, ...button.args);
  if (choice === 'Show Log') await vscode.commands.executeCommand('fastInference.showLog');
}
