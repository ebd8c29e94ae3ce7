// Registers Smart Apply and inline edit: the diff preview (shared with the chat's
// Apply button), the inline edit command and Stop. Call `registerApply(context,
// deps)` from activate(); pass `smartApply` to the chat.
import * as vscode from 'vscode';
import { ApplyPreview } from '../chat/applyPreview';
import type { PromptGate } from '../config/promptGate';
import type { SettingsStore } from '../config/settingsStore';
import { silentLogger, type Logger } from '../shared/log';
import { SmartApply, type ApplyEndpoints } from './smartApply';

export interface ApplyDeps {
  settings: SettingsStore;
  endpoints: ApplyEndpoints;
  gate: PromptGate;
  logger?: Logger;
}

export interface ApplyFeature extends vscode.Disposable {
  readonly smartApply: SmartApply;
}

export function registerApply(_context: vscode.ExtensionContext, deps: ApplyDeps): ApplyFeature {
  const preview = new ApplyPreview();
  const smartApply = new SmartApply({ settings: deps.settings, endpoints: deps.endpoints, preview, gate: deps.gate, log: deps.logger ?? silentLogger });
  const disposables: vscode.Disposable[] = [
    preview,
    smartApply,
    vscode.commands.registerCommand('fastInference.apply.inlineEdit', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage('Select the code to edit in an editor first.');
        return;
      }
      const lines = editor.selection.isEmpty ? 'the block around the cursor' : 'the selected lines';
      const instruction = await vscode.window.showInputBox({
        title: 'Fast Inference: Edit with Instruction',
        prompt: `What should change in ${lines}? The rewrite is shown as a diff to accept or reject.`,
        placeHolder: 'e.g. handle an empty list, rename x to total',
        ignoreFocusOut: true,
      });
      if (!instruction?.trim()) return;
      await smartApply.inlineEdit(editor, instruction.trim());
    }),
    vscode.commands.registerCommand('fastInference.apply.stop', () => smartApply.stop()),
  ];
  return {
    smartApply,
    dispose: () => {
      for (const d of disposables) d.dispose();
    },
  };
}
