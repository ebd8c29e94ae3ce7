// What may enter a prompt: one decision for the completion context ring, the
// document being completed, chat chips and attachments and the Explain / Fix
// commands. Only untitled editors and files inside a workspace folder; never
// VS Code's own documents (settings, keybindings, output), never version
// control internals, never a file that matches a secret pattern or the user's
// exclusions. A link is judged twice: as opened and as the file it points to.
import { GlobSet } from '../../shared/globs';

/**
 * Files whose text is never read into a prompt nor attached to chat, whatever
 * `completions.excludeGlobs` says. Globs are matched against the path inside the workspace
 * folder; one without a `/` matches the file name in any folder.
 */
export const SECRET_FILE_GLOBS = [
  // Environment files: `.env`, `.env.local`, `.envrc`, `.env_prod`, `.env~`, `prod.env`.
  '**/.env*',
  '**/*.env',
  // Keys and certificates.
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/*.jks',
  '**/*.keystore',
  '**/id_{rsa,dsa,ecdsa,ed25519}*',
  '**/id_{ecdsa,ed25519}_sk*',
  '**/.ssh/**',
  '**/.gnupg/**',
  // Credential and token stores of tools.
  '**/credentials*',
  '**/secrets.*',
  '**/secrets',
  '**/.git-credentials',
  '**/.netrc',
  '**/_netrc',
  '**/.pgpass',
  '**/.pypirc',
  '**/.npmrc',
  '**/.yarnrc.yml',
  '**/.htpasswd',
  '**/.vault-token',
  '**/service-account*.json',
  '**/*.tfvars',
  '**/*.tfvars.json',
  '**/*.tfstate',
  '**/*.tfstate.*',
  '**/.aws/**',
  '**/.azure/**',
  '**/.kube/**',
  '**/.docker/config.json',
  '**/gh/hosts.yml',
  // VS Code's own settings and keybindings (other profiles' keys, other extensions' tokens).
  '**/User/settings.json',
  '**/User/keybindings.json',
  '**/User/profiles/*/settings.json',
  '**/User/profiles/*/keybindings.json',
];

/** Folders whose files are the tools' own records, never the user's code. */
const INTERNAL_FOLDERS = new Set(['.git', '.hg', '.svn']);

export type PromptRefusal =
  /** Not a file on disk nor an untitled editor: VS Code's settings, output, diff views, remote or virtual files. */
  | 'scheme'
  /** Outside every workspace folder (or no folder is open). */
  | 'outside-workspace'
  /** Under `.git/` (or another version control folder). */
  | 'version-control'
  /** Matches a built-in secret pattern or the user's `completions.excludeGlobs`. */
  | 'excluded'
  /** Its real path could not be found (deleted, unreadable, a dangling link). */
  | 'unresolved';

export type PromptVerdict = { allowed: true; relativePath: string } | { allowed: false; refusal: PromptRefusal; link?: boolean };

export interface PromptFile {
  scheme: string;
  /** The path as opened: the file system path of a `file` document, the name of an untitled one. */
  path: string;
  /** The file's real path (links resolved); undefined when it could not be resolved. */
  realPath: string | undefined;
}

export interface WorkspaceFolderPaths {
  path: string;
  /** The folder's real path, when it is (or lies below) a link. */
  realPath?: string;
}

/** Forward slashes, no trailing slash, a lower-case drive letter (`C:\a` and `c:/a` are the same folder). */
function normalise(path: string): string {
  const slashed = path.replace(/\\/g, '/').replace(/\/+$/, '');
  return /^[A-Za-z]:/.test(slashed) ? slashed[0]!.toLowerCase() + slashed.slice(1) : slashed;
}

/** `path` relative to the first folder that holds it, or undefined. */
function relativeTo(path: string, folders: readonly string[]): string | undefined {
  const p = normalise(path);
  for (const folder of folders) {
    const f = normalise(folder);
    if (f !== '' && p.startsWith(`${f}/`) && p.length > f.length + 1) return p.slice(f.length + 1);
  }
  return undefined;
}

/** Why a path inside the workspace (relative to its folder) may not be sent, or undefined when it may. */
function refusalFor(relativePath: string, exclusions: GlobSet): PromptRefusal | undefined {
  const segments = relativePath.split('/');
  if (segments.slice(0, -1).some((s) => INTERNAL_FOLDERS.has(s.toLowerCase()))) return 'version-control';
  if (exclusions.matches(relativePath)) return 'excluded';
  return undefined;
}

/**
 * Whether a document may enter a prompt, and the path to name it by there (relative to its
 * workspace folder, never absolute). `exclusions` holds the secret patterns and the user's
 * exclude globs (see {@link promptExclusions}).
 */
export function promptVerdict(file: PromptFile, folders: readonly WorkspaceFolderPaths[], exclusions: GlobSet): PromptVerdict {
  if (file.scheme === 'untitled') {
    return exclusions.matches(file.path) ? { allowed: false, refusal: 'excluded' } : { allowed: true, relativePath: file.path };
  }
  if (file.scheme !== 'file') return { allowed: false, refusal: 'scheme' };
  const folderPaths = folders.flatMap((f) => [f.path, f.realPath ?? f.path]);
  const asOpened = relativeTo(file.path, folderPaths);
  if (asOpened === undefined) return { allowed: false, refusal: 'outside-workspace' };
  const openedRefusal = refusalFor(asOpened, exclusions);
  if (openedRefusal) return { allowed: false, refusal: openedRefusal };
  if (file.realPath === undefined) return { allowed: false, refusal: 'unresolved' };
  // The file a link points to is judged on its own: inside a folder, and not a secret by its own name.
  const link = normalise(file.realPath) !== normalise(file.path);
  const target = relativeTo(file.realPath, folderPaths);
  if (target === undefined) return { allowed: false, refusal: 'outside-workspace', link };
  const targetRefusal = refusalFor(target, exclusions);
  if (targetRefusal) return { allowed: false, refusal: targetRefusal, link };
  return { allowed: true, relativePath: asOpened };
}

/** The built-in secret patterns plus the user's exclude globs; malformed globs end up in `invalid`. */
export function promptExclusions(excludeGlobs: readonly string[]): GlobSet {
  return new GlobSet([...new Set([...SECRET_FILE_GLOBS, ...excludeGlobs])]);
}

/** Says, for a message to the user, why a file is not sent. */
export function describeRefusal(verdict: Extract<PromptVerdict, { allowed: false }>): string {
  const through = verdict.link ? 'it is a link to a file that ' : '';
  switch (verdict.refusal) {
    case 'scheme':
      return 'it is not a file in the workspace (VS Code settings, output and virtual documents are never sent)';
    case 'outside-workspace':
      return `${through}${verdict.link ? 'lies' : 'it lies'} outside the workspace folders`;
    case 'version-control':
      return `${through}${verdict.link ? 'is' : 'it is'} inside a version control folder such as .git`;
    case 'excluded':
      return `${through}${verdict.link ? 'matches' : 'it matches'} a secret pattern or fastInference.completions.excludeGlobs`;
    case 'unresolved':
      return 'its real path could not be found';
  }
}
