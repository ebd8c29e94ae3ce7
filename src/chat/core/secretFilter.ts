// Decides which files may be attached to a chat prompt. The secret globs are
// always applied, whatever the user's exclude list says: a `.env` file never
// reaches an endpoint from the chat panel.
import { globToRegExp } from '../../completion/core/glob';
import { SECRET_FILE_GLOBS } from '../../config/core/settings';

const compiled = new Map<string, RegExp>();

/** Glob → RegExp, compiled once per glob (the completion engine's matcher, shared so both agree). */
function patternFor(glob: string): RegExp {
  let re = compiled.get(glob);
  if (!re) {
    re = globToRegExp(glob);
    compiled.set(glob, re);
  }
  return re;
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * True when the file must never be attached: it matches a secret glob or one of the
 * user's exclude globs. Globs without a `/` match the file name in any folder.
 */
export function isSecretFile(path: string, excludeGlobs: readonly string[] = []): boolean {
  const full = normalise(path);
  const name = full.slice(full.lastIndexOf('/') + 1);
  for (const glob of [...SECRET_FILE_GLOBS, ...excludeGlobs]) {
    const g = normalise(glob.trim());
    if (g === '') continue;
    if (!g.includes('/')) {
      if (patternFor(g).test(name)) return true;
      continue;
    }
    const re = patternFor(g);
    // Absolute paths match `**/x`; relative globs are tried against every suffix of the path.
    if (re.test(full)) return true;
    const parts = full.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (re.test(parts.slice(i).join('/'))) return true;
    }
  }
  return false;
}
