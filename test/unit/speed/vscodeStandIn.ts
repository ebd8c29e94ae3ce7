// A stand-in for the parts of the `vscode` API the speed adapters (src/speed/*.ts) use,
// so they run under mocha in plain Node. Dialogs answer from scripts the test sets up;
// everything shown is recorded for the test to read.
import * as path from 'node:path';

import { Disposable, EventEmitter } from '../support/vscodeBasics';

export { Disposable, EventEmitter, ProgressLocation } from '../support/vscodeBasics';

export class Uri {
  private constructor(readonly fsPath: string) {}
  static file(p: string): Uri {
    return new Uri(p);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(path.join(base.fsPath, ...parts));
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  supportHtml = false;
  isTrusted = false;
  constructor(readonly value: string) {}
}

export const StatusBarAlignment = { Left: 1, Right: 2 } as const;
export const ViewColumn = { Active: -1, One: 1 } as const;
export const QuickPickItemKind = { Separator: -1, Default: 0 } as const;

export class FakeStatusBarItem {
  text = '';
  name = '';
  command: string | undefined;
  tooltip: MarkdownString | string | undefined;
  backgroundColor: ThemeColor | undefined;
  accessibilityInformation: { label: string } | undefined;
  visible = false;
  disposed = false;
  constructor(
    readonly id: string,
    readonly alignment: number,
    readonly priority: number,
  ) {}
  show(): void {
    this.visible = true;
  }
  dispose(): void {
    this.disposed = true;
  }
}

export class FakeWebviewPanel {
  readonly received = new EventEmitter<unknown>();
  readonly disposed = new EventEmitter<void>();
  readonly viewState = new EventEmitter<void>();
  readonly posted: unknown[] = [];
  visible = true;
  iconPath: unknown;
  isDisposed = false;
  readonly webview = {
    html: '',
    cspSource: 'https://webview.test',
    asWebviewUri: (uri: Uri) => `https://webview.test${uri.fsPath}`,
    postMessage: async (m: unknown) => {
      this.posted.push(JSON.parse(JSON.stringify(m)));
      return true;
    },
    onDidReceiveMessage: this.received.event,
  };
  onDidDispose = this.disposed.event;
  onDidChangeViewState = this.viewState.event;
  revealed = 0;
  constructor(
    readonly viewType: string,
    readonly title: string,
    readonly options: { enableScripts?: boolean; localResourceRoots?: Uri[] },
  ) {}
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.disposed.fire();
  }
  /** What the webview script would send. */
  send(message: unknown): void {
    this.received.fire(message);
  }
}

export interface Shown {
  kind: 'info' | 'warning' | 'error';
  message: string;
  items: string[];
}

/** What the test scripted the user to answer, in order. */
export const script = {
  quickPicks: [] as ((items: readonly { label: string }[]) => unknown)[],
  inputs: [] as (string | undefined)[],
  messages: [] as (string | undefined)[],
  saveAs: [] as (Uri | undefined)[],
  /** Called with the cancel function when a progress notification starts. */
  onProgress: undefined as ((cancel: () => void) => void) | undefined,
};

export const recorded = {
  statusItems: [] as FakeStatusBarItem[],
  panels: [] as FakeWebviewPanel[],
  shown: [] as Shown[],
  executed: [] as string[],
  written: new Map<string, string>(),
  progress: [] as { message?: string; increment?: number }[],
  quickPickItems: [] as { label: string; picked?: boolean; kind?: number }[][],
  serializers: new Map<string, { deserializeWebviewPanel(panel: FakeWebviewPanel, state: unknown): Promise<void> }>(),
};

const registered = new Map<string, (...args: unknown[]) => unknown>();

export const window = {
  createStatusBarItem(id: string, alignment: number, priority: number) {
    const item = new FakeStatusBarItem(id, alignment, priority);
    recorded.statusItems.push(item);
    return item;
  },
  createWebviewPanel(viewType: string, title: string, _column: unknown, options: FakeWebviewPanel['options']) {
    const panel = new FakeWebviewPanel(viewType, title, options);
    recorded.panels.push(panel);
    return panel;
  },
  registerWebviewPanelSerializer(viewType: string, serializer: { deserializeWebviewPanel(panel: FakeWebviewPanel, state: unknown): Promise<void> }) {
    recorded.serializers.set(viewType, serializer);
    return new Disposable(() => recorded.serializers.delete(viewType));
  },
  async showQuickPick(items: readonly { label: string }[]) {
    recorded.quickPickItems.push(items.map((i) => ({ ...i })));
    const answer = script.quickPicks.shift();
    return answer ? answer(items) : undefined;
  },
  async showInputBox(options: { validateInput?: (text: string) => string | undefined }) {
    const answer = script.inputs.shift();
    if (answer !== undefined && options.validateInput?.(answer)) return undefined;
    return answer;
  },
  async showSaveDialog() {
    return script.saveAs.shift();
  },
  showInformationMessage: (message: string, ...items: string[]) => show('info', message, items),
  showWarningMessage: (message: string, ...rest: unknown[]) => show('warning', message, rest.filter((r): r is string => typeof r === 'string')),
  showErrorMessage: (message: string, ...items: string[]) => show('error', message, items),
  async withProgress<T>(_options: unknown, task: (progress: unknown, token: unknown) => Promise<T>): Promise<T> {
    const cancelled = new EventEmitter<void>();
    const token = { onCancellationRequested: cancelled.event, isCancellationRequested: false };
    script.onProgress?.(() => {
      token.isCancellationRequested = true;
      cancelled.fire();
    });
    return task({ report: (p: { message?: string; increment?: number }) => recorded.progress.push(p) }, token);
  },
};

async function show(kind: Shown['kind'], message: string, items: string[]): Promise<string | undefined> {
  recorded.shown.push({ kind, message, items });
  return items.length > 0 ? script.messages.shift() : undefined;
}

export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
    registered.set(id, fn);
    return new Disposable(() => registered.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]) {
    recorded.executed.push(id);
    const fn = registered.get(id);
    return fn ? fn(...args) : undefined;
  },
  isRegistered: (id: string) => registered.has(id),
};

export const workspace = {
  workspaceFolders: [{ uri: Uri.file('/ws'), name: 'ws', index: 0 }],
  fs: {
    async writeFile(uri: Uri, content: Uint8Array) {
      recorded.written.set(uri.fsPath, new TextDecoder().decode(content));
    },
  },
};

export class FakeMemento {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
}

export function resetStandIn(): void {
  script.quickPicks.length = 0;
  script.inputs.length = 0;
  script.messages.length = 0;
  script.saveAs.length = 0;
  script.onProgress = undefined;
  recorded.statusItems.length = 0;
  recorded.panels.length = 0;
  recorded.shown.length = 0;
  recorded.executed.length = 0;
  recorded.written.clear();
  recorded.progress.length = 0;
  recorded.quickPickItems.length = 0;
  recorded.serializers.clear();
  registered.clear();
}

/** Makes `require('vscode')` resolve to this file for the speed adapters only. */
export function installStandIn(): void {
  const mod = require('node:module') as {
    _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
  };
  const original = mod._resolveFilename;
  const adapters = path.resolve(__dirname, '../../../src/speed') + path.sep;
  mod._resolveFilename = function (request, parent, ...rest) {
    if (request === 'vscode' && parent?.filename?.startsWith(adapters)) return __filename;
    return original.call(this, request, parent, ...rest);
  };
}
