/** Editor text attached to a prompt: a selection or a whole file. */
export interface ContextBlock {
  kind: 'selection' | 'file';
  /** Workspace-relative path shown to the model. */
  path: string;
  languageId: string;
  text: string;
  /** 1-based inclusive line range of a selection. */
  startLine?: number;
  endLine?: number;
}
