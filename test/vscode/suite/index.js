// Entry point for @vscode/test-electron (`--extensionTestsPath`) and the
// "Extension Tests" launch configuration: bundles the suite when the runner did
// not, then runs it in this extension host.
'use strict';
const path = require('node:path');
const { runSuite } = require('../host/runSuite');
const { bundleSuite } = require('../bundleSuite');

module.exports.run = async function run() {
  let file = process.env.FI_VSCODE_SUITE;
  if (!file) {
    file = path.resolve(__dirname, '..', '..', '..', 'out', 'vscode-suite', 'suite.js');
    bundleSuite(file);
  }
  const results = await runSuite({ Mocha: require('mocha'), file, grep: process.env.FI_VSCODE_GREP });
  if (results.failures.length > 0) throw new Error(`${results.failures.length} of the API tests failed`);
  if (results.passes.length === 0) throw new Error('no API test ran');
};
