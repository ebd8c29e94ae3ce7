// Offers every profile's chat models to VS Code's own chat and to other extensions through
// vscode.lm (vendor "fastInference"). Call `registerLanguageModels(context, deps)` from
// activate(); the returned Disposable owns the registration.
import * as vscode from 'vscode';
import { VENDOR } from './core/models';
import { FastInferenceChatModels, type LanguageModelDeps } from './provider';

export const MANAGE_COMMAND = 'fastInference.manageLanguageModels';

export function registerLanguageModels(_context: vscode.ExtensionContext, deps: LanguageModelDeps): vscode.Disposable {
  const provider = new FastInferenceChatModels(deps);
  const disposables: vscode.Disposable[] = [
    provider,
    vscode.lm.registerLanguageModelChatProvider(VENDOR, provider),
    // VS Code's "Manage Models" entry for this vendor: models come from profiles, so it adds one.
    vscode.commands.registerCommand(MANAGE_COMMAND, () => vscode.commands.executeCommand('fastInference.addProfile')),
  ];
  return new vscode.Disposable(() => {
    for (const d of disposables.splice(0).reverse()) d.dispose();
  });
}
