// One real VS Code per spec file: a fresh profile and workspace, the packaged
// VSIX installed, fake endpoints in-process, code-server, and Chromium.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startFakeServer } from '../../fake-server/server';
import { saveFailureArtifacts } from './artifacts';
import {
  CHROMIUM_PATH,
  EXTENSION_ID,
  extensionActivationLine,
  extensionHostLogs,
  extensionVsix,
  findFiles,
  installExtensions,
  makeTempDir,
  startCodeServer,
  type CodeServer,
} from './codeServer';
import { killAllSync, waitUntil } from './processes';
import { writeUserSettings } from './settings';
import { Workbench } from './workbench';

export type FakeServer = Awaited<ReturnType<typeof startFakeServer>>;
export type FakeServerOptions = NonNullable<Parameters<typeof startFakeServer>[0]>;

export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface LaunchOptions<F extends string = string> {
  /** Files of the workspace folder, by relative path. */
  files?: Record<string, string>;
  /** Fake endpoints to start before VS Code, by a name of the scenario's choosing. */
  fakeServers?: Record<F, Partial<FakeServerOptions>>;
  /** User settings on top of the test profile; a function receives the started fake servers. */
  settings?: Record<string, unknown> | ((fake: Record<F, FakeServer>) => Record<string, unknown>);
  /** More VSIX files to install beside the extension under test. */
  extraVsix?: string[];
  /** Environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  /**
   * Workspace trust on (default off): the workspace folder is not trusted, so it opens in
   * Restricted Mode without asking.
   */
  workspaceTrust?: boolean;
  /** Wait until the extension host has begun activating Fast Inference (default true). */
  waitForActivation?: boolean;
  viewport?: { width: number; height: number };
}

export interface StartupTimings {
  installMs: number;
  codeServerMs: number;
  workbenchMs: number;
  activationMs: number;
}

let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAllSync();
      process.exit(130);
    });
  }
}

export class VsCodeSession<F extends string = string> {
  private closed = false;

  constructor(
    readonly workbench: Workbench,
    readonly page: Page,
    readonly browser: BrowserContext,
    readonly server: CodeServer,
    readonly fake: Record<F, FakeServer>,
    readonly dirs: { root: string; workspace: string; userData: string; extensions: string },
    readonly timings: StartupTimings,
  ) {}

  /** The extension's own output channel ("Fast Inference"), read from the log folder. */
  extensionOutput(): string {
    return findFiles(path.join(this.dirs.userData, 'logs'), (file) => file.includes(`${path.sep}${EXTENSION_ID}${path.sep}`))
      .map((file) => `== ${path.basename(file)}\n${fs.readFileSync(file, 'utf8')}`)
      .join('\n');
  }

  /** The extension hosts' own logs (activation, errors thrown by extensions). */
  extensionHostLog(): string {
    return extensionHostLogs(this.dirs.userData).map((file) => fs.readFileSync(file, 'utf8')).join('\n');
  }

  /** Screenshot, page HTML, code-server log, VS Code logs, fake server request logs. */
  async saveArtifacts(dir: string): Promise<void> {
    await saveFailureArtifacts(this, dir);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    await Promise.all(Object.values<FakeServer>(this.fake).map((s) => s.close().catch(() => undefined)));
    if (!process.env.FI_E2E_KEEP) fs.rmSync(this.dirs.root, { recursive: true, force: true });
  }
}

export async function launchVsCode<F extends string = string>(options: LaunchOptions<F> = {}): Promise<VsCodeSession<F>> {
  installExitHook();
  const root = makeTempDir('fi-e2e-');
  const dirs = {
    root,
    workspace: path.join(root, 'workspace'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  for (const [relative, text] of Object.entries(options.files ?? {})) {
    const file = path.join(dirs.workspace, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text as string);
  }

  const fake = {} as Record<F, FakeServer>;
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  try {
    for (const [name, fakeOptions] of Object.entries(options.fakeServers ?? {}) as [F, Partial<FakeServerOptions>][]) {
      fake[name] = await startFakeServer(fakeOptions as FakeServerOptions);
    }
    const settings = typeof options.settings === 'function' ? options.settings(fake) : options.settings ?? {};
    const trust = options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
    writeUserSettings(dirs.userData, { ...trust, ...settings });

    let mark = Date.now();
    installExtensions([extensionVsix(), ...(options.extraVsix ?? [])], { userDataDir: dirs.userData, extensionsDir: dirs.extensions });
    const installMs = Date.now() - mark;

    mark = Date.now();
    server = await startCodeServer({
      userDataDir: dirs.userData,
      extensionsDir: dirs.extensions,
      logFile: path.join(root, 'code-server.log'),
      env: options.env,
      workspaceTrust: options.workspaceTrust,
    });
    const codeServerMs = Date.now() - mark;

    mark = Date.now();
    browser = await chromium.launchPersistentContext(path.join(root, 'chromium'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: BROWSER_ARGS,
      viewport: options.viewport ?? { width: 1280, height: 800 },
    });
    // Functions passed to page.evaluate are compiled by tsx, which may wrap them in its `__name` helper.
    await browser.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((fn) => fn);' });
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${server.url}/?folder=${encodeURIComponent(dirs.workspace)}`);
    const workbench = new Workbench(page, dirs.workspace);
    await workbench.waitForWorkbench();
    const workbenchMs = Date.now() - mark;

    mark = Date.now();
    if (options.waitForActivation ?? true) {
      await waitUntil(() => extensionActivationLine(dirs.userData, EXTENSION_ID), {
        what: `the extension host to activate ${EXTENSION_ID}`,
        timeoutMs: 30000,
      });
    }
    const activationMs = Date.now() - mark;
    return new VsCodeSession(workbench, page, browser, server, fake, dirs, { installMs, codeServerMs, workbenchMs, activationMs });
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await Promise.all(Object.values<FakeServer>(fake).map((s) => s.close().catch(() => undefined)));
    if (!process.env.FI_E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Mocha glue for a spec file: one VS Code for all its tests, artifacts saved
 * under test-results/<test>/ when a test fails, everything closed after.
 */
export function useVsCode<F extends string = string>(options: LaunchOptions<F> = {}): () => VsCodeSession<F> {
  let session: VsCodeSession<F> | undefined;
  before(async function () {
    this.timeout(120000);
    session = await launchVsCode(options);
    const t = session.timings;
    console.log(`      (VS Code ready: install ${t.installMs} ms, code-server ${t.codeServerMs} ms, workbench ${t.workbenchMs} ms, activation ${t.activationMs} ms)`);
  });
  afterEach(async function () {
    const test = this.currentTest;
    if (session && test?.state === 'failed') {
      const dir = resultsDirFor(test.fullTitle());
      await session.saveArtifacts(dir).catch((err) => console.error(`Could not save artifacts: ${err}`));
      console.error(`      failure artifacts: ${path.relative(process.cwd(), dir)}`);
    }
  });
  after(async function () {
    this.timeout(30000);
    await session?.close();
  });
  return () => {
    if (!session) throw new Error('VS Code did not start (see the before-all hook failure)');
    return session;
  };
}

export function resultsDirFor(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
  return path.resolve(process.env.FI_E2E_RESULTS ?? 'test-results', slug);
}
