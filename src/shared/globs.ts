// Glob matching for `completions.excludeGlobs` and the secret-file patterns, one
// implementation for completions and chat so both agree on what is excluded:
// `**`, `*`, `?`, `{a,b}` and `[…]`, matched case-insensitively (a `.ENV` is as
// secret as a `.env`).

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
  private readonly patterns: { re: RegExp; nameOnly: boolean }[];

  constructor(globs: readonly string[]) {
    this.patterns = globs
      .map((g) => g.trim().replace(/\\/g, '/'))
      .filter((g) => g !== '')
      .map((g) => ({ re: globToRegExp(g), nameOnly: !g.includes('/') }));
  }

  /**
   * True when any glob matches one of the paths (absolute and/or workspace-relative, either
   * slash). A glob without a `/` matches the file name in any folder; any other glob matches
   * the whole path or any tail of it, so `certs/*.pem` catches `/home/me/app/certs/a.pem`.
   */
  matches(...paths: Array<string | undefined>): boolean {
    for (const raw of paths) {
      if (!raw) continue;
      const parts = raw.replace(/\\/g, '/').split('/').filter((p) => p !== '');
      if (parts.length === 0) continue;
      const name = parts[parts.length - 1]!;
      const tails = parts.map((_, i) => parts.slice(i).join('/'));
      for (const { re, nameOnly } of this.patterns) {
        if (nameOnly ? re.test(name) : re.test(`/${tails[0]}`) || tails.some((t) => re.test(t))) return true;
      }
    }
    return false;
  }
}
