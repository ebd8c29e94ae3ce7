// Heap after 1,000 completions: the real engine and provider layer in this
// process (started with --expose-gc), the fake server in its own. Each
// completion is a manual trigger at a new spot of one document, so the cache
// and the recent suggestions fill up as they do in use. Prints JSON: the heap
// right after the last completion and again after `idleMs` of quiet.
import { CompletionEngine } from '../../src/completion/core/engine';
import type { CompletionInput } from '../../src/completion/core/types';
import { createInferenceClient } from '../../src/providers';
import { systemClock, systemTimers } from '../../src/shared/clock';
import { ENGINE_DEFAULTS } from '../typing/run';
import { fakeServerEndpoint } from './fakeEndpoint';
import { startFakeServerProcess } from './fakeServerProcess';

const gc = (globalThis as { gc?: () => void }).gc;
const mib = (bytes: number) => Math.round((bytes / 1048576) * 100) / 100;

function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

async function main(count: number, idleMs: number): Promise<void> {
  if (!gc) throw new Error('run with node --expose-gc');
  const server = await startFakeServerProcess({ ttftMs: 1, tokensPerSecond: 100000, response: { kind: 'text', text: 'total += values[i] * weight;\n' } });
  try {
    const endpoint = fakeServerEndpoint(server.baseUrl);
    const client = createInferenceClient(endpoint);
    const engine = new CompletionEngine(
      { ...ENGINE_DEFAULTS, maxTokens: endpoint.completionMaxTokens },
      { backend: (req, signal) => client.streamFim(req, signal), clock: systemClock, timers: systemTimers },
    );
    let head = 'function weighted(values: number[], weight: number): number {\n  let total = 0;\n';
    const complete = async (i: number) => {
      head += `  // step ${i}\n  `;
      const input: CompletionInput = {
        docKey: 'heap:///weighted.ts', version: i + 2, offset: head.length, prefix: head, suffix: '\n  return total;\n}\n',
        languageId: 'typescript', filePath: '/bench/weighted.ts', trigger: 'manual',
      };
      engine.noteDocumentChange(input.docKey, input.version);
      const suggestion = await engine.provide(input, new AbortController().signal);
      if (!suggestion) throw new Error(`completion ${i} returned nothing`);
      head += suggestion.text + '\n';
      // Keep the document a realistic size: the editor's text is not the engine's memory.
      if (head.length > 20000) head = head.slice(head.length - 20000);
    };
    for (let i = 0; i < 20; i++) await complete(i);
    const before = settledHeap();
    const started = performance.now();
    for (let i = 20; i < 20 + count; i++) await complete(i);
    const elapsedMs = performance.now() - started;
    engine.noteActiveDocument(undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = settledHeap();
    // Streams that were closed early can stay referenced until the provider layer's stall
    // watchdog (the first-token timeout, 20 s by default) has fired; measure again after it.
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const afterIdle = settledHeap();
    const requests = (await server.requests()).filter((r) => r.path.endsWith('/completions')).length;
    console.log(JSON.stringify({ completions: count, requests, heapBeforeMiB: mib(before), heapAfterMiB: mib(after), growthMiB: mib(after - before), idleMs, heapAfterIdleMiB: mib(afterIdle), growthAfterIdleMiB: mib(afterIdle - before), rssMiB: mib(process.memoryUsage().rss), elapsedMs: Math.round(elapsedMs) }));
    engine.dispose();
  } finally {
    await server.close();
  }
}

main(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 25000)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
