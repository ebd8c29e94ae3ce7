// How a suggestion looks in the editor: the hunk at the cursor as ghost text
// (through an InlineCompletionItemProvider), every other hunk as decorations:
// the replaced text struck through, the new text after it, a mark in the gutter
// and the overview ruler. The context key lets Tab and Esc act only while one is shown.
import * as vscode from 'vscode';
import type { EditHunk } from './core/hunks';
import type { NextEditEngine } from './core/engine';

export const SHOWN_CONTEXT_KEY = 'fastInference.nextEditShown';

/** The hunk the editor can show as ghost text: an insertion exactly at the cursor. */
export function ghostHunk(hunks: readonly EditHunk[], cursor: number): EditHunk | undefined {
  return hunks.find((h) => h.oldText === '' && h.offset === cursor && !h.newText.startsWith('\n'));
}

/** One line of inserted text as decoration content (decorations cannot hold line breaks). */
function asInlineText(text: string): string {
  return text.replace(/\r?\n/g, ' ⏎ ').replace(/\t/g, '  ');
}

export class SuggestionView implements vscode.Disposable {
  private readonly removed: vscode.TextEditorDecorationType;
  private readonly inserted: vscode.TextEditorDecorationType;
  private readonly gutter: vscode.TextEditorDecorationType;
  private shown = false;

  constructor(extensionUri: vscode.Uri) {
    this.removed = vscode.window.createTextEditorDecorationType({
      textDecoration: 'line-through',
      backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
    });
    this.inserted = vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('editorGhostText.foreground'), backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground') },
    });
    this.gutter = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'next-edit.svg'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.modifiedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
    });
  }

  /** Draws the hunks in the editor (none clears it) and sets the context key. */
  render(editor: vscode.TextEditor | undefined, hunks: readonly EditHunk[] | undefined): void {
    const visible = editor !== undefined && hunks !== undefined && hunks.length > 0;
    if (visible !== this.shown) {
      this.shown = visible;
      void vscode.commands.executeCommand('setContext', SHOWN_CONTEXT_KEY, visible);
    }
    if (!editor) return;
    const document = editor.document;
    const cursor = document.offsetAt(editor.selection.active);
    const ghost = hunks && ghostHunk(hunks, cursor);
    const drawn = (hunks ?? []).filter((h) => h !== ghost);
    const removed: vscode.DecorationOptions[] = [];
    const inserted: vscode.DecorationOptions[] = [];
    const gutter: vscode.Range[] = [];
    for (const hunk of drawn) {
      const start = document.positionAt(hunk.offset);
      const end = document.positionAt(hunk.offset + hunk.oldText.length);
      if (hunk.oldText !== '') removed.push({ range: new vscode.Range(start, end), hoverMessage: 'Next edit: Tab goes here, Tab again takes it, Esc dismisses' });
      if (hunk.newText !== '') inserted.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: asInlineText(hunk.newText) } } });
      gutter.push(new vscode.Range(start, start));
    }
    editor.setDecorations(this.removed, removed);
    editor.setDecorations(this.inserted, inserted);
    editor.setDecorations(this.gutter, gutter);
  }

  dispose(): void {
    if (this.shown) void vscode.commands.executeCommand('setContext', SHOWN_CONTEXT_KEY, false);
    this.removed.dispose();
    this.inserted.dispose();
    this.gutter.dispose();
  }
}

/** Ghost text for the hunk at the cursor; nothing otherwise (inline completions answer then). */
export class NextEditGhostText implements vscode.InlineCompletionItemProvider {
  constructor(private readonly engine: () => NextEditEngine | undefined) {}

  provideInlineCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.InlineCompletionList | undefined {
    const suggestion = this.engine()?.suggestion(document.uri.toString());
    if (!suggestion) return undefined;
    const hunk = ghostHunk(suggestion.hunks, document.offsetAt(position));
    if (!hunk) return undefined;
    return new vscode.InlineCompletionList([new vscode.InlineCompletionItem(hunk.newText, new vscode.Range(position, position))]);
  }
}
