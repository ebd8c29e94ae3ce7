#!/usr/bin/env node
// `npm run test:stress [-- --runs N] [-- --e2e M] [-- --load K]`: the suites on a loaded
// machine. Starts K CPU-bound background processes (default 2: `node -e 'for(;;){}'`), runs
// `npm test` N times in a row (default 10), then `npm run test:e2e` M times (default 0), stops
// the load and prints how many runs passed. Each run's output goes to
// test-results/stress/<suite>-<i>.log; a failing run's tail is printed as well.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const logDir = path.join(root, 'test-results', 'stress');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function parseArgs(argv) {
  const options = { runs: 10, e2e: 0, load: 2 };
  for (let i = 0; i < argv.length; i++) {
    const key = { '--runs': 'runs', '--e2e': 'e2e', '--load': 'load' }[argv[i]];
    const n = Number(argv[i + 1]);
    if (!key || !Number.isInteger(n) || n < 0) throw new Error(`usage: npm run test:stress -- [--runs N] [--e2e M] [--load K] (got ${argv.slice(i, i + 2).join(' ')})`);
    options[key] = n;
    i++;
  }
  return options;
}

function startLoad(count) {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

/** The suite run in progress, if any. */
const running = new Set();

function stopLoad(load) {
  for (const child of load) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const child of running) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** Runs `npm run <script>` with its output in a log file; resolves with passed and seconds. */
function runOnce(script, label) {
  const log = path.join(logDir, `${label}.log`);
  const out = fs.openSync(log, 'w');
  const started = Date.now();
  return new Promise((resolve) => {
    // In its own process group, so that stopping the stress run stops the suite it is running.
    const child = spawn(npm, ['run', script], { cwd: root, stdio: ['ignore', out, out], env: { ...process.env, FORCE_COLOR: '0' }, detached: true });
    running.add(child);
    child.on('close', (code) => {
      running.delete(child);
      fs.closeSync(out);
      resolve({ passed: code === 0, seconds: (Date.now() - started) / 1000, log });
    });
  });
}

function tail(file, lines) {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function series(script, name, count) {
  let passed = 0;
  for (let i = 1; i <= count; i++) {
    const run = await runOnce(script, `${name}-${i}`);
    if (run.passed) passed++;
    const load = os.loadavg()[0].toFixed(1);
    console.log(`stress: ${name} run ${i}/${count} ${run.passed ? 'passed' : 'FAILED'} in ${run.seconds.toFixed(0)} s (load average ${load}) → ${path.relative(root, run.log)}`);
    if (!run.passed) console.log(tail(run.log, 40).replace(/^/gm, '    '));
  }
  return passed;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  fs.mkdirSync(logDir, { recursive: true });
  const load = startLoad(options.load);
  const stop = () => stopLoad(load);
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
  console.log(`stress: ${options.load} CPU-bound background processes on ${os.cpus().length} cores; npm test ×${options.runs}, npm run test:e2e ×${options.e2e}`);
  const results = [];
  if (options.runs > 0) results.push(['npm test', await series('test', 'test', options.runs), options.runs]);
  if (options.e2e > 0) results.push(['npm run test:e2e', await series('test:e2e', 'e2e', options.e2e), options.e2e]);
  stop();
  for (const [name, passed, total] of results) console.log(`stress: ${name} passed ${passed} of ${total}`);
  process.exitCode = results.every(([, passed, total]) => passed === total) ? 0 : 1;
}

main().catch((err) => {
  console.error(`stress: ${err.message}`);
  process.exitCode = 2;
});
