#!/usr/bin/env node
// `npm run test:vscode [-- --host=auto|electron|code-server] [-- --grep PATTERN]`
// Runs the API-level suite (test/vscode/suite) inside a VS Code extension host:
// in VS Code downloaded by @vscode/test-electron when it can be downloaded, or
// else (or with --host=code-server) in code-server from npm.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const started = Date.now();

function parseArgs(argv) {
  const options = { host: process.env.FI_VSCODE_HOST || 'auto', grep: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--host=')) options.host = arg.slice('--host='.length);
    else if (arg === '--host') options.host = argv[++i];
    else if (arg === '--grep' || arg === '-g') options.grep = argv[++i];
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!['auto', 'electron', 'code-server'].includes(options.host)) throw new Error(`--host must be auto, electron or code-server, not ${options.host}`);
  return options;
}

function summary(passed, failed, host, pending = 0) {
  console.log(`\ntest:vscode (${host}): ${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

async function runInElectron(vscodeExecutablePath, options) {
  const { runTests } = require('@vscode/test-electron');
  const { bundleSuite } = require('./bundleSuite');
  execFileSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  const bundle = path.join(root, 'out', 'vscode-suite', 'suite.js');
  bundleSuite(bundle);
  const workspace = path.join(root, 'out', 'vscode-suite', 'workspace');
  require('node:fs').mkdirSync(workspace, { recursive: true });
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { FI_VSCODE_SUITE: bundle, ...(options.grep ? { FI_VSCODE_GREP: options.grep } : {}) },
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  let host = options.host;
  let vscodeExecutablePath;
  if (host !== 'code-server') {
    try {
      const { downloadAndUnzipVSCode } = require('@vscode/test-electron');
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version: process.env.FI_VSCODE_VERSION || 'stable', timeout: 20000 });
      host = 'electron';
    } catch (err) {
      if (host === 'electron') throw err;
      console.log(`test:vscode: VS Code could not be downloaded (${String(err.message || err).split('\n')[0]}); running the suite in code-server`);
      host = 'code-server';
    }
  }
  if (host === 'electron') {
    try {
      await runInElectron(vscodeExecutablePath, options);
      // The suite's own spec reporter printed each test; runTests rejects on any failure.
      console.log(`\ntest:vscode (electron): passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (err) {
      console.error(`test:vscode (electron): ${err.message || err}`);
      process.exitCode = 1;
    }
    return;
  }
  require('tsx/cjs');
  const { runSuiteInCodeServer } = require('./codeServerHost.ts');
  // FI_CODE_SERVER=min|newest picks the release, as for the e2e suite.
  const { codeServerDescription, ensureCodeServer } = require('../e2e/harness/codeServer.ts');
  ensureCodeServer();
  const on = codeServerDescription();
  console.log(`test:vscode: on ${on}`);
  const { passed, failed, pending } = await runSuiteInCodeServer({ grep: options.grep });
  summary(passed, failed, on, pending);
}

main()
  .catch((err) => {
    console.error(`test:vscode: ${err.stack || err}`);
    summary(0, 1, 'setup');
  })
  .finally(() => setTimeout(() => process.exit(), 2000).unref());
