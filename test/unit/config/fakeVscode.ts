// A small stand-in for the parts of the `vscode` API the config adapters use, so they can
// run under mocha in plain Node. Dialogs answer from a script the test sets up.
import * as path from 'node:path';
import { Disposable, EventEmitter } from '../support/vscodeBasics';

export { Disposable, EventEmitter, ProgressLocation } from '../support/vscodeBasics';

export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 } as const;

/** Settings below `fastInference.`, per target. */
export const settingsFile = { user: {} as Record<string, unknown>, workspace: {} as Record<string, unknown> };
const configChanged = new EventEmitter<{ affectsConfiguration(s: string): boolean }>();

export const workspace = {
  workspaceFolders: [{ uri: { fsPath: '/ws' }, name: 'ws', index: 0 }] as unknown[] | undefined,
  onDidChangeConfiguration: configChanged.event,
  getConfiguration(section: string) {
    const full = (key: string) => `${section}.${key}`.replace(/^fastInference\./, '');
    return {
      get<T>(key: string): T | undefined {
        const k = full(key);
        return (settingsFile.workspace[k] ?? settingsFile.user[k]) as T | undefined;
      },
      inspect<T>(key: string) {
        const k = full(key);
        return { key: k, globalValue: settingsFile.user[k] as T | undefined, workspaceValue: settingsFile.workspace[k] as T | undefined };
      },
      async update(key: string, value: unknown, target: number) {
        const file = target === ConfigurationTarget.Global ? settingsFile.user : settingsFile.workspace;
        const k = full(key);
        if (value === undefined) delete file[k];
        else file[k] = structuredClone(value);
        configChanged.fire({ affectsConfiguration: (s: string) => `fastInference.${k}`.startsWith(s) || s.startsWith(`fastInference.${k}`) });
      },
    };
  },
};

export interface ShownMessage {
  kind: 'info' | 'warning' | 'error' | 'inputBox' | 'quickPick';
  text: string;
}
/** Every message, title and prompt shown, in order. */
export const shown: ShownMessage[] = [];
/** Answers for dialogs, taken in order: a string picks the item with that label / is typed. */
export const answers: (string | undefined)[] = [];

function next(): string | undefined {
  if (answers.length === 0) throw new Error('a dialog was shown that the test did not expect');
  return answers.shift();
}

export const window = {
  async showInformationMessage(text: string, ...items: unknown[]) {
    shown.push({ kind: 'info', text });
    return items.length && typeof items[0] === 'string' ? undefined : undefined;
  },
  async showWarningMessage(text: string, ...rest: unknown[]) {
    shown.push({ kind: 'warning', text });
    const items = rest.filter((r) => typeof r === 'string');
    return items.length ? next() : undefined;
  },
  async showErrorMessage(text: string) {
    shown.push({ kind: 'error', text });
    return undefined;
  },
  async showInputBox(options: { title?: string; prompt?: string; password?: boolean; validateInput?: (v: string) => string | undefined }) {
    shown.push({ kind: 'inputBox', text: `${options.title ?? ''} | ${options.prompt ?? ''}${options.password ? ' | password' : ''}` });
    const value = next();
    if (value !== undefined && options.validateInput?.(value)) throw new Error(`input rejected: ${options.validateInput(value)}`);
    return value;
  },
  async showQuickPick(items: readonly (string | { label: string })[], options?: { title?: string }) {
    shown.push({ kind: 'quickPick', text: `${options?.title ?? ''} | ${items.map((i) => (typeof i === 'string' ? i : i.label)).join(', ')}` });
    const label = next();
    if (label === undefined) return undefined;
    const item = items.find((i) => (typeof i === 'string' ? i : i.label) === label);
    if (!item) throw new Error(`no item "${label}" in the quick pick`);
    return item;
  },
  async withProgress<T>(_options: unknown, task: (progress: unknown, token: { onCancellationRequested(l: () => void): void }) => Promise<T>) {
    return task({ report() {} }, { onCancellationRequested() {} });
  },
};

const registered = new Map<string, (...args: unknown[]) => unknown>();
export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
    registered.set(id, fn);
    return new Disposable(() => registered.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]) {
    const fn = registered.get(id);
    if (!fn) return undefined;
    return fn(...args);
  },
};

/** SecretStorage in memory. */
export class FakeSecretStorage {
  readonly values = new Map<string, string>();
  private readonly changed = new EventEmitter<{ key: string }>();
  onDidChange = this.changed.event;
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string) {
    this.values.delete(key);
    this.changed.fire({ key });
  }
  async keys() {
    return [...this.values.keys()];
  }
}

export class FakeMemento {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown) {
    this.values.set(key, structuredClone(value));
  }
  keys() {
    return [...this.values.keys()];
  }
}

/** Captures what would go to the Output panel. */
export class FakeLogChannel {
  readonly lines: string[] = [];
  trace(m: string) { this.lines.push(m); }
  debug(m: string) { this.lines.push(m); }
  info(m: string) { this.lines.push(m); }
  warn(m: string) { this.lines.push(m); }
  error(m: string) { this.lines.push(m); }
}

/** Writes a user setting the way VS Code does, change event included. */
export function setUserSetting(key: string, value: unknown): Promise<void> {
  return workspace.getConfiguration('fastInference').update(key, value, ConfigurationTarget.Global);
}

export function resetFakeVscode(): void {
  settingsFile.user = {};
  settingsFile.workspace = {};
  shown.length = 0;
  answers.length = 0;
}

/**
 * Makes `require('vscode')` resolve to this file for the config adapters only, so other
 * tests in the same process are unaffected.
 */
export function installFakeVscode(): void {
  // The CommonJS module object itself (the ES namespace's properties are read-only).
  const mod = require('node:module') as { _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string };
  const original = mod._resolveFilename;
  const adapters = path.resolve(__dirname, '../../../src/config') + path.sep;
  mod._resolveFilename = function (request, parent, ...rest) {
    if (request === 'vscode' && (parent?.filename?.startsWith(adapters) || parent?.filename === __filename)) return __filename;
    return original.call(this, request, parent, ...rest);
  };
}
