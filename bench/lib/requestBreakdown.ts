// Where a strategy's requests and server tokens go, in one typing cell: each
// request sorted by whether it was speculative, how it ended, whether its
// answer was ever shown (and right), and whether a speculative request's spot
// lies on the way the user actually typed. For finding what a strategy wastes.
//
// `npx tsx bench/lib/requestBreakdown.ts [--strategy ours] [--model current-line] [--tokens-per-second 500] [--ttft-ms 200] [--detail]`
// `--detail` also prints every request in order: segment, time, kind, where it was
// asked (end of the text before the cursor), how it ended, tokens, what it produced.
import type { CompletionEngine } from '../../src/completion/core/engine';
import type { FimBackend } from '../../src/completion/core/session';
import { createInferenceClient } from '../../src/providers';
import { systemClock, systemTimers } from '../../src/shared/clock';
import { startFakeServer } from '../../test/fake-server/server';
import { strategyNamed } from '../strategies';
import { matchRecords } from '../typing/metrics';
import { replayTrace } from '../typing/replay';
import { benchTraceNames, loadTrace } from '../typing/run';
import { fakeServerEndpoint } from './fakeEndpoint';
import { oracleResponse } from './models';
import { segmentTrace } from './segments';
import { recordingShown } from './typingCell';
import type { ShownSuggestion } from './waste';

interface Tracked {
  prefix: string;
  at: number;
  speculative: boolean;
  ending?: string;
  output?: string;
}

function option(argv: string[], flag: string, fallback: string): string {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] ?? fallback : fallback;
}

async function main(argv: string[]): Promise<void> {
  const name = option(argv, '--strategy', 'ours');
  const traces = benchTraceNames().map(loadTrace);
  const server = await startFakeServer({
    ttftMs: Number(option(argv, '--ttft-ms', '200')),
    tokensPerSecond: Number(option(argv, '--tokens-per-second', '500')),
    response: oracleResponse(option(argv, '--model', 'current-line'), traces.map((t) => ({ text: t.text }))),
  });
  const endpoint = fakeServerEndpoint(server.baseUrl);
  const client = createInferenceClient(endpoint);
  const detail = argv.includes('--detail');
  const groups = new Map<string, { requests: number; tokens: number }>();
  const rows: string[] = [];
  await Promise.all(
    traces.flatMap((t) => segmentTrace(t, 30000)).map(async (segment) => {
      const prefixes: string[] = [];
      const backend: FimBackend = (req, signal) => {
        prefixes.push(req.prefix);
        return client.streamFim(req, signal);
      };
      const strategy = strategyNamed(name).create({ backend, clock: systemClock, timers: systemTimers, maxTokens: endpoint.completionMaxTokens });
      const tracked = new Map<number, Tracked>();
      const shown: ShownSuggestion[] = [];
      strategy.onEvent((e) => {
        if (e.type === 'request') tracked.set(e.sessionId, { prefix: prefixes[tracked.size] ?? '', at: e.at, speculative: e.speculative });
        else if (e.type === 'abort') tracked.get(e.sessionId)!.ending = `aborted (${e.reason})`;
        else if (e.type === 'end') Object.assign(tracked.get(e.sessionId)!, { output: e.output }, tracked.get(e.sessionId)!.ending ? {} : { ending: `ended (${e.reason})` });
      });
      const recording = recordingShown(strategy, shown);
      const run = await replayTrace(segment, recording as unknown as CompletionEngine, { speed: 1, requestPrefixes: prefixes });
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const records = matchRecords(run.sessions, server.requests());
      const segmentStart = Math.min(...[...tracked.values()].map((r) => r.at));
      for (const [id, r] of tracked) {
        // Shown: a suggestion whose first line is what this answer had at that spot.
        const fits = (s: ShownSuggestion) => r.output !== undefined && s.prefix.startsWith(r.prefix) && (r.prefix + r.output).startsWith(s.prefix + s.text.split('\n')[0]);
        const wasShown = shown.some(fits);
        const right = shown.some((s) => fits(s) && segment.text.startsWith(s.prefix + s.text.split('\n')[0]));
        const where = r.speculative ? (segment.text.startsWith(r.prefix) ? ', spot on the typed path' : ', spot never reached') : '';
        const key = `${r.speculative ? 'speculative' : 'request'}, ${r.ending ?? 'open'}, ${right ? 'shown and right' : wasShown ? 'shown, wrong' : 'never shown'}${where}`;
        if (detail) {
          const show = (text: string | undefined, n: number) => JSON.stringify(text === undefined ? '' : text.length > n ? `${text.slice(0, n)}…` : text);
          rows.push(`${segment.name.padEnd(26)} ${String(Math.round(r.at - segmentStart)).padStart(6)} ms ${String(records.get(id)?.tokensSent ?? '?').padStart(4)} tok  …${show(r.prefix.slice(-30), 30)} → ${show(r.output, 50)}  ${key}`);
        }
        const g = groups.get(key) ?? { requests: 0, tokens: 0 };
        g.requests++;
        g.tokens += records.get(id)?.tokensSent ?? 0;
        groups.set(key, g);
      }
      strategy.dispose();
    }),
  );
  if (detail) console.log(rows.sort().join('\n'));
  const total = server.requests().reduce((sum, r) => sum + r.tokensSent, 0);
  for (const [key, g] of [...groups].sort((a, b) => b[1].requests - a[1].requests)) console.log(`${String(g.requests).padStart(4)} requests ${String(g.tokens).padStart(6)} tokens  ${key}`);
  const attributed = [...groups.values()].reduce((sum, g) => sum + g.tokens, 0);
  console.log(`${server.requests().length} requests and ${total} tokens in the server's log; ${attributed} tokens matched to a request`);
  await server.close();
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
