// Builds docs/reliability.md from what the reliability tests recorded in
// test-results/reliability/*.json (unit tests: faults, fuzz, load, manifest; e2e: webview,
// secrets, trust). A section whose results are missing keeps its text from the current file,
// so running one suite refreshes only its part.
//
//   npx tsx test/reliability/report.ts          write docs/reliability.md
//   npx tsx test/reliability/report.ts --check  fail when it is not current (figures marked as
//                                               measurements may differ)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderSections, type Results } from './sections';

const ROOT = path.resolve(__dirname, '../..');
const RESULTS = path.join(ROOT, 'test-results', 'reliability');
const DOC = path.join(ROOT, 'docs', 'reliability.md');

function readResults(): Results {
  const results: Results = {};
  if (!fs.existsSync(RESULTS)) return results;
  for (const file of fs.readdirSync(RESULTS).filter((f) => f.endsWith('.json'))) {
    const data = JSON.parse(fs.readFileSync(path.join(RESULTS, file), 'utf8')) as Results[string];
    results[path.basename(file, '.json')] = data;
  }
  return results;
}

/** The text of each `<!-- section:NAME -->` block of a report. */
function sectionsOf(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of markdown.matchAll(/<!-- section:([\w-]+) -->\n([\s\S]*?)<!-- \/section:\1 -->/g)) out.set(match[1]!, match[2]!);
  return out;
}

/** Measurements vary between runs; everything else must match. */
const withoutMeasurements = (text: string) => text.replace(/<!--m-->[\s\S]*?<!--\/m-->/g, '<!--m-->…<!--/m-->');

function main(): void {
  const check = process.argv.includes('--check');
  const current = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
  const results = readResults();
  const generated = renderSections(results, sectionsOf(current));
  if (!check) {
    fs.writeFileSync(DOC, generated.markdown);
    console.log(`docs/reliability.md written from ${generated.fresh.join(', ') || 'no results'}${generated.kept.length ? `; kept as it was: ${generated.kept.join(', ')}` : ''}`);
    return;
  }
  if (generated.fresh.length === 0) {
    console.error('reliability report: no results in test-results/reliability; run the tests first.');
    process.exit(1);
  }
  const before = sectionsOf(withoutMeasurements(current));
  const after = sectionsOf(withoutMeasurements(generated.markdown));
  const stale = [...after.keys()].filter((name) => before.get(name) !== after.get(name));
  if (withoutMeasurements(current) !== withoutMeasurements(generated.markdown) || stale.length > 0) {
    console.error(`docs/reliability.md is not current (${stale.join(', ') || 'layout'} changed). Run: npx tsx test/reliability/report.ts`);
    for (const name of stale) {
      const a = (before.get(name) ?? '').split('\n');
      const b = (after.get(name) ?? '').split('\n');
      const first = b.findIndex((line, i) => line !== a[i]);
      console.error(`  ${name}, first difference:\n    now:       ${b[first] ?? '(nothing)'}\n    committed: ${a[first] ?? '(nothing)'}`);
    }
    process.exit(1);
  }
  console.log(`docs/reliability.md is current (checked against ${generated.fresh.join(', ')})`);
}

main();
