// The WebviewView host: builds the locked-down page, validates every message
// the page sends, and connects it to the controller. The page is destroyed
// when the view is hidden (no retainContextWhenHidden): on `ready` the new page
// gets a full snapshot, so nothing is lost and no memory is held while hidden.
import * as vscode from 'vscode';
import type { Logger } from '../shared/log';
import { parseWebviewMessage } from '../shared/chatProtocol';
import type { ChatController } from './core/controller';
import { createNonce } from '../shared/nonce';
import { chatHtml } from './core/html';

export const CHAT_VIEW_ID = 'fastInference.chatView';

export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ChatController,
    private readonly log: Logger,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const webview = view.webview;
    webview.options = { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: [dist, media] };
    webview.html = chatHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview', 'chat.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview', 'chat.css')).toString(),
    });
    this.controller.outbox.attach((message) => {
      webview.postMessage(message).then(undefined, (err: unknown) => this.log.debug(`chat: post failed: ${String(err)}`));
    });
    const received = webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseWebviewMessage(raw);
      if (!message) {
        // The page renders model output: anything outside the protocol is dropped, not interpreted.
        this.log.warn('chat: ignored a malformed message from the chat view');
        return;
      }
      this.controller.handle(message).catch((err: unknown) => this.log.error(`chat: ${message.type} failed: ${err instanceof Error ? err.message : String(err)}`));
    });
    view.onDidDispose(() => {
      received.dispose();
      if (this.view === view) {
        this.view = undefined;
        this.controller.outbox.detach();
      }
    });
  }
}
