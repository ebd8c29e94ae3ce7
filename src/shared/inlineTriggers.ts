// Who asked the editor for inline suggestions. `editor.action.inlineSuggest.trigger` calls every
// inline provider with the Invoke trigger kind, whoever ran it: the user (Trigger Now, VS Code's
// own keybinding) or a feature of ours that wants its own ghost text shown now. A feature runs the
// trigger through `run`, and the providers' calls for that document until the editor's command
// finished (it waits for the providers' answers) are the extension's, not the user's.
//
// The document's version is deliberately not part of the check: on a busy machine the user's next
// key often reaches the editor between the feature's decision and the providers' call, so the
// call sees a newer version than the one the trigger was meant for.

export interface InlineTriggerDocument {
  readonly uri: { toString(): string };
}

export class OwnInlineTriggers {
  /** Triggers running now, by document. */
  private readonly running = new Map<string, number>();

  /** Runs the editor's inline trigger for this document; the Invoke calls it makes are ours. */
  async run<T>(document: InlineTriggerDocument, trigger: () => PromiseLike<T>): Promise<T> {
    const uri = document.uri.toString();
    this.running.set(uri, (this.running.get(uri) ?? 0) + 1);
    try {
      return await trigger();
    } finally {
      const left = (this.running.get(uri) ?? 1) - 1;
      if (left > 0) this.running.set(uri, left);
      else this.running.delete(uri);
    }
  }

  /** Whether an Invoke call for this document comes from a trigger `run` is waiting for. */
  isOwn(document: InlineTriggerDocument): boolean {
    return this.running.has(document.uri.toString());
  }
}
