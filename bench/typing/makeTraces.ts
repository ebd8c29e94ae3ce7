// `npx tsx bench/typing/makeTraces.ts` writes bench/traces/*.json: one typing
// trace per source file in bench/typing/sources, plus a short one for the unit
// test. Each trace removes a block of lines from the file and has a simulated
// person type it back (see typist.ts); the check at the end replays the keys
// and insists the result is the file again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTrace, replayKeys, type TraceSpec } from './typist';

const SOURCES = path.join(__dirname, 'sources');
const OUT = path.join(__dirname, '..', 'traces');

const read = (name: string) => fs.readFileSync(path.join(SOURCES, name), 'utf8');

export const TRACE_SPECS: TraceSpec[] = [
  { name: 'typescript-rate-window', languageId: 'typescript', filePath: 'src/rateWindow.ts', indentUnit: '  ', text: read('rateWindow.ts.txt'), fromLine: 20, toLine: 41, seed: 11 },
  { name: 'python-grades', languageId: 'python', filePath: 'grades.py', indentUnit: '    ', text: read('grades.py.txt'), fromLine: 27, toLine: 39, seed: 23 },
  { name: 'go-wordcount', languageId: 'go', filePath: 'wordcount/wordcount.go', indentUnit: '\t', text: read('wordcount.go.txt'), fromLine: 38, toLine: 51, seed: 37 },
  { name: 'rust-wrap', languageId: 'rust', filePath: 'src/wrap.rs', indentUnit: '    ', text: read('wrap.rs.txt'), fromLine: 18, toLine: 34, seed: 41 },
  { name: 'short-typescript', languageId: 'typescript', filePath: 'src/rateWindow.ts', indentUnit: '  ', text: read('rateWindow.ts.txt'), fromLine: 30, toLine: 31, seed: 6 },
];

function main(): void {
  fs.mkdirSync(OUT, { recursive: true });
  for (const spec of TRACE_SPECS) {
    const trace = makeTrace(spec);
    if (replayKeys(trace).text !== trace.text) throw new Error(`${spec.name}: replaying the keys does not give the file`);
    fs.writeFileSync(path.join(OUT, `${spec.name}.json`), JSON.stringify(trace, null, 1) + '\n');
    const seconds = (trace.keys[trace.keys.length - 1]!.t / 1000).toFixed(1);
    console.log(`${spec.name}: ${trace.keys.length} keys, ${seconds} s`);
  }
}

if (require.main === module) main();
