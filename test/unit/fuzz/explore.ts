// `npm run fuzz -- --runs N [--scale S] [--grep TEXT]`: runs the property tests N times, each
// time with a new random seed (npm test always uses the fixed one), and prints every seed with
// its result. A failing seed is replayed with the command printed for it; once the cause is
// understood, its counterexample becomes a regular test case next to the property.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const MOCHA = path.join(ROOT, 'node_modules', '.bin', 'mocha');
const PROPERTY_FILES = 'test/unit/fuzz/*.test.ts';

export interface FuzzArgs {
  runs: number;
  scale: number;
  grep?: string;
}

export function parseFuzzArgs(argv: readonly string[]): FuzzArgs | string {
  const args: FuzzArgs = { runs: 5, scale: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--grep' && value !== undefined) {
      args.grep = value;
      i++;
    } else if ((flag === '--runs' || flag === '--scale') && value !== undefined) {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0 || (flag === '--runs' && !Number.isInteger(n))) return `${flag} needs a positive number, got ${JSON.stringify(value)}`;
      if (flag === '--runs') args.runs = n;
      else args.scale = n;
      i++;
    } else {
      return `unknown argument ${JSON.stringify(flag)} (usage: npm run fuzz -- --runs N [--scale S] [--grep TEXT])`;
    }
  }
  return args;
}

/** The mocha command line for one seed: the property files only, with the seed set before them. */
export function mochaArgs(args: FuzzArgs): string[] {
  const grep = args.grep ? ['--grep', args.grep] : [];
  return ['--no-config', '--require', 'tsx/cjs', '--require', 'test/unit/support/fuzzSeed.ts', '--extension', 'ts', '--timeout', '0', ...grep, PROPERTY_FILES];
}

function main(): number {
  const args = parseFuzzArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(`fuzz: ${args}`);
    return 2;
  }
  const failed: number[] = [];
  for (let run = 1; run <= args.runs; run++) {
    const seed = randomInt(-(2 ** 31), 2 ** 31 - 1);
    const env = { ...process.env, FI_FUZZ_SEED: String(seed), FI_FUZZ_SCALE: String(args.scale) };
    const result = spawnSync(MOCHA, mochaArgs(args), { cwd: ROOT, env, encoding: 'utf8' });
    const ok = result.status === 0;
    console.log(`fuzz run ${run}/${args.runs}: seed ${seed} ${ok ? 'passed' : 'FAILED'}`);
    if (!ok) {
      failed.push(seed);
      console.log(`${result.stdout}${result.stderr}`.replace(/^/gm, '    '));
    }
  }
  console.log(`\nfuzz: ${args.runs - failed.length} of ${args.runs} seeds passed (scale ${args.scale})`);
  for (const seed of failed) console.log(`  replay: FI_FUZZ_SEED=${seed} npx mocha --no-config -r tsx/cjs -r test/unit/support/fuzzSeed.ts '${PROPERTY_FILES}'`);
  return failed.length === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main();
