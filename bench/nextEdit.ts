// `npm run bench:next-edit [-- --cases 45 --ttft 100 --eagerness medium,high]`
//
// The next-edit corpus typed at human pace (seeded gaps of 80–260 ms between
// keys, now and then a 450 ms hesitation, 700 ms between separate edits)
// against the fake server in its own process at 2,000 and 150 tokens/s, with
// the engine as the editor runs it (adaptive wait, one engine for the run), a
// fake model that answers only edits the user has finished, once per eagerness (the
// default, medium, and high, side by side in one run). Reports
// the time from the last key to a shown suggestion (p50, p90) against its goal,
// time to first token + the region's tokens ÷ the rate + 30 ms; requests and
// server tokens per edit; how soon a superseded stream was closed at the
// server (goal: within 50 ms); and reversals shown (goal: none). Figures only:
// timing never fails the bench.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nextEditBackend } from '../src/nextEdit/core/backend';
import { DEFAULT_NEXT_EDIT_OPTIONS, NextEditEngine, type NextEditActivity } from '../src/nextEdit/core/engine';
import type { Eagerness } from '../src/nextEdit/core/engine';
import { applyHunk } from '../src/nextEdit/core/hunks';
import type { NextEditFormat, NextEditPrompt } from '../src/nextEdit/core/prompt';
import { createInferenceClient, type InferenceClient } from '../src/providers';
import type { GenerationStream } from '../src/providers/types';
import { systemClock, systemTimers } from '../src/shared/clock';
import { countTokens } from '../test/fake-server/tokens';
import { endpoint } from '../test/unit/providers/helpers';
import { expectedText, loadNextEditCorpus, modelAnswer, replayEdits, unchangedAnswer, type NextEditCase } from '../test/unit/nextEdit/corpus';
import { startFakeServerProcess, type FakeServerProcess } from './lib/fakeServerProcess';
import { percentile } from './lib/stats';

const RATES = [2000, 150];
const SLACK_MS = 30;
const CLOSE_GOAL_MS = 50;

const EAGERNESS: readonly Eagerness[] = ['low', 'medium', 'high'];

function parseOptions(argv: string[]): { cases: number; ttftMs: number; eagerness: Eagerness[] } {
  const o = { cases: Number.POSITIVE_INFINITY, ttftMs: 100, eagerness: ['medium', 'high'] as Eagerness[] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cases') o.cases = Number(argv[++i]);
    else if (argv[i] === '--ttft') o.ttftMs = Number(argv[++i]);
    else if (argv[i] === '--eagerness') {
      o.eagerness = (argv[++i] ?? '').split(',') as Eagerness[];
      if (o.eagerness.some((e) => !EAGERNESS.includes(e))) throw new Error(`--eagerness takes ${EAGERNESS.join(', ')} separated by commas`);
    }
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return o;
}

/** A small seeded generator, so every run types with the same rhythm. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const epochOf = (monotonic: number) => performance.timeOrigin + monotonic;

interface CaseRun {
  name: string;
  edits: number;
  lastKeyToShownMs: number | undefined;
  requestToShownMs: number | undefined;
  goalMs: number;
  requests: number;
  serverTokens: number;
  closeLagsMs: number[];
  unclosed: number;
  correct: boolean;
  reversalShown: boolean;
}

/** The engine of one run: like the editor's, it lives across files, so its wait learns the endpoint and the typing rhythm. */
interface Session {
  engine: NextEditEngine;
  activity: NextEditActivity[];
}

/**
 * The fake model. It cannot see an edit the user has not finished: asked while the
 * sequence is still being typed (a hesitation mid-word, or every key with high
 * eagerness) it writes the region back unchanged; asked once the last key is in, it
 * writes the case's answer. The server's answer is set before each request.
 */
interface Model {
  /** The case's answer, and the text after its last key. */
  answer: string;
  finalText: string;
  /** What the engine is predicting for: the latest input scheduled. */
  input?: { text: string; cursor: number };
  configured?: string;
}

function modelBackend(server: FakeServerProcess, model: Model, format: NextEditFormat, client: InferenceClient): (prompt: NextEditPrompt, signal: AbortSignal) => GenerationStream {
  const backend = nextEditBackend(() => client);
  return (prompt, signal) => {
    const input = model.input!;
    const answer = input.text === model.finalText ? model.answer : unchangedAnswer(input.text, input.cursor, format);
    const configured = model.configured === answer ? Promise.resolve() : server.configure({ response: { kind: 'text', text: answer } }).then(() => void (model.configured = answer));
    const started = configured.then(() => backend(prompt, signal));
    return {
      outcome: started.then((s) => s.outcome),
      async *[Symbol.asyncIterator]() {
        yield* await started;
      },
    };
  };
}

function startSession(format: NextEditFormat, eagerness: Eagerness, backend: (prompt: NextEditPrompt, signal: AbortSignal) => GenerationStream): Session {
  const engine = new NextEditEngine({ ...DEFAULT_NEXT_EDIT_OPTIONS, format, eagerness }, { backend, clock: systemClock, timers: systemTimers });
  const session: Session = { engine, activity: [] };
  engine.onActivity((a) => session.activity.push(a));
  return session;
}

async function runCase(server: FakeServerProcess, c: NextEditCase, index: number, rate: number, ttftMs: number, sessions: Record<NextEditFormat, Session>, model: Model, random: () => number): Promise<CaseRun> {
  const format = index % 2 === 0 ? 'chat' : 'zeta';
  const { answer } = modelAnswer(c, format, index);
  await server.reset();
  await server.configure({ response: { kind: 'text', text: answer }, tokensPerSecond: rate, ttftMs });
  model.answer = answer;
  model.configured = answer;
  const session = sessions[format];
  const { engine } = session;
  const activity: NextEditActivity[] = (session.activity = []);
  const { text: finalText, keys } = replayEdits(c);
  model.finalText = finalText;
  let text = c.file;
  engine.noteOpen(c.path, text);
  let lastKeyAt = 0;
  let pending: Promise<void> = Promise.resolve();
  for (const [e, edit] of keys.entries()) {
    if (e > 0) await sleep(700);
    for (const key of edit) {
      await sleep(random() < 0.1 ? 450 : 80 + random() * 180);
      text = text.slice(0, key.offset) + key.text + text.slice(key.offset + key.length);
      lastKeyAt = systemClock.now();
      if (engine.noteEdit(c.path, [key])) {
        model.input = { text, cursor: key.offset + key.text.length };
        pending = engine.schedule({ file: c.path, filePath: c.path, languageId: 'plaintext', ...model.input });
      }
    }
  }
  await pending;
  const shown = activity.find((a): a is Extract<NextEditActivity, { kind: 'shown' }> => a.kind === 'shown' && a.at >= lastKeyAt);
  const lastRequest = [...activity].reverse().find((a) => a.kind === 'request');
  const suggestion = engine.suggestion(c.path);
  const want = expectedText(c, finalText);
  const taken = suggestion ? [...suggestion.hunks].sort((a, b) => b.offset - a.offset).reduce(applyHunk, finalText) : undefined;
  // Which requests reached the server and were aborted: each 'request' followed by an 'aborted' before the next one.
  const sent: { abortedAt?: number }[] = [];
  for (const a of activity) {
    if (a.kind === 'request') sent.push({});
    else if (a.kind === 'aborted' && sent.length > 0 && sent.at(-1)!.abortedAt === undefined) sent.at(-1)!.abortedAt = a.at;
  }
  const records = await server.requests();
  const closeLagsMs: number[] = [];
  let unclosed = 0;
  sent.forEach((s, i) => {
    const rec = records[i];
    if (s.abortedAt === undefined || !rec || rec.completed) return;
    if (rec.clientClosedAt === undefined) unclosed++;
    else closeLagsMs.push(rec.clientClosedAt - epochOf(s.abortedAt));
  });
  // The file is closed, as the editor does when its document goes: its history and suggestion go with it.
  engine.dismiss(c.path);
  engine.history.forget(c.path);
  return {
    name: c.name,
    edits: c.edits.length,
    lastKeyToShownMs: shown ? shown.at - lastKeyAt : undefined,
    requestToShownMs: shown && lastRequest ? shown.at - lastRequest.at : undefined,
    goalMs: ttftMs + (countTokens(answer) / rate) * 1000 + SLACK_MS,
    requests: records.length,
    serverTokens: records.reduce((n, r) => n + r.tokensSent, 0),
    closeLagsMs,
    unclosed,
    correct: want === undefined ? suggestion === undefined : taken === want,
    reversalShown: c.model === 'reversal' && suggestion !== undefined,
  };
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const corpus = loadNextEditCorpus().slice(0, options.cases);
  const rows: string[] = [];
  const details: string[] = [];
  for (const eagerness of options.eagerness) for (const rate of RATES) {
    const server = await startFakeServerProcess({ ttftMs: options.ttftMs, tokensPerSecond: rate, tokensPerChunk: 1 });
    const random = seeded(18);
    const runs: CaseRun[] = [];
    const client = createInferenceClient(endpoint({ baseUrl: server.baseUrl, chatModel: 'fake-chat', completionModel: 'fake-coder' }));
    const model: Model = { answer: '', finalText: '' };
    const sessions = {
      chat: startSession('chat', eagerness, modelBackend(server, model, 'chat', client)),
      zeta: startSession('zeta', eagerness, modelBackend(server, model, 'zeta', client)),
    };
    try {
      for (const [i, c] of corpus.entries()) {
        runs.push(await runCase(server, c, i, rate, options.ttftMs, sessions, model, random));
        process.stderr.write('.');
      }
    } finally {
      sessions.chat.engine.dispose();
      sessions.zeta.engine.dispose();
      await server.close();
    }
    process.stderr.write('\n');
    const shown = runs.filter((r) => r.lastKeyToShownMs !== undefined);
    const lastKey = shown.map((r) => r.lastKeyToShownMs!);
    const fromRequest = shown.map((r) => r.requestToShownMs!);
    const goals = shown.map((r) => r.goalMs);
    const edits = runs.reduce((n, r) => n + r.edits, 0);
    const lags = runs.flatMap((r) => r.closeLagsMs);
    const unclosed = runs.reduce((n, r) => n + r.unclosed, 0);
    rows.push(
      `| ${eagerness} | ${rate} | ${runs.filter((r) => r.correct).length}/${runs.length} | ${fmt(percentile(lastKey, 0.5))} / ${fmt(percentile(lastKey, 0.9))} | ` +
        `${fmt(percentile(fromRequest, 0.5))} / ${fmt(percentile(fromRequest, 0.9))} | ${fmt(percentile(goals, 0.5))} / ${fmt(percentile(goals, 0.9))} | ` +
        `${fmt(runs.reduce((n, r) => n + r.requests, 0) / edits, 2)} | ${fmt(runs.reduce((n, r) => n + r.serverTokens, 0) / edits)} | ` +
        `${lags.length + unclosed} | ${lags.filter((l) => l <= CLOSE_GOAL_MS).length}/${lags.length + unclosed} (max ${fmt(Math.max(...lags, 0), 1)} ms) | ${runs.filter((r) => r.reversalShown).length} |`,
    );
    details.push(`- ${eagerness}, ${rate} tok/s, cases not as expected: ${runs.filter((r) => !r.correct).map((r) => r.name).join(', ') || 'none'}`);
  }
  const md = [
    '# Next edit suggestions',
    '',
    `\`npm run bench:next-edit\`: ${corpus.length} corpus sequences typed at human pace (seeded key gaps of 80–260 ms, a 450 ms hesitation one key in ten, 700 ms between edits) against the fake server in its own process, time to first token ${options.ttftMs} ms. The engine runs as in the editor: one engine for the whole run (one per prompt format), so its wait learns the endpoint and the typing rhythm as in an editor session (the first cases start cold), one stream per file, the stale one aborted on the next key, a case's file closed after it. The fake model cannot see an unfinished edit: asked before the sequence's last key it writes the region back unchanged (no suggestion), asked after it it writes the case's answer. Once per eagerness (${options.eagerness.join(', ')}; the setting's default is ${DEFAULT_NEXT_EDIT_OPTIONS.eagerness}), each with the same seeded typing.`,
    '',
    '- *last key → shown*: from the last key of the sequence to the first suggestion shown (the wait for a pause included). Medium waits for a pause of about one and a half keys; high asks at every key and lets the next key close the stream.',
    '- *request → shown*: from the request after that pause to the first suggestion shown (a hunk is shown once the two lines after it have arrived, before the stream ends).',
    `- *goal*: time to first token + the answer's tokens ÷ the rate + ${SLACK_MS} ms, per case.`,
    `- *closed ≤ ${CLOSE_GOAL_MS} ms*: superseded streams whose connection the server saw closed within ${CLOSE_GOAL_MS} ms of the abort.`,
    '',
    '| eagerness | tok/s | as expected | last key → shown p50 / p90 (ms) | request → shown p50 / p90 (ms) | goal p50 / p90 (ms) | requests per edit | server tokens per edit | superseded streams | closed ≤ 50 ms | reversals shown |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...details,
    '',
  ].join('\n');
  const out = path.join(__dirname, 'results', 'next-edit.md');
  fs.writeFileSync(out, md);
  process.stdout.write(md);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
