// Next edit suggestions: registers the controller, the ghost-text provider for
// the hunk at the cursor, the decorations for the others and the Tab / Esc commands.
import * as vscode from 'vscode';
import type { EditHunk } from './core/hunks';
import { NextEdits, type NextEditDeps } from './controller';
import { NextEditGhostText, SuggestionView } from './view';

export type { NextEditDeps } from './controller';

/** The hunk Tab takes: one on the cursor's line. */
export function hunkAtCursor(document: vscode.TextDocument, hunks: readonly EditHunk[], cursor: vscode.Position): EditHunk | undefined {
  return hunks.find((h) => {
    const start = document.positionAt(h.offset).line;
    const end = document.positionAt(h.offset + h.oldText.length).line;
    return start <= cursor.line && cursor.line <= end;
  });
}

/** The hunk Tab jumps to: the next one after the cursor, else the first. */
export function nextHunk(hunks: readonly EditHunk[], cursorOffset: number): EditHunk | undefined {
  const sorted = [...hunks].sort((a, b) => a.offset - b.offset);
  return sorted.find((h) => h.offset > cursorOffset) ?? sorted[0];
}

async function acceptOrJump(nextEdits: NextEdits): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const document = editor.document;
  const hunks = nextEdits.engine.suggestion(document.uri.toString())?.hunks ?? [];
  const here = hunkAtCursor(document, hunks, editor.selection.active);
  if (here) {
    const range = new vscode.Range(document.positionAt(here.offset), document.positionAt(here.offset + here.oldText.length));
    // The engine sees this change as the hunk taken and keeps the rest of the suggestion.
    const applied = await editor.edit((builder) => builder.replace(range, here.newText));
    if (applied) {
      const end = document.positionAt(here.offset + here.newText.length);
      editor.selection = new vscode.Selection(end, end);
    }
    return;
  }
  const target = nextHunk(hunks, document.offsetAt(editor.selection.active));
  if (!target) return;
  const at = document.positionAt(target.offset);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Registers next edits; the engine is exposed for the tests and the benchmark. */
export function registerNextEdits(context: vscode.ExtensionContext, deps: NextEditDeps): vscode.Disposable & { readonly engine: NextEdits['engine'] } {
  const view = new SuggestionView(context.extensionUri);
  const nextEdits = new NextEdits(deps, view);
  const registered = vscode.Disposable.from(
    nextEdits,
    view,
    vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, new NextEditGhostText(() => nextEdits.engine)),
    vscode.commands.registerCommand('fastInference.nextEdit.acceptOrJump', () => acceptOrJump(nextEdits)),
    vscode.commands.registerCommand('fastInference.nextEdit.dismiss', () => {
      const editor = vscode.window.activeTextEditor;
      if (editor) nextEdits.engine.dismiss(editor.document.uri.toString());
    }),
  );
  return Object.assign(registered, { engine: nextEdits.engine });
}
