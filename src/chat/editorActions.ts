// The code block buttons: Copy, Insert at cursor, Apply (through a diff) and
// New file. Insert puts the code at the cursor of the last text editor and
// never replaces its selection; Apply is the action that replaces: the
// selection, or where the block belongs in the file (Smart Apply).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodeAction } from '../shared/chatProtocol';
import type { EditorBridge } from './core/ports';
import type { EditorTracker } from './editorTracker';

/** Fence tags that are not VS Code language ids. */
const LANGUAGE_ALIASES: Record<string, string> = {
  ts: 'typescript', tsx: 'typescriptreact', js: 'javascript', jsx: 'javascriptreact', py: 'python', rb: 'ruby',
  rs: 'rust', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', shell: 'shellscript', yml: 'yaml',
  md: 'markdown', cs: 'csharp', 'c++': 'cpp', golang: 'go', kt: 'kotlin', ps1: 'powershell', text: 'plaintext', txt: 'plaintext',
};

/** Shows a code block applied to an editor as a diff; returns a notice for the panel. */
export interface BlockApplier {
  applyBlock(editor: vscode.TextEditor, code: string): Promise<string>;
}

export class EditorActions implements EditorBridge {
  constructor(
    private readonly tracker: EditorTracker,
    private readonly applier: BlockApplier,
  ) {}

  async run(action: CodeAction, code: string, language: string): Promise<string | undefined> {
    switch (action) {
      case 'copy':
        await vscode.env.clipboard.writeText(code);
        return 'Copied to the clipboard.';
      case 'insert':
        return this.insert(code);
      case 'apply': {
        const editor = this.tracker.editor;
        if (!editor) return 'Open the file to change first, then use Apply.';
        return this.applier.applyBlock(editor, code);
      }
      case 'newFile': {
        const document = await vscode.workspace.openTextDocument({ content: code, language: await this.languageId(language) });
        await vscode.window.showTextDocument(document, { preview: false });
        return undefined;
      }
    }
  }

  private async insert(code: string): Promise<string> {
    const editor = this.tracker.editor;
    if (!editor) return 'Open a file and place the cursor where the code should go, then use Insert.';
    const position = editor.selection.active;
    const ok = await editor.edit((builder) => builder.insert(position, code));
    if (!ok) return 'The editor did not accept the insert (is it read-only?).';
    const name = path.basename(editor.document.uri.path);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return `Inserted at line ${position.line + 1} of ${name}.`;
  }

  private async languageId(tag: string): Promise<string> {
    const wanted = LANGUAGE_ALIASES[tag] ?? tag;
    const known = await vscode.languages.getLanguages();
    return known.includes(wanted) ? wanted : 'plaintext';
  }
}
