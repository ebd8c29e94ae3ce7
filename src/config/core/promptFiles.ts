// Applies the prompt policy to files on disk: resolves the real path of a file
// (and of the workspace folders) before `promptVerdict` judges it, so a link
// named `notes.txt` that points at `.env` is judged as `.env` too. The file
// system is injected (`realpath`), so tests can use a real folder or a stand-in.
import type { InvalidGlob } from '../../shared/globs';
import { promptExclusions, promptVerdict, type PromptVerdict, type WorkspaceFolderPaths } from './promptPolicy';

export type RealPath = (path: string) => Promise<string>;

export class PromptFileGate {
  private exclusions = promptExclusions([]);
  private folders: Promise<WorkspaceFolderPaths[]> = Promise.resolve([]);
  /** Malformed globs already returned by {@link setExcludeGlobs}, so each is reported once. */
  private readonly reported = new Set<string>();

  constructor(private readonly realpath: RealPath) {}

  private async resolve(path: string): Promise<string | undefined> {
    try {
      return await this.realpath(path);
    } catch {
      return undefined;
    }
  }

  /** The workspace folders' paths (file system paths of `file` folders only). */
  setFolders(paths: readonly string[]): void {
    this.folders = Promise.all(paths.map(async (path) => ({ path, realPath: await this.resolve(path) })));
  }

  /** The user's exclude globs; returns the malformed ones not returned before (they are left out). */
  setExcludeGlobs(globs: readonly string[]): InvalidGlob[] {
    this.exclusions = promptExclusions(globs);
    const fresh = this.exclusions.invalid.filter((bad) => !this.reported.has(bad.glob));
    for (const bad of fresh) this.reported.add(bad.glob);
    return fresh;
  }

  /** True when a workspace-relative path matches a secret pattern or an exclude glob (for entries checked before the globs changed). */
  excludes(relativePath: string): boolean {
    return this.exclusions.matches(relativePath);
  }

  /** Judges a document: `path` is the file system path of a `file` document, the name of an untitled one. */
  async verdict(scheme: string, path: string): Promise<PromptVerdict> {
    const exclusions = this.exclusions;
    const realPath = scheme === 'file' ? await this.resolve(path) : undefined;
    return promptVerdict({ scheme, path, realPath }, await this.folders, exclusions);
  }
}
