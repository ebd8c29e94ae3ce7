// Glob matching for `completions.excludeGlobs`: `**`, `*`, `?`, `{a,b}` and
// `[…]`, matched case-insensitively (a `.ENV` is as secret as a `.env`) against
// the workspace-relative path and the absolute path with forward slashes.

function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

export function globToRegExp(glob: string): RegExp {
  let out = '';
  let inGroup = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of folders, including none.
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '{') {
      inGroup++;
      out += '(?:';
    } else if (ch === '}' && inGroup > 0) {
      inGroup--;
      out += ')';
    } else if (ch === ',' && inGroup > 0) {
      out += '|';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) {
        out += '\\[';
      } else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else {
      out += escape(ch);
    }
  }
  return new RegExp(`^${out}$`, 'i');
}

/** Matches file paths against a list of globs; built once per settings change. */
export class GlobSet {
  private readonly patterns: RegExp[];

  constructor(globs: readonly string[]) {
    this.patterns = globs.filter((g) => g.trim() !== '').map((g) => globToRegExp(g.trim().replace(/\\/g, '/')));
  }

  /** True when any glob matches the path, given as absolute and/or workspace-relative. */
  matches(...paths: Array<string | undefined>): boolean {
    for (const raw of paths) {
      if (!raw) continue;
      const path = raw.replace(/\\/g, '/');
      const bare = path.replace(/^\/+/, '');
      if (this.patterns.some((p) => p.test(path) || p.test(bare))) return true;
    }
    return false;
  }
}
