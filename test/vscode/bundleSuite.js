// Bundles test/vscode/suite/**/*.test.ts into one CommonJS file that any
// extension host can load with plain `require` (`vscode` stays external so the
// host's module interception supplies the API).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const suiteDir = path.join(__dirname, 'suite');

function suiteFiles() {
  return fs
    .readdirSync(suiteDir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.ts'))
    .sort();
}

/** Writes the bundle to `outFile` and returns the test files it holds. */
function bundleSuite(outFile) {
  const files = suiteFiles();
  if (files.length === 0) throw new Error(`no *.test.ts files under ${suiteDir}`);
  require('esbuild').buildSync({
    stdin: {
      contents: files.map((file) => `require(${JSON.stringify('./' + file.split(path.sep).join('/'))});`).join('\n'),
      resolveDir: suiteDir,
      sourcefile: 'suite-entry.js',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    outfile: outFile,
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return files;
}

module.exports = { bundleSuite, suiteFiles };
