// Decides which files may be attached to a chat prompt. The secret globs are
// always applied, whatever the user's exclude list says: a `.env` file never
// reaches an endpoint from the chat panel. Matching is the completion engine's
// (src/shared/globs.ts), so both exclude the same files.
import { SECRET_FILE_GLOBS } from '../../config/core/settings';
import { GlobSet } from '../../shared/globs';

let cached: { key: string; set: GlobSet } | undefined;

/**
 * True when the file must never be attached: it matches a secret glob or one of the
 * user's exclude globs. Globs without a `/` match the file name in any folder.
 */
export function isSecretFile(path: string, excludeGlobs: readonly string[] = []): boolean {
  const key = excludeGlobs.join('\u0000');
  if (cached?.key !== key) cached = { key, set: new GlobSet([...SECRET_FILE_GLOBS, ...excludeGlobs]) };
  return cached.set.matches(path);
}
