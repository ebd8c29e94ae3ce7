// Apply goes through a diff: the original document on the left, a read-only
// virtual document with the proposed text on the right. The proposal may grow
// while a model streams it; nothing changes in the file until the user accepts
// (editor title button, command, or the notification), whole or hunk by hunk;
// rejecting or closing the diff leaves the file as it was.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyHunks, describeHunk, splitHunks, type Hunk } from '../apply/core/hunks';

export const PROPOSED_SCHEME = 'fastInference-proposed';
const PENDING_CONTEXT = 'fastInference.applyPending';
const STREAMING_CONTEXT = 'fastInference.applyStreaming';
const REFINABLE_CONTEXT = 'fastInference.applyRefinable';

/** What to do when the file changed after the diff was made: redo the apply, or nothing (refuse). */
export type StaleHandler = () => Promise<void>;

export interface ProposalOptions {
  /** Shown in the diff (first line) and the notification, e.g. "placed by its declaration in 3 ms". */
  status?: string;
  /** The proposal is still being written (a model merge): accepting waits until it is complete. */
  streaming?: boolean;
  /** Called instead of a refusal when the file changed after the diff was made. */
  onStale?: StaleHandler;
  /** An inline edit's follow-up: asks for another instruction and rewrites the proposal shown. */
  onRefine?: () => Promise<void>;
}

interface Proposal {
  id: number;
  target: vscode.Uri;
  /** The whole document when the diff was made, to detect edits made since. */
  base: string;
  proposedUri: vscode.Uri;
  proposedText: string;
  streaming: boolean;
  status: string;
  onStale?: StaleHandler;
  onRefine?: () => Promise<void>;
}

export class ApplyPreview implements vscode.Disposable {
  private proposal: Proposal | undefined;
  private nextId = 1;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly statusDecoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
    isWholeLine: true,
  });

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
      vscode.commands.registerCommand('fastInference.apply.chooseHunks', () => this.chooseHunks()),
      vscode.commands.registerCommand('fastInference.apply.refine', () => this.refine()),
      // Closing the diff without choosing counts as rejecting it.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        const proposal = this.proposal;
        if (proposal && e.closed.some((tab) => this.isProposalTab(tab, proposal))) void this.clear();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
      this.changed,
      this.statusDecoration,
    ];
  }

  get pending(): boolean {
    return this.proposal !== undefined;
  }

  /** The proposed text shown now, if any. */
  get proposedText(): string | undefined {
    return this.proposal?.proposedText;
  }

  /** Shows the diff for replacing the selection (or the whole file when nothing is selected) with `code`. */
  async propose(editor: vscode.TextEditor, code: string): Promise<string> {
    const document = editor.document;
    const range = editor.selection.isEmpty
      ? new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length))
      : new vscode.Range(editor.selection.start, editor.selection.end);
    const full = document.getText();
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const replacement = matchTrailingNewline(full.slice(start, end), code);
    const what = editor.selection.isEmpty ? 'the whole file' : 'the selection';
    await this.show(document, full.slice(0, start) + replacement + full.slice(end), { status: `replaces ${what}` });
    return `Review the change to ${what} of ${path.basename(document.uri.path) || 'Untitled'}, then Accept or Reject.`;
  }

  /** Shows `proposedText` as the new content of `document`, in a diff. */
  async show(document: vscode.TextDocument, proposedText: string, options: ProposalOptions = {}): Promise<void> {
    await this.closeDiff();
    const id = this.nextId++;
    const name = path.basename(document.uri.path) || 'Untitled';
    const proposedUri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${id}/${name}` });
    this.proposal = {
      id,
      target: document.uri,
      base: document.getText(),
      proposedUri,
      proposedText,
      streaming: options.streaming ?? false,
      status: options.status ?? '',
      onStale: options.onStale,
      onRefine: options.onRefine,
    };
    this.changed.fire(proposedUri);
    await vscode.commands.executeCommand('setContext', PENDING_CONTEXT, true);
    await vscode.commands.executeCommand('setContext', STREAMING_CONTEXT, this.proposal.streaming);
    await vscode.commands.executeCommand('setContext', REFINABLE_CONTEXT, options.onRefine !== undefined);
    await vscode.commands.executeCommand('vscode.diff', document.uri, proposedUri, `${name} ↔ Proposed Change (Fast Inference)`, {
      preview: true,
    } satisfies vscode.TextDocumentShowOptions);
    this.decorate();
    if (!this.proposal?.streaming) this.askWhenDone(id);
  }

  /** Replaces the proposal shown (a model's rewrite growing); `done` ends the streaming state. */
  async update(proposedText: string, status: string, done = false): Promise<void> {
    const proposal = this.proposal;
    if (!proposal) return;
    proposal.proposedText = proposedText;
    proposal.status = status;
    this.changed.fire(proposal.proposedUri);
    this.decorate();
    if (done && proposal.streaming) {
      proposal.streaming = false;
      await vscode.commands.executeCommand('setContext', STREAMING_CONTEXT, false);
      this.askWhenDone(proposal.id);
    }
  }

  private askWhenDone(id: number): void {
    const proposal = this.proposal;
    if (!proposal || proposal.id !== id) return;
    const name = path.basename(proposal.target.path);
    const count = this.hunks(proposal).length;
    if (count === 0) {
      void vscode.window.showInformationMessage(`The proposed change leaves ${name} as it is.`);
      return;
    }
    const buttons = ['Accept', ...(count > 1 ? ['Choose Changes…'] : []), ...(proposal.onRefine ? ['Refine…'] : []), 'Reject'];
    const summary = `${count} change${count === 1 ? '' : 's'} to ${name}${proposal.status ? ` (${proposal.status})` : ''}`;
    void vscode.window.showInformationMessage(`Apply ${summary}?`, ...buttons).then(async (choice) => {
      if (this.proposal?.id !== id) return;
      if (choice === 'Accept') await this.accept();
      else if (choice === 'Choose Changes…') await this.chooseHunks();
      else if (choice === 'Refine…') await this.refine();
      else if (choice === 'Reject') await this.reject();
    });
  }

  /** Accepts the whole proposal, or only the hunks `keep` keeps. */
  async accept(keep: (hunk: Hunk, index: number) => boolean = () => true): Promise<boolean> {
    const proposal = this.proposal;
    if (!proposal) return false;
    if (proposal.streaming) {
      void vscode.window.showInformationMessage('The proposed change is still being written; accept it when it is complete, or Stop it.');
      return false;
    }
    const document = await vscode.workspace.openTextDocument(proposal.target);
    const name = path.basename(proposal.target.path);
    // The file may have changed since the diff was shown: the proposal was made for other text.
    if (document.getText() !== proposal.base) {
      const onStale = proposal.onStale;
      await this.clear();
      if (onStale) await onStale();
      else void vscode.window.showWarningMessage(`${name} changed after the diff was made, so nothing was applied. Use Apply again.`);
      return false;
    }
    const text = applyHunks(proposal.base, this.hunks(proposal), keep);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(proposal.target, new vscode.Range(document.positionAt(0), document.positionAt(proposal.base.length)), text);
    const applied = await vscode.workspace.applyEdit(edit);
    await this.clear();
    if (applied) await vscode.window.showTextDocument(document, { preview: false });
    return applied;
  }

  /** A pick list of the hunks, all checked; the checked ones are applied. */
  async chooseHunks(): Promise<boolean> {
    const proposal = this.proposal;
    if (!proposal || proposal.streaming) return false;
    const hunks = this.hunks(proposal);
    const items = hunks.map((hunk, index) => ({ ...describeHunk(hunk), index, picked: true }));
    const chosen = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: `Changes to ${path.basename(proposal.target.path)}: uncheck the ones to leave out`,
      placeHolder: 'Checked changes are applied; the others are rejected',
      ignoreFocusOut: true,
    });
    if (!chosen || this.proposal !== proposal) return false;
    const kept = new Set(chosen.map((item) => item.index));
    return this.accept((_hunk, index) => kept.has(index));
  }

  async reject(): Promise<void> {
    await this.clear();
  }

  /** An inline edit's follow-up instruction (the proposal stays until a new one replaces it). */
  async refine(): Promise<void> {
    const proposal = this.proposal;
    if (!proposal?.onRefine) return;
    if (proposal.streaming) {
      void vscode.window.showInformationMessage('The proposed change is still being written; refine it when it is complete, or Stop it.');
      return;
    }
    await proposal.onRefine();
  }

  private hunks(proposal: Proposal): Hunk[] {
    return splitHunks(proposal.base, proposal.proposedText);
  }

  /** The status at the end of the first line of the proposed side. */
  private decorate(): void {
    const proposal = this.proposal;
    if (!proposal) return;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === proposal.proposedUri.toString());
    if (!editor) return;
    const line = new vscode.Range(0, 0, 0, 0);
    editor.setDecorations(this.statusDecoration, proposal.status ? [{ range: line, renderOptions: { after: { contentText: `Fast Inference: ${proposal.status}` } } }] : []);
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
    await vscode.commands.executeCommand('setContext', STREAMING_CONTEXT, false);
    await vscode.commands.executeCommand('setContext', REFINABLE_CONTEXT, false);
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
