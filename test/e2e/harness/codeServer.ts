// code-server (the VS Code server build from npm): installing it, packaging
// and installing the extension, and starting one server per test session.
// FI_CODE_SERVER=min|newest picks the release (see install-code-server.sh).
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { killTree, spawnLogged, waitUntil } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CHROMIUM_PATH = process.env.FI_CHROMIUM ?? '/usr/bin/chromium';
export const EXTENSION_ID = 'fast-inference.fast-inference';
const INSTALL_SCRIPT = path.join(REPO_ROOT, 'test', 'e2e', 'install-code-server.sh');

/** Which code-server release the suites run on: FI_CODE_SERVER=min|newest (default newest). */
export function codeServerChoice(): string {
  return process.env.FI_CODE_SERVER || 'newest';
}

/** Runs the idempotent install script (fast once installed) and returns code-server's entry file. */
export function ensureCodeServer(): string {
  const dir = execFileSync('bash', [INSTALL_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FI_CODE_SERVER: codeServerChoice() } })
    .trim()
    .split('\n')
    .pop() as string;
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) throw new Error(`code-server entry not found at ${entry} after install`);
  // Each release runs on the Node it was built for (its native modules are built for it).
  const node = path.join(dir, 'bin', 'node');
  installed = { entry, node: fs.existsSync(node) ? node : process.execPath };
  return entry;
}

let installed: { entry: string; node: string } | undefined;
export function codeServerEntryPath(): string {
  return installed?.entry ?? ensureCodeServer();
}

/** The Node binary that runs code-server. */
export function codeServerNode(): string {
  if (!installed) ensureCodeServer();
  return (installed as { node: string }).node;
}

/** "code-server 4.139.1 (VS Code 1.139.1)", read from the installed package. */
export function codeServerDescription(): string {
  const entry = codeServerEntryPath();
  const root = path.resolve(entry, '..', '..', '..');
  const own = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const code = JSON.parse(fs.readFileSync(path.join(root, 'lib', 'vscode', 'package.json'), 'utf8')) as { version: string };
  return `code-server ${own.version} (VS Code ${code.version})`;
}

let packaged: string | undefined;
/**
 * The VSIX under test, packaged once per run. The runner packages before
 * mocha starts and passes the file in FI_E2E_VSIX; a spec run on its own
 * packages here.
 */
export function extensionVsix(): string {
  const given = process.env.FI_E2E_VSIX;
  if (given && fs.existsSync(given)) return given;
  if (packaged) return packaged;
  packaged = packageVsix();
  process.env.FI_E2E_VSIX = packaged;
  return packaged;
}

export function packageVsix(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const result = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run package failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const vsix = path.join(REPO_ROOT, `fast-inference-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  return vsix;
}

/** Installs VSIX files the way a user does, with `--install-extension`. */
export function installExtensions(vsixFiles: string[], dirs: { userDataDir: string; extensionsDir: string }): void {
  const args = [codeServerEntryPath(), '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir,
    '--config', path.join(dirs.userDataDir, 'config.yaml'), '--force'];
  for (const vsix of vsixFiles) args.push('--install-extension', vsix);
  const result = spawnSync(codeServerNode(), args, { encoding: 'utf8', env: serverEnv({}) });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0 || /Failed Installing|error/i.test(result.stderr)) {
    throw new Error(`Installing ${vsixFiles.join(', ')} failed (${result.status}):\n${output}`);
  }
  for (const vsix of vsixFiles) {
    if (!output.includes(`'${path.basename(vsix)}' was successfully installed`)) {
      throw new Error(`code-server did not confirm installing ${path.basename(vsix)}:\n${output}`);
    }
  }
}

/** The environment for code-server and so for its extension hosts. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A parent VS Code's variables would make the server talk to that window.
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface CodeServer {
  url: string;
  port: number;
  logFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startCodeServer(options: {
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Keep workspace trust on, so an untrusted folder opens in Restricted Mode. */
  workspaceTrust?: boolean;
}): Promise<CodeServer> {
  const args = [
    codeServerEntryPath(),
    '--auth', 'none',
    // Port 0: the system picks a free port and code-server prints it.
    '--bind-addr', '127.0.0.1:0',
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
    '--config', path.join(options.userDataDir, 'config.yaml'),
    '--disable-telemetry',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-update-check',
    '--disable-getting-started-override',
  ];
  const child = spawnLogged(codeServerNode(), args, { logFile: options.logFile, env: serverEnv(options.env ?? {}) });
  let exited: string | undefined;
  child.once('exit', (code, sig) => (exited = `code-server exited (${code ?? sig})`));
  const port = await waitUntil(
    () => {
      if (exited) throw new Error(exited);
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(readIfExists(options.logFile));
      return match ? Number(match[1]) : undefined;
    },
    { what: 'code-server to listen', timeoutMs: options.timeoutMs ?? 30000, describe: () => tail(options.logFile) },
  ).catch(async (err) => {
    await killTree(child);
    throw err;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logFile: options.logFile,
    process: child,
    stop: () => killTree(child),
  };
}

export function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tail(file: string, lines = 15): string {
  return readIfExists(file).split('\n').slice(-lines).join('\n');
}

/** The log files of the extension hosts under a user-data-dir. */
export function extensionHostLogs(userDataDir: string): string[] {
  return findFiles(path.join(userDataDir, 'logs'), (file) => ['remoteexthost.log', 'exthost.log'].includes(path.basename(file)));
}

export function findFiles(dir: string, keep: (file: string) => boolean): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, keep);
    return keep(full) ? [full] : [];
  });
}

/** Whether any extension host of this server has begun activating `extensionId`. */
export function extensionActivationLine(userDataDir: string, extensionId: string): string | undefined {
  const needle = `_doActivateExtension ${extensionId},`;
  for (const log of extensionHostLogs(userDataDir)) {
    const line = readIfExists(log).split('\n').find((l) => l.includes(needle));
    if (line) return line;
  }
  return undefined;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
