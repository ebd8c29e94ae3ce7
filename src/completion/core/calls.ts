// Tells apart the editor's calls: typing (the document changed), a cursor move
// (same version, another offset: VS Code calls on some moves) and a repeat of
// the same spot.

export type CallKind = 'edit' | 'move' | 'repeat';

export class CallTracker {
  private readonly last = new Map<string, { version: number; offset: number }>();
  private readonly changed = new Map<string, number>();

  /** The document changed to `version`. */
  noteChange(docKey: string, version: number): void {
    this.changed.set(docKey, version);
  }

  /** Classifies a call and remembers it as the latest for its document. */
  classify(call: { docKey: string; version: number; offset: number }): CallKind {
    const previous = this.last.get(call.docKey);
    this.last.set(call.docKey, { version: call.version, offset: call.offset });
    if (previous && previous.version === call.version) return previous.offset === call.offset ? 'repeat' : 'move';
    if (previous) return 'edit';
    // The first call in a document counts as typing only if a change to this version was seen.
    return this.changed.get(call.docKey) === call.version ? 'edit' : 'move';
  }

  /** The cursor is somewhere else than at the last call, with no edit since. */
  isMoveWithoutEdit(docKey: string, offset: number, version: number): boolean {
    const previous = this.last.get(docKey);
    return previous !== undefined && previous.version === version && previous.offset !== offset;
  }

  forget(docKey: string): void {
    this.last.delete(docKey);
    this.changed.delete(docKey);
  }
}
