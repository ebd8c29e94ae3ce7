// Feeds the engine what the editor does between completion calls: document
// changes (so a call without one is known to be a cursor move), cursor moves
// and editor switches (so a stream is closed when the user leaves its spot),
// and chunks of edited and visited files for the snippet ring. A chunk joins the
// ring only when the prompt gate allows its file (inside the workspace, not a
// secret, links resolved), named by its workspace-relative path.
import * as vscode from 'vscode';
import { lfOffset } from './core/text';
import type { InlineCompletions } from './inlineCompletions';

export function registerEditorEvents(completions: InlineCompletions): vscode.Disposable {
  /** Line of the last edit per document, for the chunk added when the user leaves or saves it. */
  const lastEditLine = new Map<string, number>();
  const remember = async (document: vscode.TextDocument, line: number): Promise<void> => {
    if (document.isUntitled || completions.isDisabledLanguage(document.languageId)) return;
    const verdict = await completions.gate.check(document.uri);
    if (!verdict.allowed || document.isClosed) return;
    completions.ring.addAround(verdict.relativePath, document.getText(), line);
  };
  let previous: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  return vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      const key = e.document.uri.toString();
      completions.noteDocumentChange(key, e.document.version);
      lastEditLine.set(key, e.contentChanges[0]!.range.start.line);
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const document = e.textEditor.document;
      const active = e.selections[0]!.active;
      completions.noteCursor(document.uri.toString(), lfOffset(document.offsetAt(active), active.line, document.eol === vscode.EndOfLine.CRLF), document.version);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      completions.noteActiveDocument(editor?.document.uri.toString());
      // The file being left and the file entered are what the user works with now.
      if (previous && !previous.document.isClosed) {
        const key = previous.document.uri.toString();
        void remember(previous.document, lastEditLine.get(key) ?? previous.selection.active.line);
      }
      if (editor) void remember(editor.document, editor.selection.active.line);
      previous = editor;
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      const line = lastEditLine.get(document.uri.toString());
      if (line !== undefined) void remember(document, line);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const key = document.uri.toString();
      lastEditLine.delete(key);
      completions.forgetDocument(key);
    }),
  );
}
