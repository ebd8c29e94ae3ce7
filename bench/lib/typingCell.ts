// One strategy in one cell of the typing grid: its own fake server (oracle over
// the traces' files with the cell's model behaviour, speed and time to first token), the real
// provider layer, and every trace segment replayed at the same time, each as its
// own editor window with its own instance of the strategy. The replay driver and
// the per-keystroke figures are bench:typing's; this adds the server's token
// count and the tokens that were of use.
import type { CompletionEngine } from '../../src/completion/core/engine';
import type { FimBackend } from '../../src/completion/core/session';
import { createInferenceClient } from '../../src/providers';
import { systemClock, systemTimers } from '../../src/shared/clock';
import { startFakeServer } from '../../test/fake-server/server';
import { strategyNamed, type Strategy } from '../strategies';
import { measure, type Spread } from '../typing/metrics';
import { replayTrace, type TraceRun } from '../typing/replay';
import { loadTrace } from '../typing/run';
import type { Trace } from '../typing/typist';
import { segmentTrace, truncateTrace } from './segments';
import { fakeServerEndpoint } from './fakeEndpoint';
import { oracleResponse } from './models';
import { usefulTokens, type ShownSuggestion } from './waste';

export interface CellSpec {
  strategy: string;
  tokensPerSecond: number;
  ttftMs: number;
  traces: string[];
  /** Segment length, ms of trace time. */
  segmentMs: number;
  /** Keep only the first this-many ms of each trace (quick runs). */
  traceMs?: number;
  /** How the oracle answers (bench/lib/models.ts). */
  model: string;
}

export interface CellResult {
  strategy: string;
  model: string;
  tokensPerSecond: number;
  ttftMs: number;
  segments: number;
  keystrokes: number;
  /** Generation requests in the server's log. */
  requests: number;
  /** The same, as the strategy reported them (a cross-check). */
  requestsReported: number;
  speculativeRequests: number;
  /** Streams the strategy closed before they ended (superseded, left, idle). */
  aborted: number;
  serverTokens: number;
  usefulTokens: number;
  thrownAwayTokens: number;
  suggestionsShown: number;
  timeToGhostTextMs: Spread;
  timeToGhostTextAfterRequestMs: Spread;
  pauses: number;
  pausesWithCorrectGhostText: number;
  /** Most streams one editor had open at once. */
  maxOpenStreams: number;
  /** Responses still being written when the log was read (should be 0). */
  unfinishedResponses: number;
  wallMs: number;
}

const GENERATION = /\/(completions|infill|fim\/completions)$/;

/** Wraps a strategy so each suggestion VS Code would show (the call was not cancelled) is recorded. */
export function recordingShown(strategy: Strategy, shown: ShownSuggestion[]): Strategy {
  return {
    provide: async (input, signal) => {
      const suggestion = await strategy.provide(input, signal);
      if (suggestion && !signal.aborted) shown.push({ prefix: input.prefix, text: suggestion.text });
      return suggestion;
    },
    noteDocumentChange: (docKey, version) => strategy.noteDocumentChange(docKey, version),
    noteCursor: (docKey, offset, version) => strategy.noteCursor(docKey, offset, version),
    noteActiveDocument: (docKey) => strategy.noteActiveDocument(docKey),
    onEvent: strategy.onEvent,
    dispose: () => strategy.dispose(),
  };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
}

export async function runCell(spec: CellSpec): Promise<CellResult> {
  const started = Date.now();
  const info = strategyNamed(spec.strategy);
  const traces = spec.traces.map(loadTrace);
  const server = await startFakeServer({
    ttftMs: spec.ttftMs,
    tokensPerSecond: spec.tokensPerSecond,
    response: oracleResponse(spec.model, traces.map((t) => ({ text: t.text }))),
  });
  try {
    const endpoint = fakeServerEndpoint(server.baseUrl);
    const client = createInferenceClient(endpoint);
    const segments: Trace[] = traces.flatMap((t) => segmentTrace(spec.traceMs ? truncateTrace(t, spec.traceMs) : t, spec.segmentMs));
    const played = await Promise.all(
      segments.map(async (segment) => {
        const requestPrefixes: string[] = [];
        const backend: FimBackend = (req, signal) => {
          requestPrefixes.push(req.prefix);
          return client.streamFim(req, signal);
        };
        const strategy = info.create({ backend, clock: systemClock, timers: systemTimers, maxTokens: endpoint.completionMaxTokens });
        const shown: ShownSuggestion[] = [];
        // The replay needs only the engine's public calls, which every strategy has.
        const target = recordingShown(strategy, shown) as unknown as CompletionEngine;
        const run: TraceRun = await replayTrace(segment, target, { speed: 1, requestPrefixes });
        strategy.dispose();
        return { run, useful: usefulTokens(segment.text, shown) };
      }),
    );
    // Strategies that never close a connection leave answers running: let them finish.
    await until(() => server.activeResponses() === 0, 15000);
    const generation = server.requests().filter((r) => GENERATION.test(r.path));
    const m = measure(played.map(({ run }) => ({ run })));
    const serverTokens = generation.reduce((sum, r) => sum + r.tokensSent, 0);
    const useful = played.reduce((sum, p) => sum + p.useful, 0);
    return {
      strategy: spec.strategy,
      model: spec.model,
      tokensPerSecond: spec.tokensPerSecond,
      ttftMs: spec.ttftMs,
      segments: segments.length,
      keystrokes: m.keystrokes,
      requests: generation.length,
      requestsReported: m.requests,
      speculativeRequests: m.speculativeRequests,
      aborted: m.aborted,
      serverTokens,
      usefulTokens: useful,
      thrownAwayTokens: Math.max(0, serverTokens - useful),
      suggestionsShown: m.suggestionsShown,
      timeToGhostTextMs: m.timeToGhostTextMs,
      timeToGhostTextAfterRequestMs: m.timeToGhostTextAfterRequestMs,
      pauses: m.pauses,
      pausesWithCorrectGhostText: m.pausesWithCorrectGhostText,
      maxOpenStreams: m.maxConcurrentStreamsClient,
      unfinishedResponses: server.activeResponses(),
      wallMs: Date.now() - started,
    };
  } finally {
    await server.close();
  }
}

/** Child-process entry: `node --import tsx bench/lib/typingCell.ts '<CellSpec JSON>'` prints the CellResult as JSON. */
if (require.main === module) {
  runCell(JSON.parse(process.argv[2] ?? '{}') as CellSpec).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.stack : err);
      process.exit(1);
    },
  );
}
