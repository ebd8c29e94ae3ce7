import * as vscode from 'vscode';
import { parseSettings, type Settings } from './core/settings';

const SECTION = 'fastInference';

/** Holds the current settings snapshot and tells listeners when `fastInference.*` changes. */
/** The profiles as written in settings, before parsing: edits keep the fields this version does not know. */
export function rawProfiles(): unknown[] {
  return vscode.workspace.getConfiguration('fastInference').get<unknown[]>('profiles') ?? [];
}

export class SettingsStore implements vscode.Disposable {
  private snapshot: Settings;
  private readonly changed = new vscode.EventEmitter<Settings>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor() {
    this.snapshot = SettingsStore.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      this.snapshot = SettingsStore.read();
      this.changed.fire(this.snapshot);
    });
  }

  get current(): Settings {
    return this.snapshot;
  }

  /** Writes a user-level (global) setting below `fastInference.`. */
  async update(key: string, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }

  /**
   * Writes a setting where it takes effect: in the workspace (or folder) settings when those
   * set it, since a user-level value would be overridden there and change nothing.
   */
  async updateWhereDecided(key: string, value: unknown): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const where = config.inspect(key);
    const target =
      where?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : where?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await config.update(key, value, target);
  }

  private static read(): Settings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return parseSettings((key) => config.get(key));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
