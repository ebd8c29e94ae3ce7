// Every fuzz target reports how many generated cases it ran; the counts are printed after the
// suite and go into docs/reliability.md through the report rows.
import { RowRecorder } from '../reliability/rows';
import { fuzzSeed } from '../support/fuzzSeed';

const recorder = new RowRecorder('fuzz');
const counts: { target: string; cases: number; invariants: string }[] = [];

/** Records one property's run. `cases` is the number fast-check generated and checked. */
export function recordFuzz(target: string, cases: number, invariants: string): void {
  counts.push({ target, cases, invariants });
}

after(() => {
  if (counts.length === 0) return;
  const total = counts.reduce((sum, c) => sum + c.cases, 0);
  for (const [i, c] of counts.entries()) recorder.add({ order: i, ...c });
  recorder.write({ total });
  console.log(`      fuzz: ${total.toLocaleString('en')} generated cases in ${counts.length} properties, seed ${fuzzSeed.seed}`);
  for (const c of counts) console.log(`        ${c.cases.toLocaleString('en').padStart(6)}  ${c.target}`);
});

/** `FI_FUZZ_SCALE=20 npx mocha test/unit/fuzz` runs every property twenty times as long. */
export function runs(base: number): number {
  const scale = Number(process.env.FI_FUZZ_SCALE ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
