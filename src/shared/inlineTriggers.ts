// Who asked the editor for inline suggestions. `editor.action.inlineSuggest.trigger` calls every
// inline provider with the Invoke trigger kind, whoever ran it: the user (Trigger Now, VS Code's
// own keybinding) or a feature of ours that wants its own ghost text shown now. A feature that
// runs it marks the document first, so the other providers do not take the call for the user's.

export interface InlineTriggerDocument {
  readonly uri: { toString(): string };
  readonly version: number;
}

export class OwnInlineTriggers {
  private marked: { uri: string; version: number } | undefined;

  /** The extension is about to ask the editor for inline suggestions in this document, as it is now. */
  mark(document: InlineTriggerDocument): void {
    this.marked = { uri: document.uri.toString(), version: document.version };
  }

  /** Whether an Invoke call for this document came from `mark` (the same document, not edited since). */
  isOwn(document: InlineTriggerDocument): boolean {
    const marked = this.marked;
    if (!marked) return false;
    if (marked.uri === document.uri.toString() && marked.version === document.version) return true;
    // The mark is stale once its document changed or another one is asked about.
    this.marked = undefined;
    return false;
  }
}
