// Decides which files may be attached to a chat prompt. The secret globs are
// always applied, whatever the user's exclude list says: a `.env` file never
// reaches an endpoint from the chat panel.
import { SECRET_FILE_GLOBS } from '../../config/core/settings';

const cache = new Map<string, RegExp>();

/** Converts a glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) to a regular expression over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches everything below.
        const slashAfter = glob[i + 2] === '/';
        out += slashAfter ? '(?:[^/]*/)*' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '{') {
      braceDepth++;
      out += '(?:';
    } else if (c === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (c === ',' && braceDepth > 0) {
      out += '|';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) {
        out += '\\[';
      } else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else {
      out += c.replace(/[.+^$()|\\/]/g, '\\$&');
    }
  }
  // Case-insensitive: excluding `.ENV` too is the safe mistake to make.
  const re = new RegExp(`^${out}$`, 'i');
  cache.set(glob, re);
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
      if (globToRegExp(g).test(name)) return true;
      continue;
    }
    const re = globToRegExp(g);
    // Absolute paths match `**/x`; relative globs are tried against every suffix of the path.
    if (re.test(full)) return true;
    const parts = full.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (re.test(parts.slice(i).join('/'))) return true;
    }
  }
  return false;
}
