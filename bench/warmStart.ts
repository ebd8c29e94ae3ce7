// `npm run bench:warm`: the first completion of a session against the tenth, with and without
// the connection warm-up the extension does at activation (src/providers/warm.ts). Each run
// starts a fresh fake server (llama.cpp mode, 30 ms to the first token) on a new port, so the
// first request finds no connection left from an earlier run. Median of 5 runs.
import { createInferenceClient } from '../src/providers';
import { ConnectionWarmer } from '../src/providers/warm';
import { resolveEndpoint } from '../src/config/core/profiles';
import { DEFAULT_SETTINGS } from '../src/config/core/settings';
import { systemClock } from '../src/shared/clock';
import { startFakeServer } from '../test/fake-server/server';

interface Run {
  first: number;
  tenth: number;
  /** The first completion went over a connection the server had not seen before. */
  newConnection: boolean;
}

async function run(warm: boolean): Promise<Run> {
  const server = await startFakeServer({ flavour: 'llamacpp', ttftMs: 30, tokensPerSecond: 2000, response: { kind: 'text', text: 'return total;' } });
  try {
    const endpoint = {
      ...resolveEndpoint({ id: 'bench', preset: 'llamacpp', baseUrl: server.baseUrl, completionModel: 'fake-coder', chatModel: 'fake-chat' }, DEFAULT_SETTINGS, undefined),
      fimTransport: 'llama-infill' as const,
    };
    const client = createInferenceClient(endpoint);
    if (warm) {
      let warmed: Promise<unknown> = Promise.resolve();
      new ConnectionWarmer(() => (warmed = client.listModels()), systemClock).touch();
      await warmed;
      // The activation comes well before the first keystroke; let the connection go back to the pool.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ttfts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const outcome = await client.streamFim({ prefix: `function f${i}() {\n  `, suffix: '\n}\n', maxTokens: 8 }, new AbortController().signal).outcome;
      ttfts.push(outcome.sample.ttftMs ?? Number.NaN);
    }
    const records = server.requests();
    const firstInfill = records.find((r) => r.path === '/infill')!;
    const seenBefore = records.filter((r) => r.id < firstInfill.id).map((r) => r.connection);
    return { first: ttfts[0], tenth: ttfts[9], newConnection: !seenBefore.includes(firstInfill.connection) };
  } finally {
    await server.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const rows: string[] = ['| Start | First request TTFT (median of 5) | Tenth request TTFT | First − tenth | First request on a new connection |', '|---|--:|--:|--:|--:|'];
  for (const warm of [false, true]) {
    const runs: Run[] = [];
    for (let i = 0; i < 5; i++) runs.push(await run(warm));
    const first = median(runs.map((r) => r.first));
    const tenth = median(runs.map((r) => r.tenth));
    rows.push(`| ${warm ? 'warmed at activation' : 'cold'} | ${first.toFixed(1)} ms | ${tenth.toFixed(1)} ms | ${(first - tenth).toFixed(1)} ms | ${runs.filter((r) => r.newConnection).length} of 5 |`);
  }
  console.log(rows.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
