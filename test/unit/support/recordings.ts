// Real provider streams recorded beside the checkout (../shared/provider-streams), read in place
// and never copied into the repository. Where they are absent, the tests that read them are
// skipped, and the end of the run says so in a banner with the count, so a green run without
// them is never mistaken for one with them. FI_REQUIRE_RECORDINGS=1 makes their absence a failure.
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

/** FI_RECORDINGS_DIR points elsewhere (or at nothing, to see the suite without them). */
export const RECORDINGS_DIR = path.resolve(process.env.FI_RECORDINGS_DIR ?? path.join(__dirname, '../../../../shared/provider-streams'));
const SHOWN_AS = process.env.FI_RECORDINGS_DIR ? 'FI_RECORDINGS_DIR' : '../shared/provider-streams';

const skipped: { suite: string; tests: number }[] = [];

/** The recorded `.sse` files, sorted by name; none when the folder is absent. */
export function recordedStreams(dir = RECORDINGS_DIR): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sse')).sort().map((f) => path.join(dir, f)) : [];
}

/** Notes that `tests` tests of `suite` could not run; throws instead when FI_REQUIRE_RECORDINGS is set. */
export function skipForMissingRecordings(suite: string, tests: number, env: Record<string, string | undefined> = process.env): void {
  if (env.FI_REQUIRE_RECORDINGS === '1') throw new Error(`${SHOWN_AS} is absent and FI_REQUIRE_RECORDINGS=1: ${suite} cannot run`);
  skipped.push({ suite, tests });
}

/** The banner printed after the run, or undefined when nothing was skipped. */
export function missingRecordingsBanner(): string | undefined {
  if (skipped.length === 0) return undefined;
  const total = skipped.reduce((sum, s) => sum + s.tests, 0);
  const rule = '!'.repeat(78);
  return [
    rule,
    `!! NO RECORDINGS: ${SHOWN_AS} is absent, so ${total} tests that replay real provider streams were SKIPPED:`,
    ...skipped.map((s) => `!!   ${s.tests} in ${s.suite}`),
    `!! Put the recordings there to run them (FI_REQUIRE_RECORDINGS=1 turns this into a failure).`,
    rule,
  ].join('\n');
}

after(() => {
  const banner = missingRecordingsBanner();
  if (banner) console.log(`\n${banner}\n`);
});
