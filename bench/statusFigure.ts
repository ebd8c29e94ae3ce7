// `npm run bench:figure`: the tokens/second figure the status bar shows after each of 40
// completions of 2–10 tokens, through the real provider client, live meter, history and status
// model, against the fake server at 2,000 and at 60 tokens/s: in llama.cpp mode (the server's
// own figure, `timings_per_token`) and in OpenAI mode (no server figure: the figure pooled from
// what the client measured). Beside it, the per-request client figure the status bar showed before,
// and the rate the server really sent at (its own clock, pooled): the true rate the figure is held to.
import { resolveEndpoint } from '../src/config/core/profiles';
import { DEFAULT_SETTINGS } from '../src/config/core/settings';
import { createInferenceClient } from '../src/providers';
import { systemClock, systemTimers } from '../src/shared/clock';
import { SpeedHistory } from '../src/speed/core/history';
import { LiveSpeedMeter } from '../src/speed/core/liveMeter';
import { StatusController, fanOut, historyRecorder } from '../src/speed/core/statusController';
import { startFakeServerProcess } from './lib/fakeServerProcess';
import { fillerCode } from '../test/fake-server/tokens';

const REQUESTS = 40;

async function measure(rate: number, mode: 'llamacpp' | 'openai'): Promise<string> {
  // In its own process, as a real server is: its pacing does not wait on the client's event loop.
  const server = await startFakeServerProcess({ ttftMs: 5, tokensPerSecond: rate, flavour: mode });
  const meter = new LiveSpeedMeter(systemClock, systemTimers);
  const history = new SpeedHistory(100);
  const status = new StatusController({ meter, history, timers: systemTimers, wallNow: Date.now });
  try {
    const preset = mode === 'llamacpp' ? 'llamacpp' : 'custom';
    const endpoint = {
      ...resolveEndpoint({ id: 'bench', preset, baseUrl: server.baseUrl, completionModel: 'fake-coder', chatModel: 'fake-chat' }, DEFAULT_SETTINGS, undefined),
      fimTransport: mode === 'llamacpp' ? ('llama-infill' as const) : ('completions-suffix' as const),
    };
    status.setProviders({ completion: { profileId: 'bench', providerName: endpoint.providerName, model: endpoint.completionModel } });
    const client = createInferenceClient(endpoint, { observer: fanOut([meter, historyRecorder(history)]) });
    const shown: number[] = [];
    const single: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      await server.configure({ response: { kind: 'text', text: fillerCode(2 + ((i * 7) % 9)) } });
      const outcome = await client.streamFim({ prefix: `function f${i}() {\n`, suffix: '\n}\n', maxTokens: 16 }, new AbortController().signal).outcome;
      if (outcome.sample.tokensPerSecond !== null) single.push(outcome.sample.tokensPerSecond);
      const m = /([\d,.]+) tok\/s/.exec(status.view.text);
      if (m) shown.push(Number(m[1].replace(/,/g, '')));
    }
    const last20 = shown.slice(0, 20);
    const within = (v: number) => Math.abs(v - rate) / rate <= 0.1;
    const range = (v: number[]) => (v.length ? `${Math.round(Math.min(...v))}–${Math.round(Math.max(...v))}` : '–');
    let run = 0;
    let longest = 0;
    for (const v of shown) {
      run = within(v) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    // What the server really sent: its tokens after the first over the time from its first token to its end, pooled.
    const records = (await server.requests()).filter((r) => r.firstTokenAt !== undefined && r.endedAt !== undefined && r.tokensSent > 1);
    const sent = records.reduce((n, r) => n + r.tokensSent - 1, 0);
    const sentMs = records.reduce((n, r) => n + (r.endedAt! - r.firstTokenAt!), 0);
    return `| ${rate} | ${Math.round((sent * 1000) / sentMs)} | ${mode} | ${REQUESTS - shown.length} | ${range(last20)} | ${last20.filter(within).length} of ${last20.length} | ${longest} of ${shown.length} | ${range(single)} | ${single.filter(within).length} of ${single.length} |`;
  } finally {
    status.dispose();
    meter.dispose();
    await server.close();
  }
}

async function main(): Promise<void> {
  const rows = [
    '| Server tok/s | Sent at (pooled, server side) | Mode | Requests before a figure | First 20 figures shown (min–max) | Within ±10% | Longest run within ±10% | Per-request client figures (min–max) | Within ±10% |',
    '|--:|--:|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const rate of [2000, 60]) for (const mode of ['llamacpp', 'openai'] as const) rows.push(await measure(rate, mode));
  console.log(rows.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
