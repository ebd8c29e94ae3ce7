// Test-only companion extension, never shipped. When FI_VSCODE_SUITE names a
// bundled mocha suite, it runs that suite inside this extension host after
// startup and writes the results to FI_VSCODE_RESULTS. This is how the
// API-level suite runs in code-server, which refuses --extensionTestsPath.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { runSuite } = require('./runSuite');

function writeResults(file, data) {
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(data, null, 2));
  fs.renameSync(temp, file); // the runner never reads a half-written file
}

module.exports.activate = function activate(context) {
  const suite = process.env.FI_VSCODE_SUITE;
  const resultsFile = process.env.FI_VSCODE_RESULTS;
  const mochaPath = process.env.FI_VSCODE_MOCHA;
  if (!suite || !resultsFile || !mochaPath) return;
  const file = path.isAbsolute(suite) ? suite : path.join(context.extensionPath, suite);
  setTimeout(() => {
    Promise.resolve()
      .then(() => runSuite({ Mocha: require(mochaPath), file, grep: process.env.FI_VSCODE_GREP }))
      .then((results) => writeResults(resultsFile, { done: true, ...results }))
      .catch((err) => writeResults(resultsFile, { done: true, error: String((err && err.stack) || err), passes: [], failures: [], pending: [] }));
  }, 0);
};

module.exports.deactivate = function deactivate() {};
