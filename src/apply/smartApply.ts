// The VS Code side of Smart Apply and inline edit: reads the document, runs the
// pure apply (src/apply/core/run.ts), streams a model's rewrite into the diff,
// and hands the finished proposal to the diff preview for Accept / Reject.
// Stop (the progress notification's Cancel, or the command) aborts the request
// at the server; the file is only written when the user accepts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SettingsStore } from '../config/settingsStore';
import type { ChatRequest, GenerationStream } from '../providers/types';
import { systemClock } from '../shared/clock';
import type { Logger } from '../shared/log';
import type { ApplyPreview } from '../chat/applyPreview';
import { PromptGate } from '../config/promptGate';
import { splitText } from './core/lines';
import type { LineRange } from './core/place';
import { enclosingBlock } from './core/region';
import { runApply, type ApplyInput, type ApplyModel, type ApplyResult } from './core/run';
import { describeResult, describeStreaming } from './core/status';

/** What apply needs from the endpoint service (the EndpointService satisfies it). */
export interface ApplyEndpoints {
  clientFor(profileId: string): Promise<{
    readonly endpoint: { presetId: string; chatModel: string };
    streamChat(req: ChatRequest, signal: AbortSignal): GenerationStream;
  }>;
}

export interface SmartApplyDeps {
  settings: SettingsStore;
  endpoints: ApplyEndpoints;
  preview: ApplyPreview;
  /** What may enter a prompt: the same gate as completions and chat. */
  gate: PromptGate;
  log: Logger;
}

/** How often a streaming rewrite refreshes the diff. */
const REFRESH_MS = 50;

export class SmartApply implements vscode.Disposable {
  private running: AbortController | undefined;

  constructor(private readonly deps: SmartApplyDeps) {}

  /** The chat's Apply button: the selection is replaced as before; otherwise the block is placed where it belongs. */
  async applyBlock(editor: vscode.TextEditor, code: string): Promise<string> {
    if (!editor.selection.isEmpty) return this.deps.preview.propose(editor, code);
    const document = editor.document;
    const name = path.basename(document.uri.path) || 'Untitled';
    const result = await this.run(document, { block: code }, () => this.redo(document, code));
    return this.notice(result, name);
  }

  /** Inline edit: rewrite the selected lines (or the block around the cursor) by an instruction. */
  async inlineEdit(editor: vscode.TextEditor, instruction: string): Promise<ApplyResult> {
    const selection = editor.selection;
    const lastLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
    const range = selection.isEmpty ? enclosingBlock(splitText(editor.document.getText()).lines, selection.active.line) : { start: selection.start.line, end: lastLine };
    return this.edit(editor.document, instruction, range, editor.document.getText());
  }

  /** Rewrites `range` of `text` (the file, or the proposal of an edit being refined); the diff is against the file. */
  private edit(document: vscode.TextDocument, instruction: string, range: LineRange, text: string): Promise<ApplyResult> {
    const onRefine = () => this.refine(document, range, splitText(text).lines.length);
    return this.run(document, { instruction, range }, undefined, { original: text, onRefine });
  }

  /** A follow-up instruction: the edited lines of the proposal shown are rewritten again. */
  private async refine(document: vscode.TextDocument, range: LineRange, linesBefore: number): Promise<void> {
    const proposed = this.deps.preview.proposedText;
    if (proposed === undefined) return;
    const instruction = await vscode.window.showInputBox({
      title: 'Fast Inference: Refine the Edit',
      prompt: 'What else should change? The edited lines of the proposal are rewritten again; the file changes only when you accept.',
      placeHolder: 'e.g. also log the error, use a for loop instead',
      ignoreFocusOut: true,
    });
    if (!instruction?.trim() || this.deps.preview.proposedText !== proposed) return;
    // The edit may have added or removed lines: the region grows or shrinks with it.
    const end = Math.max(range.start, range.end + splitText(proposed).lines.length - linesBefore);
    await this.edit(document, instruction.trim(), { start: range.start, end }, proposed);
  }

  stop(): void {
    this.running?.abort();
  }

  private async redo(document: vscode.TextDocument, code: string): Promise<void> {
    const name = path.basename(document.uri.path);
    void vscode.window.showInformationMessage(`${name} changed after the diff was made: the change was placed again in the new text. Review it, then Accept or Reject.`);
    await this.run(document, { block: code }, () => this.redo(document, code));
  }

  private async run(
    document: vscode.TextDocument,
    what: Pick<ApplyInput, 'block' | 'instruction' | 'range'>,
    onStale?: () => Promise<void>,
    edit: { original?: string; onRefine?: () => Promise<void> } = {},
  ): Promise<ApplyResult> {
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const preview = this.deps.preview;
    const input: ApplyInput = {
      original: edit.original ?? document.getText(),
      path: vscode.workspace.asRelativePath(document.uri, false),
      languageId: document.languageId,
      ...what,
    };
    let modelName = '';
    let shown: Promise<void> | undefined;
    let lastRefresh = 0;
    const model = async (): Promise<ApplyModel> => {
      const settings = this.deps.settings.current;
      const client = await this.deps.endpoints.clientFor(settings.applyProfile || settings.chatProfile);
      modelName = client.endpoint.chatModel || 'the model';
      return { presetId: client.endpoint.presetId, streamChat: (req, signal) => client.streamChat(req, signal) };
    };
    const refusal = await this.modelRefusal(document);
    const work = runApply(input, {
      clock: systemClock,
      signal: controller.signal,
      model: refusal ? undefined : model,
      onProgress: (progress) => {
        const status = describeStreaming(modelName, progress.elapsedMs);
        if (!shown) shown = preview.show(document, progress.proposed, { streaming: true, status, onRefine: edit.onRefine });
        else if (progress.elapsedMs - lastRefresh >= REFRESH_MS) {
          lastRefresh = progress.elapsedMs;
          void shown.then(() => preview.update(progress.proposed, status));
        }
      },
    });
    const result = await this.withStopButton(work, controller, input.instruction !== undefined ? 'Editing' : 'Applying');
    if (this.running === controller) this.running = undefined;
    await shown;
    const status = describeResult(result, modelName);
    this.deps.log.info(`apply ${input.path}: ${result.status}, ${status}${result.reason ? ` (${result.reason})` : ''}`);
    if (result.status !== 'done') {
      if (shown) await preview.reject();
      const why = refusal && result.reason ? `${result.reason} ${refusal}` : result.error ?? 'failed';
      if (result.status === 'failed') void vscode.window.showWarningMessage(`Smart Apply: ${why} The file is unchanged.`);
      return result;
    }
    // A model's rewrite depends on the text it saw: after an edit it is refused, not redone.
    const stale = result.method === 'model' ? undefined : onStale;
    if (shown) await preview.update(result.proposed, status, true);
    else await preview.show(document, result.proposed, { status, onStale: stale, onRefine: edit.onRefine });
    return result;
  }

  /** Why this file may not go to a model, if it may not: the same rules as the chat's context. */
  private async modelRefusal(document: vscode.TextDocument): Promise<string | undefined> {
    const settings = this.deps.settings.current;
    if (!vscode.workspace.isTrusted && !settings.allowInRestrictedMode) {
      return 'A merge by the model needs the file, and this workspace is in Restricted Mode (see fastInference.allowInRestrictedMode).';
    }
    const verdict = await this.deps.gate.check(document.uri);
    if (!verdict.allowed) return `A merge by the model needs the file, and ${PromptGate.explain(verdict)}.`;
    return undefined;
  }

  /** A cancellable notification while a model works; its Cancel is Stop. Quick placements finish before it shows. */
  private withStopButton(work: Promise<ApplyResult>, controller: AbortController, verb: string): Promise<ApplyResult> {
    let settled = false;
    void work.finally(() => (settled = true));
    void Promise.resolve().then(() => {
      if (settled) return;
      void vscode.commands.executeCommand('setContext', 'fastInference.applyRunning', true);
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Fast Inference: ${verb} with the model…`, cancellable: true },
        async (_progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          await work.catch(() => undefined);
          void vscode.commands.executeCommand('setContext', 'fastInference.applyRunning', false);
        },
      );
    });
    return work;
  }

  private notice(result: ApplyResult, name: string): string {
    if (result.status === 'stopped') return `Apply stopped: ${name} is unchanged.`;
    if (result.status === 'failed') return `Apply failed: ${result.error ?? 'unknown error'}. ${name} is unchanged.`;
    if (result.hunks.length === 0) return `The code block is already in ${name}: nothing to change.`;
    return `Review the change to ${name}, then Accept or Reject.`;
  }

  dispose(): void {
    this.stop();
  }
}
