// Footprint: what the extension costs a user's VS Code.
// - bundle sizes: dist/extension.js and dist/webview/* of the production build,
//   and the VSIX, all from one `npm run package`;
// - activation time in the real VS Code: the e2e harness installs that VSIX in
//   code-server, opens a workspace in headless Chromium, runs "Developer: Show
//   Running Extensions" and reads VS Code's own activation figure for Fast
//   Inference from that editor (median of the launches);
// - heap after 1,000 completions: the engine and provider layer in a Node
//   process with --expose-gc, against the fake server in its own process.
//
// `tsx bench/footprint.ts [--launches N] [--completions N] [--skip-activation] [--json]`
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchVsCode } from '../test/e2e/harness';
import { median } from './lib/stats';

const ROOT = path.join(__dirname, '..');

export interface FootprintResult {
  bundles: { extensionKiB: number; webview: Record<string, number>; vsixKiB: number; vsixFile: string };
  activation: { medianMs: number | null; runsMs: number[]; how: string; error?: string };
  heap:
    | { completions: number; requests: number; heapBeforeMiB: number; heapAfterMiB: number; growthMiB: number; idleMs: number; heapAfterIdleMiB: number; growthAfterIdleMiB: number; rssMiB: number }
    | { error: string };
}

const kib = (file: string) => Math.round((fs.statSync(file).size / 1024) * 10) / 10;

/** Packages the VSIX the way the e2e harness and users' installs get it. */
export function packageAndMeasure(): FootprintResult['bundles'] {
  const result = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run package failed:\n${result.stdout}\n${result.stderr}`);
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const vsixFile = path.join(ROOT, `fast-inference-${version}.vsix`);
  const webviewDir = path.join(ROOT, 'dist', 'webview');
  const webview: Record<string, number> = {};
  for (const name of fs.readdirSync(webviewDir).sort()) if (/\.(js|css)$/.test(name)) webview[name] = kib(path.join(webviewDir, name));
  // Written into the results, so relative to the checkout.
  return { extensionKiB: kib(path.join(ROOT, 'dist', 'extension.js')), webview, vsixKiB: kib(vsixFile), vsixFile: path.relative(ROOT, vsixFile) };
}

/** VS Code's own activation time for the extension, from its Running Extensions editor. */
async function activationOnce(vsix: string): Promise<number> {
  process.env.FI_E2E_VSIX = vsix;
  const session = await launchVsCode({ files: { 'main.ts': 'export const answer = 42;\n' } });
  try {
    await session.workbench.runCommand('Developer: Show Running Extensions');
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      const text = await session.page.evaluate(() => {
        const rows = [...document.querySelectorAll('.monaco-list-row')] as HTMLElement[];
        return rows.map((r) => r.innerText).find((t) => t.includes('Fast Inference') && /Activation/.test(t)) ?? '';
      });
      const m = /Activation:\s*([\d.]+)\s*ms/.exec(text);
      if (m) return Number(m[1]);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('Running Extensions did not show an activation time for Fast Inference');
  } finally {
    await session.close();
  }
}

function heapAfterCompletions(completions: number): Promise<FootprintResult['heap']> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'lib', 'heapChild.ts'), String(completions)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      resolve(code === 0 && last.startsWith('{') ? (JSON.parse(last) as FootprintResult['heap']) : { error: `exit ${code}: ${err.trim().split('\n').slice(-3).join(' ')}` });
    });
  });
}

export async function runFootprint(options: { launches: number; completions: number; skipActivation?: boolean }): Promise<FootprintResult> {
  const bundles = packageAndMeasure();
  const how = 'VS Code\'s "Running Extensions" figure in code-server (headless Chromium), median of launches';
  let activation: FootprintResult['activation'] = { medianMs: null, runsMs: [], how };
  if (!options.skipActivation) {
    try {
      for (let i = 0; i < options.launches; i++) activation.runsMs.push(await activationOnce(path.join(ROOT, bundles.vsixFile)));
      activation.medianMs = median(activation.runsMs);
    } catch (err) {
      activation = { ...activation, error: err instanceof Error ? err.message : String(err) };
    }
  }
  const heap = await heapAfterCompletions(options.completions);
  return { bundles, activation, heap };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const num = (flag: string, fallback: number) => (argv.includes(flag) ? Number(argv[argv.indexOf(flag) + 1]) : fallback);
  runFootprint({ launches: num('--launches', 3), completions: num('--completions', 1000), skipActivation: argv.includes('--skip-activation') }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
