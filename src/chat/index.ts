// Registers the chat panel: the webview view, its commands and the editor
// actions behind its code blocks. Call `registerChat(context, deps)` from
// activate(); the returned Disposable owns everything here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromptGate } from '../config/promptGate';
import type { SettingsStore } from '../config/settingsStore';
import { systemClock, systemTimers } from '../shared/clock';
import { silentLogger, type Logger } from '../shared/log';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatView';
import { ChatController } from './core/controller';
import { ConversationFiles } from './conversationFiles';
import { ConversationStore } from './core/store';
import { EditorActions, type BlockApplier } from './editorActions';
import { EditorContextSource } from './editorContext';
import { EditorTracker } from './editorTracker';
import { vscodeHostUi } from './hostUi';
import { SettingsProviderSource, type ChatEndpoints } from './providerSource';

export interface ChatDeps {
  settings: SettingsStore;
  /** The EndpointService (clients with keys from SecretStorage, rebuilt on change). */
  endpoints: ChatEndpoints;
  /** What may be attached to a prompt. */
  gate: PromptGate;
  logger?: Logger;
  /** Smart Apply, behind the code blocks' Apply button. */
  apply: BlockApplier;
}

const SELECTION_PROMPTS = {
  'fastInference.chat.explain': 'Explain what this code does, step by step.',
  'fastInference.chat.fix':
    'Find the bugs in this code and fix them. Reply with the corrected code in one code block, then list what you changed.',
  'fastInference.chat.writeTests':
    'Write unit tests for this code. Use the test framework this project already uses if you can tell which one it is.',
} as const;

export function registerChat(context: vscode.ExtensionContext, deps: ChatDeps): vscode.Disposable {
  const log = deps.logger ?? silentLogger;
  const tracker = new EditorTracker();
  const contextSource = new EditorContextSource(tracker, deps.settings, deps.gate);
  const providers = new SettingsProviderSource(deps.settings, deps.endpoints);
  // Without a folder open there is no workspace storage folder: workspace state it is.
  const storage = context.storageUri ? new ConversationFiles(path.join(context.storageUri.fsPath, 'conversations'), context.workspaceState) : context.workspaceState;
  const store = new ConversationStore(
    storage,
    systemTimers,
    () => Date.now(),
    () => globalThis.crypto.randomUUID(),
  );
  const controller = new ChatController({
    store,
    providers,
    context: contextSource,
    editor: new EditorActions(tracker, deps.apply),
    ui: vscodeHostUi,
    clock: systemClock,
    timers: systemTimers,
    now: () => Date.now(),
    newId: () => globalThis.crypto.randomUUID(),
    logger: log,
  });
  const view = new ChatViewProvider(context.extensionUri, controller, log);

  const showPanel = async (): Promise<void> => {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    controller.focusInput();
  };

  const askAboutSelection = (prompt: string) => async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor ?? tracker.editor;
    if (!editor) {
      void vscode.window.showInformationMessage('Select some code in an editor first.');
      return;
    }
    if (contextSource.restricted()) {
      void vscode.window.showWarningMessage(
        'This workspace is in Restricted Mode: Fast Inference sends no code from it. Trust the workspace or enable fastInference.allowInRestrictedMode.',
      );
      return;
    }
    const chosen = await contextSource.selectionChip(editor);
    if ('refused' in chosen) {
      void vscode.window.showWarningMessage(`This file is never sent to a model: ${chosen.refused}.`);
      return;
    }
    await showPanel();
    // A question about a selection starts its own conversation: earlier turns (failed ones included) are not its context.
    controller.newConversation();
    await controller.send(prompt, [chosen.chip]);
  };

  const disposables: vscode.Disposable[] = [
    tracker,
    contextSource,
    providers,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
    vscode.commands.registerCommand('fastInference.chat.focus', showPanel),
    vscode.commands.registerCommand('fastInference.chat.newConversation', async () => {
      controller.newConversation();
      await showPanel();
    }),
    vscode.commands.registerCommand('fastInference.chat.showHistory', async () => {
      await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
      controller.showHistory();
    }),
    ...Object.entries(SELECTION_PROMPTS).map(([command, prompt]) => vscode.commands.registerCommand(command, askAboutSelection(prompt))),
  ];

  return new vscode.Disposable(() => {
    // Write now (a streaming answer is kept, and reloads as stopped), then stop the request.
    void store.flush();
    void controller.dispose();
    for (const d of disposables) d.dispose();
  });
}
