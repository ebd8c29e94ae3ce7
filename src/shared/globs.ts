// Glob matching for `completions.excludeGlobs` and the secret-file patterns, one
// implementation for completions and chat so both agree on what is excluded:
// `**`, `*`, `?`, `{a,b}` and `[…]`, matched case-insensitively (a `.ENV` is as
// secret as a `.env`).
//
// A glob is compiled to a list of steps and matched by walking all live steps at
// once over the path (a Thompson-style simulation), so a match costs at most
// path length × glob length, whatever the glob: `**a**a**a**a**a**a**a**a**b`
// on a long name takes no longer than `*.b`. Regular expressions built from
// globs (as picomatch and minimatch build them) backtrack on such globs.

type Step =
  | { kind: 'char'; ch: string }
  /** `?`: any one character but `/`. */
  | { kind: 'one' }
  /** `*`: any run of characters but `/`, including none. */
  | { kind: 'star' }
  // `**`: any run of characters, `/` included. `skipTo`, when set, is where a `**/`
  // goes when it matches no folder at all.
  | { kind: 'globstar'; skipTo?: number }
  | { kind: 'class'; negated: boolean; ranges: Array<[string, string]> };

/** A brace group expands to at most this many alternatives; `{a,b}{c,d}…` past it is refused. */
const MAX_ALTERNATIVES = 64;

export class GlobError extends Error {}

/** The alternatives of the brace groups in `glob` (nested groups too). */
function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length && close < 0; i++) {
    const ch = glob[i];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) close = i;
    else if (ch === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) throw new GlobError('a "{" is never closed');
  const head = glob.slice(0, open);
  const bounds = [open, ...commas, close];
  const tails = expandBraces(glob.slice(close + 1));
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    for (const option of expandBraces(glob.slice(bounds[k]! + 1, bounds[k + 1]))) {
      for (const tail of tails) {
        out.push(head + option + tail);
        if (out.length > MAX_ALTERNATIVES) throw new GlobError(`its braces expand to more than ${MAX_ALTERNATIVES} alternatives`);
      }
    }
  }
  return out;
}

/** Parses `[…]` starting at `glob[start]`; returns the step and the index of its `]`. */
function parseClass(glob: string, start: number): { step: Step; end: number } {
  let i = start + 1;
  const negated = glob[i] === '!' || glob[i] === '^';
  if (negated) i++;
  const ranges: Array<[string, string]> = [];
  // A `]` right after the opening bracket is a member, as in shells.
  for (let first = true; i < glob.length && (glob[i] !== ']' || first); first = false) {
    const lo = glob[i]!;
    if (glob[i + 1] === '-' && i + 2 < glob.length && glob[i + 2] !== ']') {
      const hi = glob[i + 2]!;
      if (hi < lo) throw new GlobError(`the range "${lo}-${hi}" runs backwards`);
      ranges.push([lo, hi]);
      i += 3;
    } else {
      ranges.push([lo, lo]);
      i += 1;
    }
  }
  if (i >= glob.length) throw new GlobError('a "[" is never closed');
  return { step: { kind: 'class', negated, ranges }, end: i };
}

function parseSteps(glob: string): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      let end = i;
      while (glob[end + 1] === '*') end++;
      if (end === i) {
        steps.push({ kind: 'star' });
      } else if (glob[end + 1] === '/') {
        // `**` then `/`: any number of folders, including none (then the `/` is skipped too).
        steps.push({ kind: 'globstar', skipTo: steps.length + 2 }, { kind: 'char', ch: '/' });
        end++;
      } else {
        steps.push({ kind: 'globstar' });
      }
      i = end;
    } else if (ch === '?') {
      steps.push({ kind: 'one' });
    } else if (ch === '[') {
      const { step, end } = parseClass(glob, i);
      steps.push(step);
      i = end;
    } else {
      steps.push({ kind: 'char', ch });
    }
  }
  return steps;
}

function inClass(step: Extract<Step, { kind: 'class' }>, ch: string): boolean {
  if (ch === '/') return false;
  return step.ranges.some(([lo, hi]) => ch >= lo && ch <= hi) !== step.negated;
}

/** One alternative of a glob, matched in time linear in the path's length. */
class StepMatcher {
  /** closures[i]: step i and every step reachable from it without reading a character (step `n` = the end). */
  private readonly closures: Int32Array[];
  private readonly n: number;

  constructor(private readonly steps: readonly Step[]) {
    this.n = steps.length;
    this.closures = [];
    for (let i = 0; i <= this.n; i++) this.closures.push(Int32Array.from(this.closure(i)));
  }

  private closure(from: number): number[] {
    const seen = new Set<number>();
    const visit = (i: number): void => {
      for (; i <= this.n && !seen.has(i); i++) {
        seen.add(i);
        const step = this.steps[i];
        if (!step) return;
        if (step.kind === 'globstar' && step.skipTo !== undefined) visit(step.skipTo);
        if (step.kind !== 'star' && step.kind !== 'globstar') return;
      }
    };
    visit(from);
    return [...seen];
  }

  /** The step a live step moves to on `ch`, or -1. */
  private advance(i: number, ch: string): number {
    const step = this.steps[i];
    if (!step) return -1;
    switch (step.kind) {
      case 'char':
        return step.ch === ch ? i + 1 : -1;
      case 'one':
        return ch !== '/' ? i + 1 : -1;
      case 'class':
        return inClass(step, ch) ? i + 1 : -1;
      case 'star':
        return ch !== '/' ? i : -1;
      case 'globstar':
        return i;
    }
  }

  test(path: string): boolean {
    const size = this.n + 1;
    // Two state lists swapped per character; marks[i] === stamp: step i is already in the list being built.
    let live = new Int32Array(size);
    let next = new Int32Array(size);
    const marks = new Int32Array(size);
    let stamp = 1;
    let count = 0;
    const first = this.closures[0]!;
    for (let c = 0; c < first.length; c++) {
      marks[first[c]!] = stamp;
      live[count++] = first[c]!;
    }
    for (let p = 0; p < path.length && count > 0; p++) {
      const ch = path[p]!;
      stamp++;
      let nextCount = 0;
      for (let k = 0; k < count; k++) {
        const target = this.advance(live[k]!, ch);
        if (target < 0 || marks[target] === stamp) continue;
        const closure = this.closures[target]!;
        for (let c = 0; c < closure.length; c++) {
          const s = closure[c]!;
          if (marks[s] === stamp) continue;
          marks[s] = stamp;
          next[nextCount++] = s;
        }
      }
      const swap = live;
      live = next;
      next = swap;
      count = nextCount;
    }
    for (let k = 0; k < count; k++) if (live[k] === this.n) return true;
    return false;
  }
}

/** A compiled glob: `test` matches a whole path (with `/` separators), ignoring case. */
export interface CompiledGlob {
  readonly source: string;
  test(path: string): boolean;
}

/** Compiles one glob; throws a {@link GlobError} saying what is wrong with a malformed one. */
export function compileGlob(glob: string): CompiledGlob {
  const alternatives = expandBraces(glob.toLowerCase()).map((g) => new StepMatcher(parseSteps(g)));
  return { source: glob, test: (path) => alternatives.some((m) => m.test(path.toLowerCase())) };
}

export interface InvalidGlob {
  glob: string;
  reason: string;
}

/** Matches file paths against a list of globs; built once per settings change. Malformed globs are left out and listed in `invalid`. */
export class GlobSet {
  private readonly patterns: { glob: CompiledGlob; nameOnly: boolean }[] = [];
  readonly invalid: InvalidGlob[] = [];

  constructor(globs: readonly string[]) {
    for (const raw of globs) {
      const g = raw.trim().replace(/\\/g, '/');
      if (g === '') continue;
      try {
        this.patterns.push({ glob: compileGlob(g), nameOnly: !g.includes('/') });
      } catch (err) {
        if (!(err instanceof GlobError)) throw err;
        this.invalid.push({ glob: raw, reason: err.message });
      }
    }
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
      for (const { glob, nameOnly } of this.patterns) {
        if (nameOnly ? glob.test(name) : glob.test(`/${tails[0]}`) || tails.some((t) => glob.test(t))) return true;
      }
    }
    return false;
  }
}
