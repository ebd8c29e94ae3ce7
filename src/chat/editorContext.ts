// The context chips offered with a prompt: the active editor's selection (or
// whole file) as a chip that follows the editor, plus open files the user adds.
// Only files the prompt gate allows are offered or read (inside the workspace,
// not a secret, links resolved), named by their workspace-relative path; values
// shaped like credentials are replaced in what is read. Nothing is read in
// Restricted Mode unless the user allowed it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { redactKeyShapes } from '../config/core/keyShapes';
import { PromptGate } from '../config/promptGate';
import type { SettingsStore } from '../config/settingsStore';
import type { ContextChip, OpenFile } from '../shared/chatProtocol';
import { Emitter } from '../shared/events';
import type { ContextSource } from './core/ports';
import type { ContextBlock } from './core/prompt';
import type { EditorTracker } from './editorTracker';

/** A file larger than this is cut before it reaches prompt assembly. */
const MAX_FILE_CHARS = 400_000;

/** A selection that ends at the start of a line does not include that line. */
function lastSelectedLine(range: vscode.Range): number {
  return range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
}

interface ChipTarget {
  chip: ContextChip;
  uri: vscode.Uri;
  range?: vscode.Range;
}

export class EditorContextSource implements ContextSource, vscode.Disposable {
  private readonly pinned = new Map<string, ChipTarget>();
  private readonly explicit = new Map<string, ChipTarget>();
  private dismissedAuto: string | undefined;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private nextExplicit = 1;

  constructor(
    private readonly tracker: EditorTracker,
    private readonly settings: SettingsStore,
    private readonly gate: PromptGate,
  ) {
    this.subscription = vscode.Disposable.from(
      tracker.onDidChange(() => this.fire()),
      // A verdict that was not known yet (or changed with the settings) may add or remove a chip.
      gate.onDidChange(() => this.fire()),
      // Trusting the workspace (or allowing Restricted Mode) makes chips available at once.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.fire()),
      settings.onDidChange(() => this.fire()),
    );
  }

  private fire(): void {
    this.changed.fire();
  }

  restricted(): boolean {
    return !vscode.workspace.isTrusted && !this.settings.current.allowInRestrictedMode;
  }

  /** The chip for an editor's selection, or its whole file when nothing is selected; only for a file the gate allowed. */
  private targetFor(editor: vscode.TextEditor, id: string, auto: boolean, verdict = this.gate.peek(editor.document.uri)): ChipTarget | undefined {
    const document = editor.document;
    if (!verdict?.allowed) return undefined;
    const name = path.basename(document.uri.path) || document.uri.path;
    const relative = verdict.relativePath;
    const selection = editor.selection;
    if (!selection.isEmpty) {
      const start = selection.start.line + 1;
      const end = lastSelectedLine(selection) + 1;
      return {
        chip: { id, kind: 'selection', label: `${name}:${start}-${end}`, path: relative, languageId: document.languageId, auto },
        uri: document.uri,
        range: new vscode.Range(selection.start, selection.end),
      };
    }
    return { chip: { id, kind: 'file', label: name, path: relative, languageId: document.languageId, auto }, uri: document.uri };
  }

  private autoTarget(): ChipTarget | undefined {
    const editor = this.tracker.editor;
    if (!editor) return undefined;
    const target = this.targetFor(editor, 'auto', true);
    if (!target || this.autoKey(target) === this.dismissedAuto) return undefined;
    // A file the user pinned by hand is not offered twice.
    if (target.chip.kind === 'file' && this.pinned.has(`file:${target.uri.toString()}`)) return undefined;
    return target;
  }

  private autoKey(target: ChipTarget): string {
    return `${target.uri.toString()}#${target.range ? `${target.range.start.line}:${target.range.start.character}-${target.range.end.line}:${target.range.end.character}` : ''}`;
  }

  chips(): ContextChip[] {
    const auto = this.autoTarget();
    return [...(auto ? [auto.chip] : []), ...[...this.pinned.values()].map((t) => t.chip)];
  }

  remove(chipId: string): void {
    if (chipId === 'auto') {
      const editor = this.tracker.editor;
      const target = editor && this.targetFor(editor, 'auto', true);
      // Hidden until the editor or its selection changes.
      if (target) this.dismissedAuto = this.autoKey(target);
    } else {
      this.pinned.delete(chipId);
    }
    this.fire();
  }

  async add(uriText: string): Promise<void> {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(uriText, true);
    } catch {
      return;
    }
    // Only files that are open in an editor tab can be added (the webview could name any path).
    if (!this.openTabUris().some((u) => u.toString() === uri.toString())) return;
    const verdict = await this.gate.check(uri);
    if (!verdict.allowed) return;
    const id = `file:${uri.toString()}`;
    const document = await vscode.workspace.openTextDocument(uri);
    this.pinned.set(id, {
      chip: { id, kind: 'file', label: path.basename(uri.path), path: verdict.relativePath, languageId: document.languageId, auto: false },
      uri,
    });
    this.fire();
  }

  private openTabUris(): vscode.Uri[] {
    const uris: vscode.Uri[] = [];
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputText && !uris.some((u) => u.toString() === (tab.input as vscode.TabInputText).uri.toString())) {
          uris.push(tab.input.uri);
        }
      }
    }
    return uris;
  }

  async listOpenFiles(): Promise<OpenFile[]> {
    const taken = new Set(this.chips().map((c) => c.path));
    const files: OpenFile[] = [];
    for (const uri of this.openTabUris()) {
      const verdict = await this.gate.check(uri);
      if (!verdict.allowed || taken.has(verdict.relativePath)) continue;
      const dir = path.dirname(verdict.relativePath);
      files.push({ uri: uri.toString(), label: path.basename(uri.path), description: dir === '.' ? '' : dir });
    }
    return files;
  }

  /**
   * A chip for the current selection, for the Explain / Fix / Write Tests commands, or why
   * the file may not be sent.
   */
  async selectionChip(editor: vscode.TextEditor): Promise<{ chip: ContextChip } | { refused: string }> {
    const verdict = await this.gate.check(editor.document.uri);
    const target = this.targetFor(editor, `selection:${this.nextExplicit++}`, false, verdict);
    if (!target) return { refused: PromptGate.explain(verdict) };
    this.explicit.set(target.chip.id, target);
    return { chip: target.chip };
  }

  async resolve(chips: readonly ContextChip[]): Promise<ContextBlock[]> {
    if (this.restricted()) return [];
    const auto = this.autoTarget();
    const blocks: ContextBlock[] = [];
    for (const chip of chips) {
      const target = chip.id === 'auto' ? auto : (this.pinned.get(chip.id) ?? this.explicit.get(chip.id));
      this.explicit.delete(chip.id);
      // Judged again now: the file may have become a link, or the globs may have changed.
      if (!target || !(await this.gate.check(target.uri)).allowed) continue;
      const document = await vscode.workspace.openTextDocument(target.uri);
      const text = redactKeyShapes(document.getText(target.range).slice(0, MAX_FILE_CHARS)).text;
      blocks.push({
        kind: target.range ? 'selection' : 'file',
        path: target.chip.path,
        languageId: document.languageId,
        text,
        startLine: target.range ? target.range.start.line + 1 : undefined,
        endLine: target.range ? lastSelectedLine(target.range) + 1 : undefined,
      });
    }
    return blocks;
  }

  consumed(): void {
    if (this.pinned.size === 0) return;
    this.pinned.clear();
    this.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.clear();
  }
}
