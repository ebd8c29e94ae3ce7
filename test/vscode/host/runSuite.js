// Runs a bundled mocha suite inside an extension host and collects the
// results as plain data, for the terminal (test-electron) or a results file
// (code-server).
'use strict';

/**
 * @param {{ Mocha: any, file: string, grep?: string, timeoutMs?: number, reporter?: string }} options
 * @returns {Promise<{ passes: object[], failures: object[], pending: object[], durationMs: number }>}
 */
function runSuite(options) {
  const mocha = new options.Mocha({
    ui: 'bdd',
    color: false,
    timeout: options.timeoutMs || 20000,
    reporter: options.reporter || 'spec',
    grep: options.grep || undefined,
  });
  // A second run in the same host must load the bundle afresh.
  delete require.cache[require.resolve(options.file)];
  mocha.addFile(options.file);
  const results = { passes: [], failures: [], pending: [], durationMs: 0 };
  const started = Date.now();
  return new Promise((resolve) => {
    // Synchronous loading goes through `require`, which the extension host intercepts for `vscode`.
    const runner = mocha.run(() => {
      results.durationMs = Date.now() - started;
      resolve(results);
    });
    runner.on('pass', (test) => results.passes.push({ title: test.fullTitle(), durationMs: test.duration }));
    runner.on('pending', (test) => results.pending.push({ title: test.fullTitle() }));
    runner.on('fail', (test, err) =>
      results.failures.push({
        title: test.fullTitle(),
        message: err && err.message ? String(err.message) : String(err),
        stack: err && err.stack ? String(err.stack) : '',
      }),
    );
  });
}

module.exports = { runSuite };
