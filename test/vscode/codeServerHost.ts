// Runs the API-level suite (test/vscode/suite) inside code-server's extension
// host: the suite is bundled into a test-only companion extension that is
// installed beside the packaged VSIX and reports through a results file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchVsCode, waitUntil } from '../e2e/harness';
import { REPO_ROOT, makeTempDir } from '../e2e/harness/codeServer';
const { bundleSuite } = require('./bundleSuite') as { bundleSuite: (outFile: string) => string[] };

interface SuiteResults {
  done: boolean;
  error?: string;
  passes: { title: string; durationMs: number }[];
  failures: { title: string; message: string; stack: string }[];
  pending: { title: string }[];
  durationMs: number;
}

/** Packages the companion extension with the bundled suite inside; returns the VSIX path. */
function packageSuiteHost(staging: string): string {
  const hostDir = path.join(__dirname, 'host');
  for (const file of ['package.json', 'extension.js', 'runSuite.js']) {
    fs.copyFileSync(path.join(hostDir, file), path.join(staging, file));
  }
  fs.writeFileSync(path.join(staging, 'README.md'), 'Test-only companion extension for the Fast Inference API suite.\n');
  bundleSuite(path.join(staging, 'suite.js'));
  const vsix = path.join(staging, 'suite-host.vsix');
  const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: staging,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`packaging the suite host failed:\n${result.stdout}\n${result.stderr}`);
  return vsix;
}

function report(results: SuiteResults): void {
  for (const pass of results.passes) console.log(`  ✔ ${pass.title} (${pass.durationMs ?? 0} ms)`);
  for (const pending of results.pending) console.log(`  - ${pending.title} (pending)`);
  for (const [i, failure] of results.failures.entries()) {
    console.log(`  ${i + 1}) ${failure.title}\n     ${failure.stack || failure.message}`.replace(/\n/g, '\n     '));
  }
}

/** Returns the number of failed tests (a setup failure counts as one). */
export async function runSuiteInCodeServer(options: { grep?: string } = {}): Promise<{ passed: number; failed: number; pending: number }> {
  const staging = makeTempDir('fi-suite-host-');
  const resultsFile = path.join(staging, 'results.json');
  try {
    const vsix = packageSuiteHost(staging);
    const session = await launchVsCode({
      files: { 'sample.py': 'def add(a, b):\n    return a + b\n', 'README.md': '# sample workspace\n' },
      extraVsix: [vsix],
      env: {
        FI_VSCODE_SUITE: 'suite.js',
        FI_VSCODE_RESULTS: resultsFile,
        FI_VSCODE_MOCHA: require.resolve('mocha'),
        ...(options.grep ? { FI_VSCODE_GREP: options.grep } : {}),
      },
      waitForActivation: false,
    });
    try {
      const results = await waitUntil(
        () => (fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults) : undefined),
        { what: 'the API suite to finish in the extension host', timeoutMs: 180000, intervalMs: 250, describe: () => session.extensionHostLog().slice(-2000) },
      );
      if (results.error) throw new Error(`the suite could not run in the extension host:\n${results.error}`);
      report(results);
      if (results.failures.length > 0) {
        const dir = path.resolve(process.env.FI_E2E_RESULTS ?? 'test-results', 'vscode-api-suite');
        await session.saveArtifacts(dir);
        console.log(`  failure artifacts: ${path.relative(process.cwd(), dir)}`);
      }
      return { passed: results.passes.length, failed: results.failures.length, pending: results.pending.length };
    } finally {
      await session.close();
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
