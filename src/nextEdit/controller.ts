// Feeds editor events to the next-edit engine and decides where it may run:
// the setting (and, on 'auto', the profile's learnt speed), Restricted Mode,
// disabled languages and the prompt gate (secret and excluded files).
import * as vscode from 'vscode';
import type { PromptGate } from '../config/promptGate';
import type { SettingsStore } from '../config/settingsStore';
import type { InferenceClient, RateLimitGate } from '../providers';
import type { StreamObserver } from '../providers/types';
import { systemClock, systemTimers } from '../shared/clock';
import type { Logger } from '../shared/log';
import { nextEditBackend } from './core/backend';
import { DEFAULT_NEXT_EDIT_OPTIONS, NextEditEngine, type NextEditOptions } from './core/engine';
import { DecodeRates, nextEditsActive, promptFormatFor } from './core/policy';
import type { SuggestionView } from './view';
import type { OwnInlineTriggers } from '../shared/inlineTriggers';

/** What next edits need from the provider layer (the EndpointService fits). */
export interface NextEditEndpoints {
  clientFor(profileId: string): Promise<InferenceClient>;
  observe(observer: StreamObserver): vscode.Disposable;
  readonly onDidChange: vscode.Event<void>;
  readonly rateLimits: Pick<RateLimitGate, 'remainingMs'>;
}

export interface NextEditDeps {
  settings: SettingsStore;
  endpoints: NextEditEndpoints;
  gate: PromptGate;
  log: Logger;
  /** Recent times to first token of a profile, so the first wait is right. */
  recentTtftMs?: (profileId: string, model?: string) => number[];
  /** Runs the editor triggers that show a hunk's ghost text, so completions do not take them for the user's. */
  ownTriggers?: OwnInlineTriggers;
}

const SCHEMES = new Set(['file', 'untitled']);

export class NextEdits implements vscode.Disposable {
  readonly engine: NextEditEngine;
  private client: InferenceClient | undefined;
  private readonly rates = new DecodeRates();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly deps: NextEditDeps,
    private readonly view: SuggestionView,
  ) {
    this.engine = new NextEditEngine(this.options(), {
      backend: nextEditBackend(() => {
        if (!this.client) throw new Error('no next-edit endpoint yet');
        return this.client;
      }),
      clock: systemClock,
      timers: systemTimers,
      recentTtftMs: () => this.deps.recentTtftMs?.(this.profileId()) ?? [],
      rateLimitRemainingMs: () => this.deps.endpoints.rateLimits.remainingMs(this.profileId()),
      logger: deps.log,
    });
    this.subscriptions.push(
      // Short answers carry no client rate; the server's own figure stands in for it.
      deps.endpoints.observe({ onEnd: ({ sample }) => this.rates.note(sample.profileId, sample.tokensPerSecond ?? sample.server?.tokensPerSecond ?? null) }),
      deps.endpoints.onDidChange(() => void this.refreshClient()),
      deps.settings.onDidChange(() => this.onSettingsChanged()),
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.onEditorChanged(editor)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        this.engine.history.noteCursor(e.textEditor.document.uri.toString(), e.selections[0]?.active.line ?? 0);
        this.redraw(e.textEditor);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString())),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.onEditorChanged(vscode.window.activeTextEditor)),
      // A verdict on the active document arrived (it was not judged yet when it was opened).
      deps.gate.onDidChange(() => this.onEditorChanged(vscode.window.activeTextEditor)),
    );
    this.engine.onDidChange((file) => this.onSuggestionChanged(file));
    void this.refreshClient();
    this.onEditorChanged(vscode.window.activeTextEditor);
  }

  private profileId(): string {
    const s = this.deps.settings.current;
    return s.nextEditProfile || s.completionProfile;
  }

  private options(): NextEditOptions {
    const s = this.deps.settings.current;
    const model = this.client?.endpoint.completionModel ?? '';
    return {
      ...DEFAULT_NEXT_EDIT_OPTIONS,
      format: promptFormatFor(s.nextEdits.promptFormat, model),
      eagerness: s.nextEdits.eagerness,
      debounce: s.completions.debounce,
      fixedDebounceMs: s.completions.fixedDebounceMs,
    };
  }

  private async refreshClient(): Promise<void> {
    try {
      this.client = await this.deps.endpoints.clientFor(this.profileId());
      this.engine.configure(this.options());
    } catch (err) {
      this.client = undefined;
      this.deps.log.warn(`Next edit suggestions have no endpoint: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private onSettingsChanged(): void {
    void this.refreshClient();
    this.onEditorChanged(vscode.window.activeTextEditor);
  }

  /** Whether the settings let a document get next edits (the prompt gate is asked apart). */
  private settingsAllow(document: vscode.TextDocument): boolean {
    const s = this.deps.settings.current;
    if (!nextEditsActive(s.nextEdits.enabled, this.rates.median(this.profileId()))) return false;
    if (!vscode.workspace.isTrusted && !s.allowInRestrictedMode) return false;
    return SCHEMES.has(document.uri.scheme) && !s.completions.disabledLanguages.includes(document.languageId);
  }

  /** Whether a document may get next edits now; not yet judged by the gate means not yet (a check starts). */
  private allows(document: vscode.TextDocument): boolean {
    return this.settingsAllow(document) && this.deps.gate.peek(document.uri)?.allowed === true;
  }

  private onEditorChanged(editor: vscode.TextEditor | undefined): void {
    for (const visible of vscode.window.visibleTextEditors) if (visible !== editor) this.engine.dismiss(visible.document.uri.toString());
    if (!editor) return this.view.render(undefined, undefined);
    const file = editor.document.uri.toString();
    if (this.allows(editor.document)) this.engine.noteOpen(file, editor.document.getText());
    else this.forget(file);
    this.redraw(editor);
  }

  private onDocumentChanged(e: vscode.TextDocumentChangeEvent): void {
    const editor = vscode.window.activeTextEditor;
    const document = e.document;
    const file = document.uri.toString();
    if (editor?.document !== document || e.contentChanges.length === 0) return;
    if (!this.settingsAllow(document)) return this.forget(file);
    const changes = e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }));
    // The cursor after a single edit is the end of its text; with several cursors, the first one's.
    const first = [...changes].sort((a, b) => a.offset - b.offset)[0];
    const input = { file, filePath: vscode.workspace.asRelativePath(document.uri, false), languageId: document.languageId, text: document.getText(), cursor: first.offset + first.text.length, version: document.version };
    const verdict = this.deps.gate.peek(document.uri);
    if (verdict === undefined) {
      // The first edit of a document the gate has not judged yet: predict once it says yes.
      void this.deps.gate.check(document.uri).then((v) => {
        if (!v.allowed || document.version !== input.version) return;
        this.engine.noteOpen(file, input.text);
        void this.engine.schedule(input);
      });
      return;
    }
    if (!verdict.allowed) return this.forget(file);
    if (this.engine.history.text(file) === undefined) {
      this.engine.noteOpen(file, input.text);
      void this.engine.schedule(input);
      return;
    }
    if (this.engine.noteEdit(file, changes)) void this.engine.schedule(input);
  }

  private forget(file: string): void {
    this.engine.dismiss(file);
    this.engine.history.forget(file);
  }

  private onSuggestionChanged(file: string): void {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.uri.toString() !== file) return;
    this.redraw(editor);
    const suggestion = this.engine.suggestion(file);
    const cursor = editor.document.offsetAt(editor.selection.active);
    // A hunk right at the cursor is ghost text: ask the editor to fetch it now.
    if (suggestion?.hunks.some((h) => h.oldText === '' && h.offset === cursor)) {
      const trigger = () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      void (this.deps.ownTriggers ? this.deps.ownTriggers.run(editor.document, trigger) : trigger());
    }
  }

  redraw(editor: vscode.TextEditor | undefined): void {
    if (editor !== vscode.window.activeTextEditor) return;
    this.view.render(editor, editor && this.engine.suggestion(editor.document.uri.toString())?.hunks);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.engine.dispose();
  }
}
