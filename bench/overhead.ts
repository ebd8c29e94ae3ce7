// Engine overhead: the time between the endpoint's bytes reaching the extension
// and a ready suggestion, for the real path (provider layer with the openai SDK,
// then the engine: cleaning, stop rules, post-processing) against a bare reader
// (fetch, split lines, JSON.parse) of the same stream from the same server.
//
// Both go through one fetch wrapper that stamps every body chunk as it leaves
// undici. After each request, the chunk that completed the first line (the
// bytes the suggestion needs) is found in the recording; overhead = the moment
// the suggestion was ready − that chunk's stamp. The fake server (own process)
// paces tokens 2 ms apart, so the needed chunk is never queued behind the next.
//
// `tsx bench/overhead.ts [--iterations N] [--json]`
import { CompletionEngine } from '../src/completion/core/engine';
import { DEFAULT_PROMPT_BUDGET } from '../src/completion/core/prompt';
import type { CompletionInput } from '../src/completion/core/types';
import { createInferenceClient } from '../src/providers';
import { systemClock, systemTimers } from '../src/shared/clock';
import { fakeServerEndpoint } from './lib/fakeEndpoint';
import { startFakeServerProcess } from './lib/fakeServerProcess';
import { percentile } from './lib/stats';

const PREFIX = 'export function add(a: number, b: number): number {\n  return ';
const SUFFIX = '\n}\n';
const ANSWER = 'a + b;\n';
const TOKENS_PER_SECOND = 500;

interface Chunk {
  at: number;
  bytes: Uint8Array;
}

export interface OverheadFigures {
  p50: number;
  p99: number;
  max: number;
}

export interface OverheadResult {
  iterations: number;
  tokensPerSecond: number;
  /** Engine: needed bytes in → suggestion returned by provide(). */
  engineMs: OverheadFigures;
  /** Bare reader: needed bytes in → first line parsed. */
  bareMs: OverheadFigures;
  /** Engine minus bare, at each percentile. */
  addedMs: { p50: number; p99: number };
  failures: number;
}

/** The stamp of the chunk after which the streamed text first holds a whole line. */
export function neededChunkAt(chunks: readonly Chunk[]): number | undefined {
  const decoder = new TextDecoder();
  let buffer = '';
  let content = '';
  for (const chunk of chunks) {
    buffer += decoder.decode(chunk.bytes, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line.startsWith('data:') || line === 'data: [DONE]') continue;
      const event = JSON.parse(line.slice(5)) as { choices?: Array<{ text?: string }> };
      content += event.choices?.[0]?.text ?? '';
      if (/\S[^\n]*\n/.test(content)) return chunk.at;
    }
  }
  return undefined;
}

function stampingFetch(sink: () => Chunk[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const chunks = sink();
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(bytes, controller) {
          chunks.push({ at: performance.now(), bytes });
          controller.enqueue(bytes);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** A bare client: reads the stream, splits lines, parses events, stops at the first whole line. */
async function bareFirstLine(doFetch: typeof fetch, url: string, body: unknown): Promise<number | undefined> {
  const response = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let content = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return undefined;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line.startsWith('data:') || line === 'data: [DONE]') continue;
      content += (JSON.parse(line.slice(5)) as { choices?: Array<{ text?: string }> }).choices?.[0]?.text ?? '';
      if (/\S[^\n]*\n/.test(content)) {
        const ready = performance.now();
        await reader.cancel();
        return ready;
      }
    }
  }
}

const figures = (values: number[]): OverheadFigures => ({
  p50: round(percentile(values, 0.5)),
  p99: round(percentile(values, 0.99)),
  max: round(Math.max(...values)),
});
const round = (v: number) => Math.round(v * 1000) / 1000;

export async function runOverhead(options: { iterations: number; warmup?: number }): Promise<OverheadResult> {
  const server = await startFakeServerProcess({ ttftMs: 5, tokensPerSecond: TOKENS_PER_SECOND, response: { kind: 'text', text: ANSWER } });
  let chunks: Chunk[] = [];
  const doFetch = stampingFetch(() => chunks);
  const endpoint = fakeServerEndpoint(server.baseUrl);
  const client = createInferenceClient(endpoint, { fetch: doFetch });
  const engine = new CompletionEngine(
    {
      debounce: 'adaptive', fixedDebounceMs: 0, multiline: 'auto', maxLines: 12, speculative: false, contextFromOtherFiles: false,
      maxTokens: endpoint.completionMaxTokens, budget: DEFAULT_PROMPT_BUDGET, idleAbortMs: 2000,
    },
    { backend: (req, signal) => client.streamFim(req, signal), clock: systemClock, timers: systemTimers },
  );
  const engineMs: number[] = [];
  const bareMs: number[] = [];
  let failures = 0;
  let bareBody: unknown;
  const warmup = options.warmup ?? 30;
  try {
    for (let i = 0; i < warmup + options.iterations; i++) {
      // The engine: a fresh document each time, so nothing is served from reuse.
      chunks = [];
      const docKey = `overhead:///${i}.ts`;
      engine.noteDocumentChange(docKey, 1);
      const input: CompletionInput = { docKey, version: 1, offset: PREFIX.length, prefix: PREFIX, suffix: SUFFIX, languageId: 'typescript', filePath: '/bench/add.ts', trigger: 'manual' };
      const suggestion = await engine.provide(input, new AbortController().signal);
      const ready = performance.now();
      const needed = neededChunkAt(chunks);
      engine.noteActiveDocument(undefined);
      if (suggestion?.text !== ANSWER.trim() || needed === undefined) failures++;
      else if (i >= warmup) engineMs.push(ready - needed);
      // The bare reader, on the very request body the engine sent.
      bareBody ??= (await server.requests()).find((r) => r.path.endsWith('/completions'))?.body;
      chunks = [];
      const bareReady = await bareFirstLine(doFetch, `${server.baseUrl}/completions`, bareBody);
      const bareNeeded = neededChunkAt(chunks);
      if (bareReady === undefined || bareNeeded === undefined) failures++;
      else if (i >= warmup) bareMs.push(bareReady - bareNeeded);
    }
  } finally {
    engine.dispose();
    await server.close();
  }
  const engineFigures = figures(engineMs);
  const bareFigures = figures(bareMs);
  return {
    iterations: options.iterations,
    tokensPerSecond: TOKENS_PER_SECOND,
    engineMs: engineFigures,
    bareMs: bareFigures,
    addedMs: { p50: round(engineFigures.p50 - bareFigures.p50), p99: round(engineFigures.p99 - bareFigures.p99) },
    failures,
  };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--iterations');
  const iterations = at >= 0 ? Number(argv[at + 1]) : 500;
  runOverhead({ iterations }).then(
    (r) => {
      if (argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
      else console.log(`engine p50 ${r.engineMs.p50} ms, p99 ${r.engineMs.p99} ms; bare p50 ${r.bareMs.p50} ms, p99 ${r.bareMs.p99} ms; ${r.failures} failures over ${r.iterations}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
