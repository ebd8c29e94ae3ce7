// One stand-in for the `vscode` module, so the adapters (src/config, src/speed, src/completion,
// src/chat) run under mocha in plain Node. It holds the parts of the API they use: documents
// and editors the test creates, settings per target, SecretStorage and Memento in memory,
// dialogs answered from a script, and a record of everything shown, written or registered.
// `installVscodeStandIn()` makes `require('vscode')` from src/ resolve to this file.
import * as path from 'node:path';
import { Disposable, EventEmitter } from './vscodeBasics';

export { Disposable, EventEmitter, ProgressLocation } from './vscodeBasics';

// ---- Values and small classes ------------------------------------------------------------

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query = '',
    readonly authority = '',
  ) {}
  get fsPath(): string {
    return this.path;
  }
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static from(parts: { scheme: string; path?: string; query?: string }): Uri {
    return new Uri(parts.scheme, parts.path ?? '', parts.query ?? '');
  }
  static parse(text: string, strict = false): Uri {
    const m = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?/.exec(text);
    if (!m) {
      if (strict) throw new Error(`not a URI: ${text}`);
      return new Uri('file', text);
    }
    return new Uri(m[1]!, m[3] ?? '', m[4] ?? '', m[2] ?? '');
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...parts), base.query, base.authority);
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  translate(lineDelta = 0, characterDelta = 0): Position {
    return new Position(this.line + lineDelta, this.character + characterDelta);
  }
  isEqual(other: Position): boolean {
    return this.line === other.line && this.character === other.character;
  }
  isBefore(other: Position): boolean {
    return this.line < other.line || (this.line === other.line && this.character < other.character);
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(start: Position, end: Position) {
    [this.start, this.end] = end.isBefore(start) ? [end, start] : [start, end];
  }
  get isEmpty(): boolean {
    return this.start.isEqual(this.end);
  }
}

export class Selection extends Range {
  constructor(
    readonly anchor: Position,
    readonly active: Position,
  ) {
    super(anchor, active);
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

export class InlineCompletionItem {
  constructor(
    readonly insertText: string,
    readonly range?: Range,
  ) {}
}

export class InlineCompletionList {
  constructor(readonly items: InlineCompletionItem[]) {}
}

export class WorkspaceEdit {
  readonly replacements: { uri: Uri; range: Range; text: string }[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.replacements.push({ uri, range, text });
  }
}

export class TabInputText {
  constructor(readonly uri: Uri) {}
}

export class TabInputTextDiff {
  constructor(
    readonly original: Uri,
    readonly modified: Uri,
  ) {}
}

export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 } as const;
export const StatusBarAlignment = { Left: 1, Right: 2 } as const;
export const ViewColumn = { Active: -1, One: 1 } as const;
export const QuickPickItemKind = { Separator: -1, Default: 0 } as const;
export const EndOfLine = { LF: 1, CRLF: 2 } as const;
export const InlineCompletionTriggerKind = { Invoke: 0, Automatic: 1 } as const;
export const TextEditorRevealType = { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 } as const;
export const OverviewRulerLane = { Left: 1, Center: 2, Right: 4, Full: 7 } as const;

// ---- Documents and editors ---------------------------------------------------------------

/** A text document whose text the test sets; offsets count characters as VS Code does. */
export class FakeTextDocument {
  version = 1;
  isClosed = false;
  isDirty = false;
  constructor(
    readonly uri: Uri,
    private text: string,
    readonly languageId = 'plaintext',
    readonly eol: number = EndOfLine.LF,
  ) {}
  get isUntitled(): boolean {
    return this.uri.scheme === 'untitled';
  }
  get fileName(): string {
    return this.uri.fsPath;
  }
  get lineCount(): number {
    return this.text.split('\n').length;
  }
  getText(range?: Range): string {
    return range ? this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }
  lineAt(line: number): { text: string; lineNumber: number } {
    return { text: this.text.split('\n')[line]!.replace(/\r$/, ''), lineNumber: line };
  }
  offsetAt(position: Position): number {
    const lines = this.text.split('\n');
    let offset = 0;
    for (let i = 0; i < Math.min(position.line, lines.length); i++) offset += lines[i]!.length + 1;
    return Math.min(this.text.length, offset + position.character);
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, Math.max(0, Math.min(offset, this.text.length)));
    const lines = before.split('\n');
    return new Position(lines.length - 1, lines.at(-1)!.length);
  }
  /** Replaces text as an edit would, with a change event. */
  replace(range: Range, text: string): void {
    const start = this.offsetAt(range.start);
    const rangeLength = this.offsetAt(range.end) - start;
    this.text = this.text.slice(0, start) + text + this.text.slice(start + rangeLength);
    this.version++;
    events.documentChanged.fire({ document: this, contentChanges: [{ range, text, rangeOffset: start, rangeLength }] });
  }
}

export class FakeTextEditor {
  selection: Selection;
  readonly revealed: Range[] = [];
  /** Set to false to play a read-only editor. */
  acceptsEdits = true;
  constructor(
    readonly document: FakeTextDocument,
    selection: Selection = new Selection(new Position(0, 0), new Position(0, 0)),
  ) {
    this.selection = selection;
  }
  get selections(): Selection[] {
    return [this.selection];
  }
  async edit(build: (builder: { insert(p: Position, text: string): void; replace(r: Range, text: string): void }) => void): Promise<boolean> {
    if (!this.acceptsEdits) return false;
    build({
      insert: (p, text) => this.document.replace(new Range(p, p), text),
      replace: (r, text) => this.document.replace(r, text),
    });
    return true;
  }
  revealRange(range: Range): void {
    this.revealed.push(range);
  }
  /** The ranges last set per decoration type key. */
  readonly decorations = new Map<string, unknown[]>();
  setDecorations(type: { key: string }, ranges: unknown[]): void {
    this.decorations.set(type.key, ranges);
  }
}

/** Opens a document in the stand-in (and optionally an editor on it, made active). */
export function openDocument(relativePath: string, text: string, options: { languageId?: string; eol?: number; scheme?: string; editor?: boolean; selection?: Selection } = {}): { document: FakeTextDocument; editor: FakeTextEditor } {
  const uri = options.scheme ? Uri.from({ scheme: options.scheme, path: `/ws/${relativePath}` }) : Uri.file(`/ws/${relativePath}`);
  const document = new FakeTextDocument(uri, text, options.languageId, options.eol);
  workspace.textDocuments.push(document);
  const editor = new FakeTextEditor(document, options.selection);
  if (options.editor !== false) {
    window.visibleTextEditors.push(editor);
    window.activeTextEditor = editor;
    events.activeEditor.fire(editor);
  }
  return { document, editor };
}

// ---- Events the test fires as the editor would ----------------------------------------

export const events = {
  configuration: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
  activeEditor: new EventEmitter<FakeTextEditor | undefined>(),
  selection: new EventEmitter<{ textEditor: FakeTextEditor; selections: Selection[] }>(),
  documentChanged: new EventEmitter<{ document: FakeTextDocument; contentChanges: { range: Range; text: string; rangeOffset?: number; rangeLength?: number }[] }>(),
  documentSaved: new EventEmitter<FakeTextDocument>(),
  documentClosed: new EventEmitter<FakeTextDocument>(),
  workspaceFoldersChanged: new EventEmitter<unknown>(),
  windowState: new EventEmitter<{ focused: boolean }>(),
  visibleEditors: new EventEmitter<unknown[]>(),
  trustGranted: new EventEmitter<void>(),
  tabsChanged: new EventEmitter<{ opened: FakeTab[]; closed: FakeTab[]; changed: FakeTab[] }>(),
};

export interface FakeTab {
  label: string;
  input: unknown;
}

// ---- Status bar, webviews ------------------------------------------------------------------

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

/** A webview as a panel or a view holds it: what the host posts, and what the page sends. */
export class FakeWebview {
  html = '';
  options: Record<string, unknown> = {};
  readonly cspSource = 'https://webview.test';
  readonly posted: unknown[] = [];
  readonly received = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.received.event;
  asWebviewUri = (uri: Uri) => `https://webview.test${uri.fsPath}`;
  postMessage = async (m: unknown) => {
    this.posted.push(JSON.parse(JSON.stringify(m)));
    return true;
  };
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

/** A WebviewView (the chat's side bar view). */
export class FakeWebviewView {
  visible = true;
  readonly webview = new FakeWebview();
  private readonly disposed = new EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  dispose(): void {
    this.disposed.fire();
  }
}

// ---- Storage -------------------------------------------------------------------------------

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

/** A Memento in memory; values go through JSON as VS Code stores them. */
export class FakeMemento {
  readonly values = new Map<string, unknown>();
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

/** Captures what would go to the Output panel. */
export class FakeLogChannel {
  readonly lines: string[] = [];
  trace(m: string) { this.lines.push(m); }
  debug(m: string) { this.lines.push(m); }
  info(m: string) { this.lines.push(m); }
  warn(m: string) { this.lines.push(m); }
  error(m: string) { this.lines.push(m); }
}

// ---- What the test scripts, and what the code did -----------------------------------------

/** Settings below `fastInference.`, per target. */
export const settingsFile = { user: {} as Record<string, unknown>, workspace: {} as Record<string, unknown> };

export interface ShownMessage {
  kind: 'info' | 'warning' | 'error' | 'inputBox' | 'quickPick';
  text: string;
}
/** Every message, title and prompt shown, in order (with `answers`, the config tests' style). */
export const shown: ShownMessage[] = [];
/** Answers for dialogs, taken in order: a string picks the item with that label / is typed. */
export const answers: (string | undefined)[] = [];

export interface Shown {
  kind: 'info' | 'warning' | 'error';
  message: string;
  items: string[];
}

/** What the test scripted the user to answer, in order (the speed tests' style). */
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
  statusMessages: [] as string[],
  panels: [] as FakeWebviewPanel[],
  shown: [] as Shown[],
  executed: [] as string[],
  executedWith: [] as { id: string; args: unknown[] }[],
  written: new Map<string, string>(),
  progress: [] as { message?: string; increment?: number }[],
  quickPickItems: [] as { label: string; picked?: boolean; kind?: number }[][],
  serializers: new Map<string, { deserializeWebviewPanel(panel: FakeWebviewPanel, state: unknown): Promise<void> }>(),
  viewProviders: new Map<string, { resolveWebviewView(view: FakeWebviewView): void }>(),
  inlineProviders: [] as { selector: unknown; provider: unknown }[],
  contentProviders: new Map<string, { provideTextDocumentContent(uri: Uri): string }>(),
  shownDocuments: [] as FakeTextDocument[],
  closedTabs: [] as FakeTab[],
  openedExternally: [] as string[],
  clipboard: '',
  inputBoxes: [] as { title?: string; value?: string; prompt?: string }[],
  languageModelProviders: new Map<string, unknown>(),
};

/** Which answering style the dialogs use: set by the reset function a test calls. */
let dialogs: 'answers' | 'script' = 'script';

function next(): string | undefined {
  if (answers.length === 0) throw new Error('a dialog was shown that the test did not expect');
  return answers.shift();
}

async function show(kind: Shown['kind'], message: string, rest: unknown[]): Promise<string | undefined> {
  const items = rest.filter((r): r is string => typeof r === 'string');
  shown.push({ kind, text: message });
  recorded.shown.push({ kind, message, items });
  if (dialogs === 'answers') return kind === 'warning' && items.length ? next() : undefined;
  return items.length > 0 ? script.messages.shift() : undefined;
}

const registered = new Map<string, (...args: unknown[]) => unknown>();

// ---- The namespaces ------------------------------------------------------------------------

const tabGroup = { tabs: [] as FakeTab[] };

export const window = {
  activeTextEditor: undefined as FakeTextEditor | undefined,
  visibleTextEditors: [] as FakeTextEditor[],
  onDidChangeActiveTextEditor: events.activeEditor.event,
  onDidChangeTextEditorSelection: events.selection.event,
  tabGroups: {
    all: [tabGroup],
    onDidChangeTabs: events.tabsChanged.event,
    async close(tabs: FakeTab[]) {
      tabGroup.tabs = tabGroup.tabs.filter((t) => !tabs.includes(t));
      recorded.closedTabs.push(...tabs);
      events.tabsChanged.fire({ opened: [], closed: tabs, changed: [] });
      return true;
    },
  },
  onDidChangeWindowState: events.windowState.event,
  onDidChangeVisibleTextEditors: events.visibleEditors.event,
  createTextEditorDecorationType(options: unknown) {
    return { key: `decoration-${JSON.stringify(options).length}`, dispose() {} };
  },
  createStatusBarItem(id: string, alignment: number, priority: number) {
    const item = new FakeStatusBarItem(id, alignment, priority);
    recorded.statusItems.push(item);
    return item;
  },
  setStatusBarMessage(message: string) {
    recorded.statusMessages.push(message);
    return new Disposable(() => undefined);
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
  registerWebviewViewProvider(viewId: string, provider: { resolveWebviewView(view: FakeWebviewView): void }) {
    recorded.viewProviders.set(viewId, provider);
    return new Disposable(() => recorded.viewProviders.delete(viewId));
  },
  async showTextDocument(document: FakeTextDocument) {
    recorded.shownDocuments.push(document);
    const editor = window.visibleTextEditors.find((e) => e.document === document) ?? new FakeTextEditor(document);
    if (!window.visibleTextEditors.includes(editor)) window.visibleTextEditors.push(editor);
    window.activeTextEditor = editor;
    return editor;
  },
  async showQuickPick(items: readonly (string | { label: string })[], options?: { title?: string }) {
    const labels = items.map((i) => (typeof i === 'string' ? i : i.label));
    shown.push({ kind: 'quickPick', text: `${options?.title ?? ''} | ${labels.join(', ')}` });
    if (dialogs === 'answers') {
      const label = next();
      if (label === undefined) return undefined;
      const item = items.find((i) => (typeof i === 'string' ? i : i.label) === label);
      if (!item) throw new Error(`no item "${label}" in the quick pick`);
      return item;
    }
    const objects = items.filter((i): i is { label: string } => typeof i !== 'string');
    recorded.quickPickItems.push(objects.map((i) => ({ ...i })));
    const answer = script.quickPicks.shift();
    return answer ? answer(objects) : undefined;
  },
  async showInputBox(options: { title?: string; value?: string; prompt?: string; password?: boolean; validateInput?: (v: string) => string | undefined }) {
    shown.push({ kind: 'inputBox', text: `${options.title ?? ''} | ${options.prompt ?? ''}${options.password ? ' | password' : ''}` });
    recorded.inputBoxes.push({ title: options.title, value: options.value, prompt: options.prompt });
    if (dialogs === 'answers') {
      const value = next();
      if (value !== undefined && options.validateInput?.(value)) throw new Error(`input rejected: ${options.validateInput(value)}`);
      return value;
    }
    const answer = script.inputs.shift();
    if (answer !== undefined && options.validateInput?.(answer)) return undefined;
    return answer;
  },
  async showSaveDialog() {
    return script.saveAs.shift();
  },
  showInformationMessage: (message: string, ...rest: unknown[]) => show('info', message, rest),
  showWarningMessage: (message: string, ...rest: unknown[]) => show('warning', message, rest),
  showErrorMessage: (message: string, ...rest: unknown[]) => show('error', message, rest),
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

export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
    registered.set(id, fn);
    return new Disposable(() => registered.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]) {
    recorded.executed.push(id);
    recorded.executedWith.push({ id, args });
    const fn = registered.get(id);
    return fn ? fn(...args) : undefined;
  },
  isRegistered: (id: string) => registered.has(id),
};

export const workspace = {
  workspaceFolders: [{ uri: Uri.file('/ws'), name: 'ws', index: 0 }] as unknown[] | undefined,
  isTrusted: true,
  textDocuments: [] as FakeTextDocument[],
  onDidChangeConfiguration: events.configuration.event,
  onDidGrantWorkspaceTrust: events.trustGranted.event,
  onDidChangeTextDocument: events.documentChanged.event,
  onDidSaveTextDocument: events.documentSaved.event,
  onDidCloseTextDocument: events.documentClosed.event,
  onDidChangeWorkspaceFolders: events.workspaceFoldersChanged.event,
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
        events.configuration.fire({ affectsConfiguration: (s: string) => `fastInference.${k}`.startsWith(s) || s.startsWith(`fastInference.${k}`) });
      },
    };
  },
  asRelativePath(uri: Uri | string): string {
    const p = typeof uri === 'string' ? uri : uri.path;
    return p.startsWith('/ws/') ? p.slice('/ws/'.length) : p;
  },
  async openTextDocument(target: Uri | { content: string; language?: string }) {
    if (target instanceof Uri) {
      const open = workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
      if (!open) throw new Error(`no document ${target.toString()} in the stand-in`);
      return open;
    }
    const document = new FakeTextDocument(Uri.from({ scheme: 'untitled', path: `Untitled-${workspace.textDocuments.length + 1}` }), target.content, target.language);
    workspace.textDocuments.push(document);
    return document;
  },
  async applyEdit(edit: WorkspaceEdit) {
    for (const r of edit.replacements) {
      const document = workspace.textDocuments.find((d) => d.uri.toString() === r.uri.toString());
      if (!document) return false;
      document.replace(r.range, r.text);
    }
    return true;
  },
  registerTextDocumentContentProvider(scheme: string, provider: { provideTextDocumentContent(uri: Uri): string }) {
    recorded.contentProviders.set(scheme, provider);
    return new Disposable(() => recorded.contentProviders.delete(scheme));
  },
  fs: {
    async writeFile(uri: Uri, content: Uint8Array) {
      recorded.written.set(uri.fsPath, new TextDecoder().decode(content));
    },
  },
};

export const languages = {
  registerInlineCompletionItemProvider(selector: unknown, provider: unknown) {
    const entry = { selector, provider };
    recorded.inlineProviders.push(entry);
    return new Disposable(() => recorded.inlineProviders.splice(recorded.inlineProviders.indexOf(entry), 1));
  },
  async getLanguages() {
    return ['plaintext', 'typescript', 'javascript', 'python', 'markdown', 'shellscript'];
  },
};

export const env = {
  clipboard: {
    async writeText(text: string) {
      recorded.clipboard = text;
    },
    async readText() {
      return recorded.clipboard;
    },
  },
  async openExternal(uri: Uri) {
    recorded.openedExternally.push(uri.toString());
    return true;
  },
};

// ---- Language models (vscode.lm and its part classes) ----------------------------------------

export class LanguageModelTextPart {
  constructor(public value: string) {}
}

export class LanguageModelToolCallPart {
  constructor(
    public callId: string,
    public name: string,
    public input: object,
  ) {}
}

export class LanguageModelToolResultPart {
  constructor(
    public callId: string,
    public content: unknown[],
  ) {}
}

export const LanguageModelChatMessageRole = { User: 1, Assistant: 2 } as const;

export const LanguageModelChatToolMode = { Auto: 1, Required: 2 } as const;

export class LanguageModelError extends Error {
  constructor(
    message?: string,
    readonly code = 'Unknown',
  ) {
    super(message);
  }
  static NoPermissions(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'NoPermissions');
  }
  static Blocked(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'Blocked');
  }
  static NotFound(message?: string): LanguageModelError {
    return new LanguageModelError(message, 'NotFound');
  }
}

export class CancellationTokenSource {
  private readonly cancelled = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.cancelled.event,
  };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.cancelled.fire();
  }
  dispose(): void {
    this.cancelled.dispose();
  }
}

export const lm = {
  registerLanguageModelChatProvider(vendor: string, provider: unknown) {
    recorded.languageModelProviders.set(vendor, provider);
    return new Disposable(() => recorded.languageModelProviders.delete(vendor));
  },
};

// ---- Setup -----------------------------------------------------------------------------------

/** Writes a user setting the way VS Code does, change event included. */
export function setUserSetting(key: string, value: unknown): Promise<void> {
  return workspace.getConfiguration('fastInference').update(key, value, ConfigurationTarget.Global);
}

/** A tab showing `input` (a TabInputText or TabInputTextDiff), as if the user opened it. */
export function openTab(label: string, input: unknown): FakeTab {
  const tab = { label, input };
  tabGroup.tabs.push(tab);
  events.tabsChanged.fire({ opened: [tab], closed: [], changed: [] });
  return tab;
}

/** Forgets everything a test set up or recorded; dialogs answer from `script` unless told otherwise. */
export function resetVscode(style: 'answers' | 'script' = 'script'): void {
  dialogs = style;
  settingsFile.user = {};
  settingsFile.workspace = {};
  shown.length = 0;
  answers.length = 0;
  script.quickPicks.length = 0;
  script.inputs.length = 0;
  script.messages.length = 0;
  script.saveAs.length = 0;
  script.onProgress = undefined;
  for (const value of Object.values(recorded)) {
    if (Array.isArray(value)) value.length = 0;
    else if (value instanceof Map) value.clear();
  }
  recorded.clipboard = '';
  registered.clear();
  window.activeTextEditor = undefined;
  window.visibleTextEditors.length = 0;
  workspace.textDocuments.length = 0;
  workspace.isTrusted = true;
  tabGroup.tabs = [];
}

let installed = false;

/** Makes `require('vscode')` from src/ (and from this file) resolve to this stand-in. */
export function installVscodeStandIn(): void {
  if (installed) return;
  installed = true;
  // The CommonJS module object itself (the ES namespace's properties are read-only).
  const mod = require('node:module') as { _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string };
  const original = mod._resolveFilename;
  const sources = path.resolve(__dirname, '../../../src') + path.sep;
  mod._resolveFilename = function (request, parent, ...rest) {
    if (request === 'vscode' && (parent?.filename?.startsWith(sources) || parent?.filename === __filename)) return __filename;
    return original.call(this, request, parent, ...rest);
  };
}
