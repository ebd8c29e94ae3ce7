// Turns replayed traces (and the fake server's log, when there is one) into the
// figures bench:typing reports.
import type { SessionRecord, TraceRun } from './replay';

/** The fields of the fake server's RequestRecord this bench reads. */
export interface ServerRecord {
  path: string;
  body: unknown;
  stream: boolean;
  receivedAt: number;
  endedAt?: number;
  clientClosedAt?: number;
  completed: boolean;
  tokensSent: number;
}

export interface Spread {
  count: number;
  p50: number | null;
  p90: number | null;
  max: number | null;
}

export interface TypingMetrics {
  keystrokes: number;
  edits: number;
  cursorMoves: number;
  requests: number;
  speculativeRequests: number;
  /** Streams the engine closed before they finished: superseded by typing, left, or idle. */
  aborted: number;
  abortedByReason: Record<string, number>;
  /** Streams the engine closed because a stop rule ended the suggestion (not superseded). */
  stoppedByRules: number;
  /** Calls answered from the open stream or a finished suggestion, without a request. */
  servedFromReuse: number;
  /** Keys that typed what the ghost text showed. */
  typedThrough: number;
  /** Of those, keys the engine answered without a new request (from the open stream or what it knew). */
  typedThroughServedFromReuse: number;
  typedThroughReuseRate: number | null;
  /** Stricter: of those, keys whose call returned ghost text from reuse (not "nothing more here"). */
  typedThroughShownFromReuse: number;
  suggestionsShown: number;
  /** Keystroke → the call for it returned ghost text (every shown suggestion). */
  timeToGhostTextMs: Spread;
  /** The same, for suggestions that needed a new request. */
  timeToGhostTextAfterRequestMs: Spread;
  /** From the server's log when available, else as the engine saw it. */
  maxConcurrentStreams: number;
  maxConcurrentStreamsClient: number;
  /** Superseding keystroke → the server saw the stream's connection closed. Null without a server log. */
  supersededClosedAtServerMs: Spread | null;
  /** Superseding keystroke → the engine's side of the connection closed. */
  supersededClosedAtClientMs: Spread;
  /** Keys followed by a pause of at least 500 ms, and how many of those pauses had (correct) ghost text. */
  pauses: number;
  pausesWithGhostText: number;
  pausesWithCorrectGhostText: number;
  pausesWithWrongGhostText: number;
  serverTokens: number | null;
  requestsPerKeystroke: number;
  serverTokensPerKeystroke: number | null;
}

const SUPERSEDED = new Set(['diverged', 'left', 'replaced']);
const STOP_RULES = new Set([
  'suffix-start', 'next-line-repeat', 'repeated-lines', 'unmatched-bracket', 'blank-line-after-block', 'line-budget', 'token-budget', 'single-line', 'control-token',
]);
export const PAUSE_MS = 500;

export function spread(values: number[]): Spread {
  if (values.length === 0) return { count: 0, p50: null, p90: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (v: number) => Math.round(v * 10) / 10;
  return { count: sorted.length, p50: round(rank(0.5)), p90: round(rank(0.9)), max: round(sorted[sorted.length - 1]!) };
}

const GENERATION = /\/(completions|infill|fim\/completions)$/;

/** Pairs each session with the server's record of it: in order, by the tail of its prompt. */
export function matchRecords(sessions: SessionRecord[], records: ServerRecord[]): Map<number, ServerRecord> {
  const generation = records.filter((r) => GENERATION.test(r.path));
  const matched = new Map<number, ServerRecord>();
  let from = 0;
  for (const session of [...sessions].sort((a, b) => a.startedAt - b.startedAt)) {
    const needle = JSON.stringify(session.prefixTail).slice(1, -1);
    for (let j = from; j < generation.length; j++) {
      if (JSON.stringify(generation[j]!.body).includes(needle)) {
        matched.set(session.id, generation[j]!);
        from = j + 1;
        break;
      }
    }
  }
  return matched;
}

/** Most streams open at once in the server's log (a close and an arrival at the same instant do not overlap). */
export function maxOverlap(records: ServerRecord[]): number {
  const edges: Array<[number, number]> = [];
  for (const r of records.filter((x) => GENERATION.test(x.path))) {
    edges.push([r.receivedAt, 1]);
    edges.push([r.clientClosedAt ?? r.endedAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let max = 0;
  for (const [, delta] of edges) max = Math.max(max, (open += delta));
  return max;
}

export function measure(runs: Array<{ run: TraceRun; server?: ServerRecord[] }>): TypingMetrics {
  const keys = runs.flatMap(({ run }) => run.keystrokes);
  const sessions = runs.flatMap(({ run }) => run.sessions);
  const haveServer = runs.every(({ server }) => server !== undefined);
  const abortedByReason: Record<string, number> = {};
  for (const s of sessions) if (s.abort) abortedByReason[s.abort.reason] = (abortedByReason[s.abort.reason] ?? 0) + 1;
  const shown = keys.filter((k) => k.shown);
  const reused = shown.filter((k) => k.shown!.source !== 'request');
  const typedThrough = keys.filter((k) => k.typedThrough);
  const typedThroughReused = typedThrough.filter((k) => !k.requested);
  const pauses = keys.filter((k) => k.gapAfter >= PAUSE_MS);
  const serverClose: number[] = [];
  const clientClose: number[] = [];
  let serverTokens = 0;
  let serverMax = 0;
  for (const { run, server } of runs) {
    const records = server ? matchRecords(run.sessions, server) : new Map<number, ServerRecord>();
    if (server) {
      serverTokens += server.filter((r) => GENERATION.test(r.path)).reduce((sum, r) => sum + r.tokensSent, 0);
      serverMax = Math.max(serverMax, maxOverlap(server));
    }
    for (const s of run.sessions) {
      if (!s.abort || !SUPERSEDED.has(s.abort.reason)) continue;
      const keystroke = run.keystrokes[s.abort.keystroke];
      if (!keystroke) continue;
      if (s.closedAt !== undefined) clientClose.push(s.closedAt - keystroke.at);
      const record = records.get(s.id);
      // A stream the server had already finished was not open to be closed.
      if (record?.clientClosedAt !== undefined) serverClose.push(record.clientClosedAt - keystroke.at);
    }
  }
  const clientMax = Math.max(0, ...runs.map(({ run }) => run.maxOpenStreamsClient));
  return {
    keystrokes: keys.length,
    edits: keys.filter((k) => k.kind === 'edit').length,
    cursorMoves: keys.filter((k) => k.kind === 'move').length,
    requests: sessions.length,
    speculativeRequests: sessions.filter((s) => s.speculative).length,
    aborted: sessions.filter((s) => s.abort).length,
    abortedByReason,
    stoppedByRules: sessions.filter((s) => s.end && STOP_RULES.has(s.end.reason)).length,
    servedFromReuse: reused.length,
    typedThrough: typedThrough.length,
    typedThroughServedFromReuse: typedThroughReused.length,
    typedThroughReuseRate: typedThrough.length ? Math.round((typedThroughReused.length / typedThrough.length) * 1000) / 1000 : null,
    typedThroughShownFromReuse: typedThrough.filter((k) => k.shown && k.shown.source !== 'request').length,
    suggestionsShown: shown.length,
    timeToGhostTextMs: spread(shown.map((k) => k.shown!.at - k.at)),
    timeToGhostTextAfterRequestMs: spread(shown.filter((k) => k.shown!.source === 'request').map((k) => k.shown!.at - k.at)),
    maxConcurrentStreams: haveServer ? serverMax : clientMax,
    maxConcurrentStreamsClient: clientMax,
    supersededClosedAtServerMs: haveServer ? spread(serverClose) : null,
    supersededClosedAtClientMs: spread(clientClose),
    pauses: pauses.length,
    pausesWithGhostText: pauses.filter((k) => k.visibleBeforeNext).length,
    pausesWithCorrectGhostText: pauses.filter((k) => k.visibleBeforeNext?.correct).length,
    pausesWithWrongGhostText: pauses.filter((k) => k.visibleBeforeNext && !k.visibleBeforeNext.correct).length,
    serverTokens: haveServer ? serverTokens : null,
    requestsPerKeystroke: keys.length ? Math.round((sessions.length / keys.length) * 1000) / 1000 : 0,
    serverTokensPerKeystroke: haveServer && keys.length ? Math.round((serverTokens / keys.length) * 100) / 100 : null,
  };
}

/** The four properties against the fake server. */
export function checks(m: TypingMetrics): Record<string, boolean> {
  return {
    requestsAtMostAQuarterOfKeystrokes: m.requests <= m.keystrokes / 4,
    typedThroughServedFromReuseAtLeast90Percent: (m.typedThroughReuseRate ?? 0) >= 0.9,
    atMostOneStreamOpen: m.maxConcurrentStreams <= 1 && m.maxConcurrentStreamsClient <= 1,
    supersededStreamsClosedWithin50ms: m.supersededClosedAtServerMs !== null && (m.supersededClosedAtServerMs.max ?? 0) <= 50,
  };
}
