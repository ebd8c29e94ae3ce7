// registerOnboarding: the "Get Started with Fast Inference" walkthrough (opened once on a
// first start, and from the status bar menu) and the sample file its completion step opens.
import * as vscode from 'vscode';
import { SAMPLE_PREFIX, shouldOpenWalkthrough, WALKTHROUGH_ID, WALKTHROUGH_OFFERED_KEY } from './core/firstRun';

async function openWalkthrough(context: vscode.ExtensionContext): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
}

/** Opens the sample in a new untitled TypeScript editor, cursor at the end, and asks for a completion at once. */
async function openSampleFile(): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: SAMPLE_PREFIX });
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const end = document.lineAt(document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
}

export function registerOnboarding(context: vscode.ExtensionContext): vscode.Disposable {
  const disposables = [
    vscode.commands.registerCommand('fastInference.openWalkthrough', () => openWalkthrough(context)),
    vscode.commands.registerCommand('fastInference.openSampleFile', openSampleFile),
  ];
  const userProfiles = vscode.workspace.getConfiguration('fastInference').inspect('profiles')?.globalValue;
  const offeredBefore = context.globalState.get<boolean>(WALKTHROUGH_OFFERED_KEY) === true;
  if (shouldOpenWalkthrough({ offeredBefore, userProfilesSet: userProfiles !== undefined })) {
    void context.globalState.update(WALKTHROUGH_OFFERED_KEY, true);
    void openWalkthrough(context);
  }
  return vscode.Disposable.from(...disposables);
}
