// The property tests' seed: fixed in npm test, replayable from the environment, and the
// exploration script's arguments.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { FIXED_FUZZ_SEED, fuzzSeed, fuzzSeedFrom } from '../support/fuzzSeed';
import { mochaArgs, parseFuzzArgs } from './explore';

describe('property test seeds', () => {
  it('npm test uses the fixed seed; FI_FUZZ_SEED replays another; garbage is refused', () => {
    assert.deepEqual(fuzzSeedFrom({}), { seed: FIXED_FUZZ_SEED, fixed: true });
    assert.deepEqual(fuzzSeedFrom({ FI_FUZZ_SEED: '231431720' }), { seed: 231431720, fixed: false });
    assert.deepEqual(fuzzSeedFrom({ FI_FUZZ_SEED: '-5' }), { seed: -5, fixed: false });
    assert.throws(() => fuzzSeedFrom({ FI_FUZZ_SEED: 'abc' }), /must be an integer/);
  });

  it('every fc.assert in the run draws from that seed, so two runs see the same cases', () => {
    assert.equal(fc.readConfigureGlobal().seed, fuzzSeed.seed);
    const drawn = () => fc.sample(fc.integer(), { numRuns: 5 });
    assert.deepEqual(drawn(), drawn());
  });

  it('npm run fuzz: --runs, --scale and --grep, and a clear refusal of anything else', () => {
    assert.deepEqual(parseFuzzArgs([]), { runs: 5, scale: 1 });
    assert.deepEqual(parseFuzzArgs(['--runs', '40', '--scale', '2.5', '--grep', 'post-processing']), { runs: 40, scale: 2.5, grep: 'post-processing' });
    assert.match(String(parseFuzzArgs(['--runs', '0'])), /--runs needs a positive number/);
    assert.match(String(parseFuzzArgs(['--runs', '1.5'])), /--runs needs a positive number/);
    assert.match(String(parseFuzzArgs(['--seeds'])), /unknown argument "--seeds"/);
    const args = mochaArgs({ runs: 1, scale: 1, grep: 'x' });
    assert.ok(args.includes('--no-config') && args.includes('test/unit/support/fuzzSeed.ts'), 'the seed module is loaded before the property files');
    assert.deepEqual(args.slice(-3), ['--grep', 'x', 'test/unit/fuzz/*.test.ts']);
  });
});
