// `npm run bench:apply [-- --runs 5 --ttft 100 --speedup 4 --json]`
//
// Time from Apply to the full proposal (text and hunks, what the diff shows)
// for 100-, 300- and 1,000-line files: the deterministic path (a changed
// function placed without a model), and the model path at 2,000 and 150
// tokens/s, with and without predicted outputs, against the fake server in
// its own process. The model path is compared with its floor: time to first
// token + the rewrite's tokens ÷ the rate (with predicted outputs, the tokens
// the prediction contains count at the faster rate). Goals: deterministic
// under 50 ms at any size; model path within 10% of its floor. Figures only:
// a slow machine never fails the bench.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitText } from '../src/apply/core/lines';
import { modelRegion } from '../src/apply/core/region';
import { runApply, type ApplyModel } from '../src/apply/core/run';
import { createInferenceClient } from '../src/providers';
import type { EndpointConfig } from '../src/providers/types';
import { systemClock } from '../src/shared/clock';
import { generate } from '../test/fake-server/generate';
import { planPrediction } from '../test/fake-server/prediction';
import { countTokens } from '../test/fake-server/tokens';
import { startFakeServerProcess, type FakeServerProcess } from './lib/fakeServerProcess';

interface Options {
  runs: number;
  ttftMs: number;
  speedup: number;
  json: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { runs: 5, ttftMs: 100, speedup: 4, json: false };
  for (let i = 0; i < argv.length; i++) {
    const next = () => Number(argv[++i]);
    if (argv[i] === '--runs') o.runs = next();
    else if (argv[i] === '--ttft') o.ttftMs = next();
    else if (argv[i] === '--speedup') o.speedup = next();
    else if (argv[i] === '--json') o.json = true;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return o;
}

const SIZES = [100, 300, 1000];
const RATES = [2000, 150];
/** Runs of the deterministic path per size (it takes milliseconds). */
const DETERMINISTIC_RUNS = 50;

/** A file of about `lines` lines of small functions, and the same file with the middle function changed. */
function scaleFile(lines: number): { file: string; block: string; expected: string } {
  const count = Math.round(lines / 7);
  const middle = Math.floor(count / 2);
  const fn = (i: number, changed: boolean) => [
    `export function scale${i}(values: number[], factor = ${i + 1}): number[] {`,
    '  assert(values.length >= 0);',
    ...(changed
      ? ['  // Negative values are clamped to zero first.', `  return values.map((value) => Math.max(0, value) * factor + ${i});`]
      : ['  const result: number[] = [];', `  for (const value of values) result.push(value * factor + ${i});`, '  return result;']),
    '}',
  ];
  const build = (changeMiddle: boolean) => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(...fn(i, changeMiddle && i === middle), '');
    return out.join('\n') + '\n';
  };
  return { file: build(false), block: fn(middle, true).join('\n'), expected: build(true) };
}

interface Row {
  lines: number;
  path: 'deterministic' | 'model';
  tokensPerSecond?: number;
  prediction?: boolean;
  medianMs: number;
  /** 90th percentile: on a shared machine the maximum is mostly scheduling. */
  p90Ms: number;
  maxMs: number;
  /** Model path: time to first token + rewrite tokens ÷ rate, as the fake server paces it. */
  floorMs?: number;
  ratio?: number;
  rewriteTokens?: number;
  accepted?: number;
  rejected?: number;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
const median = (xs: number[]) => quantile(xs, 0.5);

function endpointAt(server: FakeServerProcess, presetId: string): EndpointConfig {
  return {
    profileId: 'bench', providerName: 'Fake', presetId, baseUrl: server.baseUrl, headers: {}, chatModel: 'fake-chat', completionModel: 'fake-coder',
    fimTransport: 'auto', fimTemplate: 'auto', serverTiming: 'none', firstTokenTimeoutMs: 30_000, chatMaxTokens: 4096, completionMaxTokens: 64, temperature: 0,
  };
}


async function deterministicRow(lines: number): Promise<Row> {
  const { file, block, expected } = scaleFile(lines);
  const times: number[] = [];
  for (let i = 0; i < DETERMINISTIC_RUNS; i++) {
    const result = await runApply({ original: file, path: 'scale.ts', languageId: 'typescript', block }, { clock: systemClock, signal: new AbortController().signal });
    if (result.proposed !== expected || result.method === 'model') throw new Error(`deterministic path at ${lines} lines gave ${result.method}/${result.status}`);
    times.push(result.elapsedMs);
  }
  return { lines: splitText(file).lines.length, path: 'deterministic', medianMs: median(times), p90Ms: quantile(times, 0.9), maxMs: Math.max(...times) };
}

async function modelRow(server: FakeServerProcess, o: Options, lines: number, rate: number, prediction: boolean): Promise<Row> {
  const { file, block, expected } = scaleFile(lines);
  const fileLines = splitText(file).lines;
  const region = modelRegion(fileLines, splitText(block).lines, []);
  const grown = splitText(expected).lines.length - fileLines.length;
  const rewrite = splitText(expected).lines.slice(region.start, region.end + 1 + grown).join('\n');
  const regionText = fileLines.slice(region.start, region.end + 1).join('\n');
  await server.configure({
    flavour: prediction ? 'openai' : 'groq',
    ttftMs: o.ttftMs,
    tokensPerSecond: rate,
    response: { kind: 'text', text: rewrite },
    ...(prediction ? { predictedOutputs: { speedup: o.speedup } } : {}),
  });
  const presetId = prediction ? 'openai' : 'groq';
  const client = createInferenceClient(endpointAt(server, presetId));
  const model = async (): Promise<ApplyModel> => ({ presetId, streamChat: (r, s) => client.streamChat(r, s) });
  // The floor, from the fake server's own pacing rule.
  const generation = generate({ kind: 'text', text: rewrite }, 'chat', {}, 'openai');
  const plan = prediction ? planPrediction(generation, regionText, rate, o.speedup) : undefined;
  const tokens = countTokens(rewrite);
  const streamMs = plan ? plan.dueMs[plan.dueMs.length - 1] + 1000 / rate / o.speedup : (tokens / rate) * 1000;
  const floorMs = o.ttftMs + streamMs;
  const times: number[] = [];
  let accepted: number | undefined;
  let rejected: number | undefined;
  const runs = rate < 500 ? 1 : o.runs;
  for (let i = 0; i < runs; i++) {
    const result = await runApply(
      { original: file, path: 'scale.ts', languageId: 'typescript', block, forceModel: true },
      { clock: systemClock, signal: new AbortController().signal, model },
    );
    if (result.status !== 'done' || result.proposed !== expected) throw new Error(`model path at ${lines} lines, ${rate} tok/s: ${result.status} ${result.error ?? ''}`);
    times.push(result.elapsedMs);
    accepted = result.prediction?.accepted;
    rejected = result.prediction?.rejected;
  }
  const med = median(times);
  return { lines: fileLines.length, path: 'model', tokensPerSecond: rate, prediction, medianMs: med, p90Ms: quantile(times, 0.9), maxMs: Math.max(...times), floorMs, ratio: med / floorMs, rewriteTokens: tokens, accepted, rejected };
}

function table(rows: Row[], o: Options): string {
  const out = [
    `Time from Apply to the full proposal (median; fake server: ${o.ttftMs} ms to first token, predicted tokens ${o.speedup}x the decode rate).`,
    '',
    '| lines | path | tok/s | prediction | median | p90 | max | floor (TTFT + tokens ÷ rate) | median ÷ floor | rewrite tokens | accepted / rejected |',
    '|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const ms = (x?: number) => (x === undefined ? '' : x < 10 ? `${x.toFixed(2)} ms` : `${Math.round(x)} ms`);
    out.push(
      `| ${r.lines} | ${r.path} | ${r.tokensPerSecond ?? ''} | ${r.path === 'model' ? (r.prediction ? 'yes' : 'no') : ''} | ${ms(r.medianMs)} | ${ms(r.p90Ms)} | ${ms(r.maxMs)} | ${ms(r.floorMs)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(3)} | ${r.rewriteTokens ?? ''} | ${r.accepted === undefined ? '' : `${r.accepted} / ${r.rejected}`} |`,
    );
  }
  const det = rows.filter((r) => r.path === 'deterministic');
  const model = rows.filter((r) => r.path === 'model');
  out.push(
    '',
    `Deterministic under 50 ms at every size (p90 of ${DETERMINISTIC_RUNS} runs): ${det.every((r) => r.p90Ms < 50) ? 'yes' : 'no'} ` +
      `(worst p90 ${Math.max(...det.map((r) => r.p90Ms)).toFixed(2)} ms, worst single run ${Math.max(...det.map((r) => r.maxMs)).toFixed(1)} ms).`,
  );
  out.push(`Model path within 10% of its floor: ${model.filter((r) => (r.ratio ?? 9) <= 1.1).length} of ${model.length} cells (worst ratio ${Math.max(...model.map((r) => r.ratio ?? 0)).toFixed(3)}).`);
  return out.join('\n');
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const rows: Row[] = [];
  for (const lines of SIZES) rows.push(await deterministicRow(lines));
  const server = await startFakeServerProcess({ ttftMs: o.ttftMs });
  try {
    for (const rate of RATES) for (const lines of SIZES) for (const prediction of [false, true]) rows.push(await modelRow(server, o, lines, rate, prediction));
  } finally {
    await server.close();
  }
  const md = table(rows, o);
  const dir = path.join(__dirname, 'results');
  fs.writeFileSync(path.join(dir, 'apply.json'), JSON.stringify({ options: o, rows }, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'apply.md'), `# bench:apply\n\n${md}\n`);
  console.log(o.json ? JSON.stringify({ options: o, rows }, null, 2) : md);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
