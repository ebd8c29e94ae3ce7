// Apply goes through a diff: the original document on the left, a read-only
// virtual document with the proposed text on the right. Nothing changes until
// the user accepts (editor title button, command, or the notification);
// rejecting or closing the diff leaves the file as it was.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const PROPOSED_SCHEME = 'fastInference-proposed';
const PENDING_CONTEXT = 'fastInference.applyPending';

interface Proposal {
  id: number;
  target: vscode.Uri;
  /** The text the change replaces, to detect edits made after the diff was shown. */
  original: string;
  range: vscode.Range;
  version: number;
  code: string;
  proposedUri: vscode.Uri;
  proposedText: string;
}

export class ApplyPreview implements vscode.Disposable {
  private proposal: Proposal | undefined;
  private nextId = 1;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    const provider: vscode.TextDocumentContentProvider = {
      onDidChange: this.changed.event,
      provideTextDocumentContent: (uri) =>
        this.proposal && this.proposal.proposedUri.toString() === uri.toString() ? this.proposal.proposedText : '',
    };
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, provider),
      vscode.commands.registerCommand('fastInference.chat.acceptApply', () => this.accept()),
      vscode.commands.registerCommand('fastInference.chat.rejectApply', () => this.reject()),
      // Closing the diff without choosing counts as rejecting it.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        const proposal = this.proposal;
        if (proposal && e.closed.some((tab) => this.isProposalTab(tab, proposal))) void this.clear();
      }),
      this.changed,
    ];
  }

  get pending(): boolean {
    return this.proposal !== undefined;
  }

  /** Shows the diff for replacing the selection (or the whole file when nothing is selected) with `code`. */
  async propose(editor: vscode.TextEditor, code: string): Promise<string> {
    await this.closeDiff();
    const document = editor.document;
    const range = editor.selection.isEmpty
      ? new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length))
      : new vscode.Range(editor.selection.start, editor.selection.end);
    const full = document.getText();
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const replacement = matchTrailingNewline(full.slice(start, end), code);
    const id = this.nextId++;
    const name = path.basename(document.uri.path) || 'Untitled';
    const proposedUri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${id}/${name}` });
    this.proposal = {
      id,
      target: document.uri,
      original: full.slice(start, end),
      range,
      version: document.version,
      code: replacement,
      proposedUri,
      proposedText: full.slice(0, start) + replacement + full.slice(end),
    };
    this.changed.fire(proposedUri);
    await vscode.commands.executeCommand('setContext', PENDING_CONTEXT, true);
    const what = editor.selection.isEmpty ? 'the whole file' : 'the selection';
    await vscode.commands.executeCommand('vscode.diff', document.uri, proposedUri, `${name} ↔ Proposed Change (Fast Inference)`, {
      preview: true,
    } satisfies vscode.TextDocumentShowOptions);
    void this.askInNotification(id, name, what);
    return `Review the change to ${what} of ${name}, then Accept or Reject.`;
  }

  private async askInNotification(id: number, name: string, what: string): Promise<void> {
    const choice = await vscode.window.showInformationMessage(`Apply the proposed change to ${what} of ${name}?`, 'Accept', 'Reject');
    if (this.proposal?.id !== id) return;
    if (choice === 'Accept') await this.accept();
    else if (choice === 'Reject') await this.reject();
  }

  async accept(): Promise<boolean> {
    const proposal = this.proposal;
    if (!proposal) return false;
    const document = await vscode.workspace.openTextDocument(proposal.target);
    // The file may have changed since the diff was shown; apply only if the replaced text is still there.
    if (document.version !== proposal.version && document.getText(proposal.range) !== proposal.original) {
      await this.clear();
      void vscode.window.showWarningMessage(`${path.basename(proposal.target.path)} changed after the diff was made. Use Apply again.`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(proposal.target, proposal.range, proposal.code);
    const applied = await vscode.workspace.applyEdit(edit);
    await this.clear();
    if (applied) await vscode.window.showTextDocument(document, { preview: false });
    return applied;
  }

  async reject(): Promise<void> {
    await this.clear();
  }

  private isProposalTab(tab: vscode.Tab, proposal: Proposal): boolean {
    return tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposal.proposedUri.toString();
  }

  private async closeDiff(): Promise<void> {
    const proposal = this.proposal;
    if (!proposal) return;
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => this.isProposalTab(tab, proposal));
    this.proposal = undefined;
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }

  private async clear(): Promise<void> {
    await this.closeDiff();
    this.proposal = undefined;
    await vscode.commands.executeCommand('setContext', PENDING_CONTEXT, false);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

/** Code blocks end without a newline; keep the replaced text's final newline so lines do not merge. */
function matchTrailingNewline(original: string, code: string): string {
  if (original.endsWith('\n') && !code.endsWith('\n')) return `${code}\n`;
  if (!original.endsWith('\n') && code.endsWith('\n')) return code.slice(0, -1);
  return code;
}
