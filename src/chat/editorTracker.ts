import * as vscode from 'vscode';

/** Schemes of documents the chat can read from and write to (not output panes, not our own previews). */
const EDITABLE_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']);

export function isEditableDocument(document: vscode.TextDocument): boolean {
  return EDITABLE_SCHEMES.has(document.uri.scheme);
}

/**
 * Remembers the last text editor the user worked in. While the chat panel has
 * focus there is no active editor; Insert and Apply act on this one.
 */
export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.remember(vscode.window.activeTextEditor);
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.remember(editor)) this.changed.fire();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === this.last || this.remember(e.textEditor)) this.changed.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.last?.document === document) {
          this.last = undefined;
          this.changed.fire();
        }
      }),
      this.changed,
    ];
  }

  private remember(editor: vscode.TextEditor | undefined): boolean {
    if (!editor || !isEditableDocument(editor.document)) return false;
    this.last = editor;
    return true;
  }

  /** The last editor, re-found among the visible ones (an editor object goes stale when its tab is hidden). */
  get editor(): vscode.TextEditor | undefined {
    const last = this.last;
    if (!last) return undefined;
    if (vscode.window.visibleTextEditors.includes(last)) return last;
    return vscode.window.visibleTextEditors.find((e) => e.document === last.document) ?? last;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
