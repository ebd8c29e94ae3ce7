// Property tests (fast-check) draw their cases from one seed. `npm test` uses a fixed one, so a
// run fails only when the code changed; `npm run fuzz` explores with random seeds and prints the
// ones that fail. Loaded by .mocharc before any test file, so every fc.assert in the suite uses it.
import fc from 'fast-check';

/** The seed `npm test` uses. Change it only to a seed that passes; a failing seed becomes a test case. */
export const FIXED_FUZZ_SEED = 20_261_202;

/** `FI_FUZZ_SEED=<n>` replays a seed printed by a failure or by `npm run fuzz`. */
export function fuzzSeedFrom(env: Record<string, string | undefined>): { seed: number; fixed: boolean } {
  const raw = env.FI_FUZZ_SEED;
  if (raw === undefined || raw.trim() === '') return { seed: FIXED_FUZZ_SEED, fixed: true };
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FI_FUZZ_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return { seed: seed | 0, fixed: seed === FIXED_FUZZ_SEED };
}

export const fuzzSeed = fuzzSeedFrom(process.env);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: fuzzSeed.seed });

/** One line for the test output, so a failing run can always be replayed. */
export function seedLine(): string {
  const how = fuzzSeed.fixed ? 'the fixed seed of npm test' : 'from FI_FUZZ_SEED';
  return `property tests: fast-check seed ${fuzzSeed.seed} (${how}; replay with FI_FUZZ_SEED=${fuzzSeed.seed})`;
}

export const mochaHooks = {
  beforeAll(): void {
    console.log(`  ${seedLine()}`);
  },
};
