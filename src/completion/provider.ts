// The VS Code adapter: an InlineCompletionItemProvider for every file that turns
// TextDocument/Position/CancellationToken into the engine's plain inputs, and
// `registerInlineCompletions`, which wires the provider, the editor events and
// the commands together.
import * as vscode from 'vscode';
import { stripControlCharacters } from '../shared/textHygiene';
import { registerCompletionCommands } from './commands';
import { lfOffset } from './core/text';
import type { CompletionInput } from './core/types';
import { registerEditorEvents } from './editorEvents';
import { InlineCompletions, type InlineCompletionDeps } from './inlineCompletions';

export type { InlineCompletionState } from './core/status';
export type { InlineCompletionDeps } from './inlineCompletions';
export { InlineCompletions } from './inlineCompletions';

/** Far more than any prompt uses; the engine cuts the prompt to its token budget. */
const PREFIX_WINDOW = 32_000;
const SUFFIX_WINDOW = 8_000;

/** Documents that are files a person edits (not output panes, SCM input, settings…); the prompt gate decides the rest. */
const SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell']);

/** The engine's view of a cursor: text around it with `\n` line breaks, and its offset on that scale. */
export function engineInput(document: vscode.TextDocument, position: vscode.Position, trigger: CompletionInput['trigger']): CompletionInput {
  const offset = document.offsetAt(position);
  const start = document.positionAt(Math.max(0, offset - PREFIX_WINDOW));
  const end = document.positionAt(offset + SUFFIX_WINDOW);
  const crlf = document.eol === vscode.EndOfLine.CRLF;
  const normalise = (text: string) => (crlf ? text.replace(/\r\n/g, '\n') : text);
  return {
    docKey: document.uri.toString(),
    version: document.version,
    offset: lfOffset(offset, position.line, crlf),
    prefix: normalise(document.getText(new vscode.Range(start, position))),
    suffix: normalise(document.getText(new vscode.Range(position, end))),
    languageId: document.languageId,
    filePath: vscode.workspace.asRelativePath(document.uri, false),
    trigger,
  };
}

export class FastInferenceCompletionProvider implements vscode.InlineCompletionItemProvider {
  constructor(private readonly completions: InlineCompletions) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionList | undefined> {
    // Invoke: the user asked (the Trigger Now command or VS Code's own keybinding), unless the
    // extension ran the trigger itself to show a next edit's ghost text.
    const manual = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke && !this.completions.isOwnTrigger(document);
    if (!SCHEMES.has(document.uri.scheme) || !this.completions.allows(document, manual)) return undefined;
    // Known from when the editor was entered; only a document never seen before waits for the disk.
    const verdict = this.completions.gate.peek(document.uri) ?? (await this.completions.gate.check(document.uri));
    if (!verdict.allowed || token.isCancellationRequested) return undefined;
    // The first keystroke after a pause: the handshake overlaps the debounce, not the request.
    this.completions.warmConnection();
    // The editor cancels this call on the next keystroke. That only ends this call's wait:
    // the engine decides itself whether the stream behind it is still wanted.
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      // Synchronous once the engine is built: a stale stream is closed in this call, before anything is awaited.
      const suggestion = await this.completions.provide(engineInput(document, position, manual ? 'manual' : 'automatic'), controller.signal);
      if (!suggestion || token.isCancellationRequested) return undefined;
      // The last step before the editor: no ESC or other control byte is ever written into the file.
      const text = stripControlCharacters(suggestion.text);
      if (text === '') return undefined;
      // Always an explicit range: without one, ghost text after a partial word did not show (VS Code 1.100).
      const range = new vscode.Range(position, position.translate(0, suggestion.replaceLength));
      return new vscode.InlineCompletionList([new vscode.InlineCompletionItem(text, range)]);
    } finally {
      subscription.dispose();
    }
  }
}

/**
 * Registers inline completions for all files, the editor event feeds and the
 * Toggle / Snooze… / Trigger Now commands. The returned object owns all of them
 * (disposing it unregisters them); it is the status source for the status bar
 * (`status`, `onDidChange`) and also exposes the full `state` with `onDidChangeState`.
 */
export function registerInlineCompletions(context: vscode.ExtensionContext, deps: InlineCompletionDeps): InlineCompletions {
  const completions = new InlineCompletions(deps, context.globalState);
  const provider = new FastInferenceCompletionProvider(completions);
  completions.holdUntilDisposed(
    vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, provider),
    registerEditorEvents(completions),
    registerCompletionCommands(completions, deps.settings),
  );
  // Build the engine now so the first keystroke does not wait for it.
  void completions.engineReady();
  return completions;
}
