// Turns the DOM record of one typed file, and the fake server's log, into the
// figures bench:editor reports. Pure: plain inputs, no page, no server.
import { countTokens } from '../../test/fake-server/tokens';
import { spread, type Spread } from '../typing/metrics';
import { lineBefore, restOfLine, type TypingPlan } from './plan';
import type { DomSnapshot, PageRecord } from './recorder';

/** The fields of the fake server's RequestRecord read here. */
export interface ServerRequest {
  id: number;
  path: string;
  body: unknown;
  receivedAt: number;
  firstTokenAt?: number;
  endedAt?: number;
  clientClosedAt?: number;
  completed: boolean;
  tokensSent: number;
}

export type PauseVerdict = 'correct' | 'wrong' | 'none';

export interface PauseResult {
  key: number;
  /** 1-based line and column of the cursor during the pause. */
  line: number;
  column: number;
  /** What was just typed: the start of a line, `(` or `= `. */
  after: 'line start' | '(' | '= ';
  /** The rest of the file's line: what a correct suggestion starts with. */
  expected: string;
  /** Key → next key, as the page saw them. */
  pauseMs: number;
  verdict: PauseVerdict;
  /** Key → correct ghost text first drawn. */
  correctAfterMs: number | null;
  /** The last ghost text drawn during the pause on the cursor's line ('' when none), and the lines under it. */
  shown: string;
  shownLines: string[];
  /** Generation requests open at some point during the pause (for reading a miss). */
  requests: Array<{ id: number; prompt: string; receivedAfterMs: number; tokensSent: number; completed: boolean; closedAfterMs: number | null }>;
}

export interface FileFigures {
  file: string;
  keystrokes: number;
  /** Tokens of the typed text by the fake server's rule. */
  typedTokens: number;
  pauses: number;
  pausesCorrect: number;
  pausesWrong: number;
  pausesNone: number;
  correctShare: number | null;
  /** Key → correct ghost text, over the pauses that had it. */
  timeToCorrectMs: Spread;
  /** Keys after which correct ghost text was drawn before the next key (pauses or not). */
  keysWithCorrectGhostText: number;
  requests: number;
  abortedRequests: number;
  serverTokens: number;
  requestsPerKeystroke: number;
  serverTokensPerKeystroke: number;
  /** Server tokens ÷ typed tokens: the cost of the run in units of the text typed. */
  serverTokensPerTypedToken: number | null;
  /** The DOM showed the cursor's line as the file has it after every key (a check on the record). */
  linesMatched: number;
  documentMatches: boolean;
  pauseDetails: PauseResult[];
}

const GENERATION = /\/(completions|infill|fim\/completions)$/;

/** Tabs as the editor draws them (spaces to the next stop), from `column` (0-based). */
export function expandTabs(text: string, column = 0, tabSize = 4): string {
  let out = '';
  let col = column;
  for (const ch of text) {
    if (ch === '\t') {
      const n = tabSize - (col % tabSize);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += ch;
      col += 1;
    }
  }
  return out;
}

/**
 * Correct ghost text for a cursor at `offset` of `text`: the DOM shows the
 * cursor's line as the file has it up to the cursor, and the ghost text on
 * that line is non-blank and a prefix of the rest of the file's line.
 */
export function isCorrectGhost(text: string, offset: number, snapshot: Pick<DomSnapshot, 'line' | 'ghost'>): boolean {
  if (!showsLine(text, offset, snapshot)) return false;
  if (snapshot.ghost.trim() === '') return false;
  const before = lineBefore(text, offset);
  const column = expandTabs(before).length;
  return expandTabs(restOfLine(text, offset), column).startsWith(expandTabs(snapshot.ghost, column));
}

/** The DOM's cursor line is the file's line up to `offset` (the cursor is at its end while typing). */
export function showsLine(text: string, offset: number, snapshot: Pick<DomSnapshot, 'line'>): boolean {
  return expandTabs(snapshot.line) === expandTabs(lineBefore(text, offset));
}

function pauseKind(text: string, offset: number): PauseResult['after'] {
  const typed = text.slice(0, offset);
  if (typed.endsWith('\n')) return 'line start';
  return typed.endsWith('(') ? '(' : '= ';
}

/**
 * The snapshots drawn during [from, to). The keydown is stamped before the
 * editor handles the key, so anything drawn for the key comes after `from`;
 * the recorder adds a snapshot whenever the cursor's line moves, too.
 */
function statesDuring(snapshots: DomSnapshot[], from: number, to: number): DomSnapshot[] {
  return snapshots.filter((s) => s.t >= from && s.t < to);
}

function promptTail(body: unknown, length = 40): string {
  if (typeof body !== 'object' || body === null) return '';
  const prompt = (body as { prompt?: unknown; input_prefix?: unknown }).prompt;
  return typeof prompt === 'string' ? prompt.slice(-length) : '';
}

export interface AnalyseInput {
  file: string;
  plan: TypingPlan;
  record: PageRecord;
  server: ServerRequest[];
  /** Page clock − server clock, ms. */
  clockOffsetMs: number;
  /** The document as saved at the end. */
  finalText: string;
  /** How long the record went on after the last key, ms (the last key's window). */
  tailMs: number;
}

export function analyseFile(input: AnalyseInput): FileFigures {
  const { plan, record } = input;
  if (record.keys.length !== plan.keys.length) {
    throw new Error(`${input.file}: the page saw ${record.keys.length} keys, the plan has ${plan.keys.length}`);
  }
  const requests = input.server.filter((r) => GENERATION.test(r.path));
  const toPage = (t: number) => t + input.clockOffsetMs;
  const pauses: PauseResult[] = [];
  let keysWithCorrect = 0;
  let linesMatched = 0;
  for (let i = 0; i < plan.keys.length; i++) {
    const planned = plan.keys[i]!;
    const from = record.keys[i]!.t;
    const to = record.keys[i + 1]?.t ?? from + input.tailMs;
    const states = statesDuring(record.snapshots, from, to);
    if (states.some((s) => showsLine(plan.text, planned.offset, s))) linesMatched++;
    const firstCorrect = states.find((s) => isCorrectGhost(plan.text, planned.offset, s));
    if (firstCorrect) keysWithCorrect++;
    if (!planned.pause) continue;
    const onLine = states.filter((s) => showsLine(plan.text, planned.offset, s));
    const last = onLine[onLine.length - 1];
    const verdict: PauseVerdict = firstCorrect ? 'correct' : onLine.some((s) => s.ghost.trim() !== '') ? 'wrong' : 'none';
    const before = lineBefore(plan.text, planned.offset);
    pauses.push({
      key: i,
      line: plan.text.slice(0, planned.offset).split('\n').length,
      column: before.length + 1,
      after: pauseKind(plan.text, planned.offset),
      expected: restOfLine(plan.text, planned.offset),
      pauseMs: round(to - from),
      verdict,
      correctAfterMs: firstCorrect ? round(Math.max(0, firstCorrect.t - from)) : null,
      shown: last?.ghost ?? '',
      shownLines: last?.ghostLines ?? [],
      requests: requests
        .filter((r) => toPage(r.receivedAt) < to && toPage(r.clientClosedAt ?? r.endedAt ?? Number.POSITIVE_INFINITY) > from)
        .map((r) => {
          const closed = r.clientClosedAt ?? r.endedAt;
          return {
            id: r.id,
            prompt: promptTail(r.body),
            receivedAfterMs: round(toPage(r.receivedAt) - from),
            tokensSent: r.tokensSent,
            completed: r.completed,
            closedAfterMs: closed === undefined ? null : round(toPage(closed) - from),
          };
        }),
    });
  }
  const correct = pauses.filter((p) => p.verdict === 'correct');
  const serverTokens = requests.reduce((sum, r) => sum + r.tokensSent, 0);
  const keystrokes = plan.keys.length;
  const typedTokens = countTokens(plan.keys.map((k) => k.ch).join(''));
  return {
    file: input.file,
    keystrokes,
    typedTokens,
    pauses: pauses.length,
    pausesCorrect: correct.length,
    pausesWrong: pauses.filter((p) => p.verdict === 'wrong').length,
    pausesNone: pauses.filter((p) => p.verdict === 'none').length,
    correctShare: pauses.length ? round(correct.length / pauses.length, 3) : null,
    timeToCorrectMs: spread(correct.map((p) => p.correctAfterMs!)),
    keysWithCorrectGhostText: keysWithCorrect,
    requests: requests.length,
    abortedRequests: requests.filter((r) => r.clientClosedAt !== undefined && !r.completed).length,
    serverTokens,
    requestsPerKeystroke: keystrokes ? round(requests.length / keystrokes, 3) : 0,
    serverTokensPerKeystroke: keystrokes ? round(serverTokens / keystrokes, 2) : 0,
    serverTokensPerTypedToken: typedTokens ? round(serverTokens / typedTokens, 2) : null,
    linesMatched,
    documentMatches: input.finalText === plan.text,
    pauseDetails: pauses,
  };
}

/** The figures of several files together (pause times pooled, not averaged). */
export function totalFigures(files: FileFigures[]): Omit<FileFigures, 'file' | 'pauseDetails'> {
  const sum = (f: (x: FileFigures) => number) => files.reduce((s, x) => s + f(x), 0);
  const keystrokes = sum((f) => f.keystrokes);
  const pauses = sum((f) => f.pauses);
  const pausesCorrect = sum((f) => f.pausesCorrect);
  const requests = sum((f) => f.requests);
  const serverTokens = sum((f) => f.serverTokens);
  const typedTokens = sum((f) => f.typedTokens);
  return {
    keystrokes,
    typedTokens,
    pauses,
    pausesCorrect,
    pausesWrong: sum((f) => f.pausesWrong),
    pausesNone: sum((f) => f.pausesNone),
    correctShare: pauses ? round(pausesCorrect / pauses, 3) : null,
    timeToCorrectMs: spread(files.flatMap((f) => f.pauseDetails.filter((p) => p.correctAfterMs !== null).map((p) => p.correctAfterMs!))),
    keysWithCorrectGhostText: sum((f) => f.keysWithCorrectGhostText),
    requests,
    abortedRequests: sum((f) => f.abortedRequests),
    serverTokens,
    requestsPerKeystroke: keystrokes ? round(requests / keystrokes, 3) : 0,
    serverTokensPerKeystroke: keystrokes ? round(serverTokens / keystrokes, 2) : 0,
    serverTokensPerTypedToken: typedTokens ? round(serverTokens / typedTokens, 2) : null,
    linesMatched: sum((f) => f.linesMatched),
    documentMatches: files.every((f) => f.documentMatches),
  };
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
