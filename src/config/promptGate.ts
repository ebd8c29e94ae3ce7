// The VS Code side of "what may enter a prompt": one gate for inline completions,
// the completion context ring, chat chips and attachments and the Explain / Fix
// commands. It resolves real paths through the file system, follows the
// workspace folders and the exclude globs, and reports a malformed glob once.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Logger } from '../shared/log';
import { PromptFileGate, type RealPath } from './core/promptFiles';
import { describeRefusal, type PromptVerdict } from './core/promptPolicy';
import type { SettingsStore } from './settingsStore';

export type { PromptVerdict } from './core/promptPolicy';

/** Notebook cells are judged as the notebook file that holds them. */
function judgedAs(uri: vscode.Uri): { scheme: string; path: string } {
  if (uri.scheme === 'file' || uri.scheme === 'vscode-notebook-cell') return { scheme: 'file', path: uri.fsPath };
  return { scheme: uri.scheme, path: uri.path };
}

export class PromptGate implements vscode.Disposable {
  private readonly files: PromptFileGate;
  /** Verdicts of documents already judged, for callers that cannot wait (chips, the completion provider). */
  private readonly known = new Map<string, PromptVerdict>();
  private readonly pending = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** Fires when what the gate knows changed: a pending verdict arrived, the settings or the folders changed. */
  readonly onDidChange = this.changed.event;

  /** `realpath` resolves links; tests pass a stand-in for the file system. */
  constructor(
    private readonly settings: SettingsStore,
    private readonly log: Logger,
    realpath: RealPath = (p) => fs.promises.realpath(p),
  ) {
    this.files = new PromptFileGate(realpath);
    this.readFolders();
    this.readGlobs();
    this.subscription = vscode.Disposable.from(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset(() => this.readFolders())),
      settings.onDidChange(() => this.reset(() => this.readGlobs())),
      vscode.workspace.onDidCloseTextDocument((document) => this.known.delete(document.uri.toString())),
      this.changed,
    );
  }

  private reset(read: () => void): void {
    read();
    this.known.clear();
    this.changed.fire();
  }

  private readFolders(): void {
    const folders = vscode.workspace.workspaceFolders ?? [];
    this.files.setFolders(folders.filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath));
  }

  private readGlobs(): void {
    for (const bad of this.files.setExcludeGlobs(this.settings.current.completions.excludeGlobs)) {
      const message = `fastInference.completions.excludeGlobs: "${bad.glob}" is skipped because ${bad.reason}.`;
      this.log.warn(message);
      void vscode.window.showWarningMessage(message);
    }
  }

  /** Judges a document now, resolving links on disk. */
  async check(uri: vscode.Uri): Promise<PromptVerdict> {
    const { scheme, path } = judgedAs(uri);
    const verdict = await this.files.verdict(scheme, path);
    this.known.set(uri.toString(), verdict);
    return verdict;
  }

  /**
   * The verdict last found for a document, without waiting. Undefined until the first check
   * ends (one is started, and `onDidChange` fires when it does): not yet judged means not sent.
   */
  peek(uri: vscode.Uri): PromptVerdict | undefined {
    const key = uri.toString();
    const verdict = this.known.get(key);
    if (verdict === undefined && !this.pending.has(key)) {
      this.pending.add(key);
      void this.check(uri).finally(() => {
        this.pending.delete(key);
        this.changed.fire();
      });
    }
    return verdict;
  }

  /** True when a workspace-relative path matches a secret pattern or an exclude glob now. */
  excludes(relativePath: string): boolean {
    return this.files.excludes(relativePath);
  }

  /** Why a document is not sent, for a message to the user. */
  static explain(verdict: PromptVerdict): string {
    return verdict.allowed ? '' : describeRefusal(verdict);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
