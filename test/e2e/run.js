#!/usr/bin/env node
// `npm run test:e2e [-- spec files…] [-- --grep PATTERN]`: installs code-server
// when missing, packages the VSIX once, runs test/e2e/specs/*.e2e.ts with mocha
// and ends with the count of tests passed and failed.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function parseArgs(argv) {
  const options = { specs: [], grep: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--grep' || argv[i] === '-g') options.grep = argv[++i];
    else options.specs.push(path.resolve(argv[i]));
  }
  if (options.specs.length === 0) {
    const dir = path.join(__dirname, 'specs');
    options.specs = fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.ts')).sort().map((f) => path.join(dir, f));
  }
  return options;
}

function step(label, fn) {
  const t = Date.now();
  const value = fn();
  console.log(`e2e: ${label} (${seconds(Date.now() - t)})`);
  return value;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  require('tsx/cjs');
  const { codeServerDescription, ensureCodeServer, packageVsix } = require('./harness/codeServer.ts');
  step('code-server ready', ensureCodeServer);
  const on = codeServerDescription();
  console.log(`e2e: on ${on}`);
  const vsix = step('packaged the VSIX', packageVsix);
  console.log(`e2e: ${path.basename(vsix)} is ${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB`);
  process.env.FI_E2E_VSIX = vsix;
  process.env.FI_E2E_RESULTS = process.env.FI_E2E_RESULTS || path.join(root, 'test-results');

  const Mocha = require('mocha');
  const mocha = new Mocha({ reporter: 'spec', timeout: 60000, slow: 15000, grep: options.grep });
  for (const spec of options.specs) mocha.addFile(spec);
  const failed = [];
  const runner = mocha.run((failures) => {
    const { passes = 0, pending = 0 } = runner.stats || {};
    reportFailures(failed, process.env.FI_E2E_RESULTS, on);
    console.log(`\ne2e (${on}): ${passes} passed, ${failures} failed${pending ? `, ${pending} pending` : ''} in ${seconds(Date.now() - started)}`);
    process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
    // Every session closes its servers and browser; this only guards against a leaked handle hanging CI.
    setTimeout(() => process.exit(), 2000).unref();
  });
  runner.on('fail', (test, err) => failed.push({ title: test.fullTitle(), error: firstLine(err) }));
}

function firstLine(err) {
  const text = String((err && (err.message || err)) || 'failed').trim();
  return text.split('\n')[0].slice(0, 300);
}

/**
 * Repeats the failed tests, one line each, after everything else (a long run's
 * failures are otherwise far above its last lines), and writes them to
 * test-results/e2e-failures-<version>.txt, which CI prints in its summary.
 */
function reportFailures(failed, resultsDir, on) {
  const file = path.join(resultsDir, `e2e-failures-${(process.env.FI_CODE_SERVER || 'newest').replace(/[^\w.-]/g, '_')}.txt`);
  fs.mkdirSync(resultsDir, { recursive: true });
  if (failed.length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  const lines = failed.map((f) => `[${on}] ${f.title}: ${f.error}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  console.log(`\ne2e: failed tests:\n${lines.map((l) => `  - ${l}`).join('\n')}`);
}

try {
  main();
} catch (err) {
  console.error(`e2e: ${err.message}`);
  console.log('e2e: 0 passed, 1 failed (setup)');
  process.exitCode = 1;
}
