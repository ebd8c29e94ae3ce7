import * as vscode from 'vscode';
import { SettingsStore } from './config/settingsStore';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Fast Inference', { log: true });
  const settings = new SettingsStore();
  context.subscriptions.push(log, settings);
  context.subscriptions.push(vscode.commands.registerCommand('fastInference.showLog', () => log.show()));
}

export function deactivate(): void {}
