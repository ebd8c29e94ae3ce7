// The completion corpus: realistic model answers (test/fixtures/completions) run through the
// whole path a suggestion takes, from the server's SSE events to the ghost text: the
// provider's transport (its stop filter, the chat hole-filler's answer cleaner), the
// engine's session (cleaning, start fixes, stop rules) and its serving (post-processing).
// Each case runs finished (one event) and still streaming (cut into several events, the
// engine asked after each one): the text shown at the end must equal the case's, and what
// is shown on the way must be a start of it. `npm run test:corpus` prints pass counts.
import { strict as assert } from 'node:assert';
import { createInferenceClient } from '../../../src/providers';
import type { EndpointConfig, FimTransportId } from '../../../src/providers/types';
import type { Suggestion } from '../../../src/completion/core/types';
import { chatChunk, endpoint, scriptedFetch, textChunk } from '../providers/helpers';
import { chunkings, CLASSES, loadCorpus, type CorpusCase, type Transport } from './corpusCases';
import { CompletionEngine } from '../../../src/completion/core/engine';
import { Doc, flush, ManualTime, TEST_OPTIONS } from './fakes';

const EXTENSIONS: Record<string, string> = {
  typescript: 'ts', javascript: 'js', typescriptreact: 'tsx', python: 'py', go: 'go', rust: 'rs', java: 'java', csharp: 'cs', cpp: 'cpp', c: 'c',
  ruby: 'rb', php: 'php', sql: 'sql', yaml: 'yaml', json: 'json', markdown: 'md', css: 'css', shellscript: 'sh',
};

const TRANSPORT: Record<Transport, { id: FimTransportId; event: (text: string) => unknown; end?: unknown }> = {
  fim: { id: 'completions-suffix', event: textChunk },
  infill: { id: 'llama-infill', event: (content) => ({ content, stop: false }), end: { content: '', stop: true, stop_type: 'eos' } },
  chat: { id: 'chat', event: chatChunk },
};

/** A server response whose SSE events the runner sends one at a time. */
class ScriptedResponse {
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();
  readonly response = new Response(new ReadableStream<Uint8Array>({ start: (c) => void (this.controller = c) }), {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
  });
  send(data: unknown): void {
    this.controller.enqueue(this.encoder.encode(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`));
  }
  close(): void {
    this.controller.close();
  }
}

interface RunResult {
  final: Suggestion | undefined;
  /** Every suggestion the engine showed while the answer was still arriving. */
  along: Suggestion[];
}

/** Runs one case with the answer cut into `pieces`. */
async function runCase(c: CorpusCase, pieces: string[]): Promise<RunResult> {
  const responses: ScriptedResponse[] = [];
  const { fetch } = scriptedFetch(() => {
    const r = new ScriptedResponse();
    responses.push(r);
    return r.response;
  });
  let received = 0;
  const transport = TRANSPORT[c.transport];
  const config: EndpointConfig = endpoint({ fimTransport: transport.id, completionMaxTokens: 128 });
  const time = new ManualTime();
  const client = createInferenceClient(config, { fetch, clock: time, timers: time, observer: { onProgress: () => void received++ } });
  // No asking ahead: one request per case, answered by the case's output.
  const engine = new CompletionEngine(
    { ...TEST_OPTIONS, debounce: 'fixed', fixedDebounceMs: 0, speculative: false },
    { backend: (req, signal) => client.streamFim(req, signal), clock: time, timers: time },
  );
  let ended = false;
  engine.onEvent((e) => {
    if (e.type === 'end') ended = true;
  });
  const doc = new Doc(c.prefix + c.suffix, c.prefix.length, `file:///corpus/case.${EXTENSIONS[c.language] ?? 'txt'}`, c.language);
  doc.type('', engine);
  const along: Suggestion[] = [];
  const first = engine.provide(doc.input(), new AbortController().signal).then((s) => void (s && along.push(s)));
  /** Lets the engine take in what was sent; waits for the sign that it arrived, or for the stream's end. */
  const settle = async (until: () => boolean) => {
    for (let i = 0; i < 500 && !until(); i++) await flush();
    if (!until()) throw new Error('the engine did not take in the event');
  };
  await settle(() => responses.length > 0);
  const response = responses[0]!;
  for (const piece of pieces) {
    if (ended) break;
    const before = received;
    response.send(transport.event(piece));
    await settle(() => received > before || ended);
    await flush();
    const asked = new AbortController();
    const now = engine.provide(doc.input(), asked.signal).then((s) => void (s && along.push(s)));
    await flush();
    asked.abort();
    await now;
  }
  if (!ended) {
    if (transport.end) response.send(transport.end);
    else response.send('[DONE]');
    response.close();
    await settle(() => ended);
  }
  await first;
  const final = await engine.provide(doc.input(), new AbortController().signal);
  engine.dispose();
  return { final, along };
}

const show = (s: { text: string; replaceLength: number } | undefined) => (s === undefined ? 'nothing' : `${JSON.stringify(s.text)}${s.replaceLength ? ` replacing ${s.replaceLength}` : ''}`);

function problemsOf(c: CorpusCase, result: RunResult): string[] {
  const problems: string[] = [];
  const got = result.final && { text: result.final.text, replaceLength: result.final.replaceLength };
  if (show(got) !== show(c.shown)) problems.push(`shows ${show(got)}, wants ${show(c.shown)}`);
  for (const s of result.along) {
    if (!c.shown || !c.shown.text.startsWith(s.text)) problems.push(`showed ${JSON.stringify(s.text)} on the way to ${show(c.shown)}`);
  }
  return problems;
}

const cases = loadCorpus();
const passed = new Map<CorpusCase, boolean>();

/** Pass counts by one key, as table rows. */
function table(title: string, key: (c: CorpusCase) => string, order?: readonly string[]): string {
  const rows = new Map<string, { pass: number; total: number }>();
  for (const k of order ?? []) rows.set(k, { pass: 0, total: 0 });
  for (const c of cases) {
    const row = rows.get(key(c)) ?? { pass: 0, total: 0 };
    row.total++;
    if (passed.get(c)) row.pass++;
    rows.set(key(c), row);
  }
  const width = Math.max(title.length, ...[...rows.keys()].map((k) => k.length));
  const lines = [...rows].sort(([a], [b]) => (order ? 0 : a.localeCompare(b))).map(([k, r]) => `  ${k.padEnd(width)}  ${String(r.pass).padStart(3)} / ${String(r.total).padEnd(3)}`);
  return [`  ${title.padEnd(width)}  pass / cases`, ...lines].join('\n');
}

describe('completion corpus: realistic model answers, from SSE to ghost text', function () {
  this.timeout(60_000);

  it('has at least 200 cases in at least 12 languages, and 8 of each class', () => {
    assert.ok(cases.length >= 200, `${cases.length} cases`);
    assert.ok(new Set(cases.map((c) => c.language)).size >= 12);
    for (const k of CLASSES) assert.ok(cases.filter((c) => c.caseClass === k).length >= 8, `class ${k}`);
  });

  for (const c of cases) {
    it(`${c.name}`, async () => {
      passed.set(c, false);
      const problems: string[] = [];
      for (const { name, pieces } of chunkings(c.output)) {
        for (const p of problemsOf(c, await runCase(c, pieces))) problems.push(`${name}: ${p}`);
      }
      assert.deepEqual(problems, []);
      passed.set(c, true);
    });
  }

  after(() => {
    const total = [...passed.values()].filter(Boolean).length;
    console.log(`\ncompletion corpus: ${total} of ${cases.length} cases pass (each finished and streamed in ${chunkings('abc').length} ways)\n`);
    console.log(table('class', (c) => c.caseClass, CLASSES));
    console.log('');
    console.log(table('language', (c) => c.language));
    console.log('');
    console.log(table('transport', (c) => c.transport));
    console.log('');
    console.log(table('cursor', (c) => c.cursor));
  });
});
