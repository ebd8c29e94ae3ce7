// How much of each completion prompt a server has to process again while someone types into
// a long file: the real prompt builder and provider client against the fake server with a
// prompt cache (llama-server's 4 slots, or an OpenAI-style exact-prefix cache). Typing goes
// into the middle of a 1,500-line file; a completion is asked every few words, and every
// other one is superseded after its first token, as the next key would. The server's log
// says, per request, how many prompt tokens it took from its cache and how many it processed.
import { buildFimRequest, DEFAULT_PROMPT_BUDGET, promptBudgetFor, type PromptBudget } from '../../src/completion/core/prompt';
import { resolveEndpoint } from '../../src/config/core/profiles';
import { DEFAULT_SETTINGS } from '../../src/config/core/settings';
import { createInferenceClient } from '../../src/providers';
import type { FimTransportId, SpeedSample } from '../../src/providers/types';
import { startFakeServer } from '../../test/fake-server/server';
import { countTokens, fillerCode } from '../../test/fake-server/tokens';
import type { PromptCacheOptions } from '../../test/fake-server/promptCache';

export interface LayoutChoice {
  name: string;
  /** Pass the cursor's document offset, so the prefix window is anchored (today's layout does not). */
  anchored: boolean;
  budget: PromptBudget;
}

export interface CacheMode {
  name: string;
  flavour: 'llamacpp' | 'openai';
  cache: PromptCacheOptions;
  transport: FimTransportId;
}

export interface PromptCacheRow {
  mode: string;
  layout: string;
  requests: number;
  /** Prompt tokens processed (not from the cache) per request after the first: p50, p95, max. */
  processed: { p50: number; p95: number; max: number };
  /** Cached prompt tokens ÷ all prompt tokens, over the requests after the first. */
  cacheHitShare: number;
  /** Requests after the first that processed more than the text typed since the one before, the suffix window and 10%. */
  overBound: number;
  /** Requests that processed (nearly) the whole prompt again. */
  fullReprocessings: number;
  /** Requests whose prompt started somewhere else in the file than the one before (the prefix window moved). */
  windowMoves: number;
  /** Requests over the bound that were not at a move of the window. */
  overBoundElsewhere: number;
  /** The same share as the extension read it from the server's answers (timings / usage), where it could. */
  clientReadShare: number | null;
}

export const LAYOUTS: LayoutChoice[] = [
  { name: 'sliding window, suffix 15% (before)', anchored: false, budget: { ...DEFAULT_PROMPT_BUDGET, suffixShare: 0.15 } },
  { name: 'anchored window, suffix for the server (now)', anchored: true, budget: DEFAULT_PROMPT_BUDGET },
];

export const MODES: CacheMode[] = [
  { name: 'llama.cpp /infill, 4 slots', flavour: 'llamacpp', cache: { kind: 'slots', slots: 4 }, transport: 'llama-infill' },
  { name: 'OpenAI-compatible, prefix cache', flavour: 'openai', cache: { kind: 'prefix' }, transport: 'completions-suffix' },
  { name: 'llama.cpp /infill, -np 1 --cache-reuse 256', flavour: 'llamacpp', cache: { kind: 'slots', slots: 1, cacheReuse: 256 }, transport: 'llama-infill' },
];

/** A TypeScript-like file of exactly `count` lines. */
export function longFile(count: number): string {
  return fillerCode(count * 12).split('\n').slice(0, count).join('\n') + '\n';
}

const TYPED = [
  'export function clamp(value: number, low: number, high: number): number {',
  '  if (value < low) return low;',
  '  if (value > high) return high;',
  '  return value;',
  '}',
  '',
  'export function average(values: readonly number[]): number {',
  '  let total = 0;',
  '  for (const value of values) total += value;',
  '  return values.length === 0 ? 0 : total / values.length;',
  '}',
  '',
].join('\n');

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** One typing run: `typedChars` characters (the text above, repeated) at line `atLine` of a 1,500-line file. */
export async function runPromptCache(mode: CacheMode, layout: LayoutChoice, typedChars = 1500, atLine = 1000): Promise<PromptCacheRow> {
  const server = await startFakeServer({
    flavour: mode.flavour, promptCache: mode.cache, ttftMs: 2, tokensPerSecond: 400, response: { kind: 'tokens', count: 12 },
  });
  try {
    const endpoint = {
      ...resolveEndpoint({ id: 'bench', preset: mode.flavour === 'llamacpp' ? 'llamacpp' : 'custom', baseUrl: server.baseUrl, completionModel: 'fake-coder', chatModel: 'fake-chat' }, DEFAULT_SETTINGS, undefined),
      fimTransport: mode.transport,
    };
    const client = createInferenceClient(endpoint);
    const file = longFile(1500);
    const cursor = file.split('\n').slice(0, atLine).join('\n').length + 1;
    const before = file.slice(0, cursor);
    const after = file.slice(cursor);
    const typed = TYPED.repeat(Math.ceil(typedChars / TYPED.length)).slice(0, typedChars);
    const budget = layout.anchored ? promptBudgetFor(mode.flavour === 'llamacpp') : layout.budget;
    const samples: SpeedSample[] = [];
    const bounds: number[] = [];
    const moved: boolean[] = [];
    let lastStart: number | undefined;
    let lastAsked = 0;
    let superseded = false;
    for (let n = 1; n <= typed.length; n++) {
      // Ask at the end of a word or line once a few characters were typed, as the engine does after a pause.
      const atWordEnd = /[\s;{}()]/.test(typed[n - 1]) && n - lastAsked >= 24;
      if (!atWordEnd && n !== typed.length) continue;
      const prefix = before + typed.slice(0, n);
      const request = buildFimRequest(
        { prefix, suffix: after, filePath: 'src/long.ts', languageId: 'typescript', ...(layout.anchored ? { offset: prefix.length } : {}) },
        { budget, maxTokens: 12, singleLine: false },
      );
      bounds.push(countTokens(typed.slice(lastAsked, n)) + countTokens(request.suffix) + 4);
      const start = prefix.length - request.prefix.length;
      moved.push(lastStart !== undefined && start !== lastStart);
      lastStart = start;
      lastAsked = n;
      const abort = new AbortController();
      const stream = client.streamFim(request, abort.signal);
      superseded = !superseded;
      for await (const _ of stream) if (superseded) abort.abort();
      samples.push((await stream.outcome).sample);
    }
    // Let the server notice the last close before reading its log.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const records = server.requests().filter((r) => r.promptTokens !== undefined);
    const later = records.slice(1);
    const processed = later.map((r) => r.promptTokens! - r.cachedTokens!);
    const sorted = [...processed].sort((a, b) => a - b);
    const prompt = later.reduce((sum, r) => sum + r.promptTokens!, 0);
    const cached = later.reduce((sum, r) => sum + r.cachedTokens!, 0);
    const read = samples.slice(1).filter((s) => s.promptCache);
    const readPrompt = read.reduce((sum, s) => sum + s.promptCache!.promptTokens, 0);
    return {
      mode: mode.name,
      layout: layout.name,
      requests: records.length,
      processed: { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? 0 },
      cacheHitShare: prompt > 0 ? cached / prompt : 0,
      overBound: processed.filter((p, i) => p > bounds[i + 1] * 1.1).length,
      overBoundElsewhere: processed.filter((p, i) => p > bounds[i + 1] * 1.1 && !moved[i + 1]).length,
      windowMoves: moved.filter(Boolean).length,
      fullReprocessings: later.filter((r) => r.cachedTokens! < r.promptTokens! * 0.5).length,
      clientReadShare: readPrompt > 0 ? read.reduce((sum, s) => sum + s.promptCache!.cachedTokens, 0) / readPrompt : null,
    };
  } finally {
    await server.close();
  }
}

export async function runPromptCacheBench(): Promise<PromptCacheRow[]> {
  const rows: PromptCacheRow[] = [];
  for (const mode of MODES) for (const layout of LAYOUTS) rows.push(await runPromptCache(mode, layout));
  return rows;
}

export function promptCacheTable(rows: readonly PromptCacheRow[]): string {
  const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
  return [
    '| Server | Prompt layout | Requests | Processed p50 / p95 / max (tokens) | Cache hit share | Over typed + suffix + 10% (not at a window move) | Window moves | Full re-processings | Share read by the client |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.mode} | ${r.layout} | ${r.requests} | ${r.processed.p50} / ${r.processed.p95} / ${r.processed.max} | ${pct(r.cacheHitShare)} | ${r.overBound} (${r.overBoundElsewhere}) | ${r.windowMoves} | ${r.fullReprocessings} | ${pct(r.clientReadShare)} |`,
    ),
  ].join('\n');
}

/** What the layout of today must achieve: rows of the anchored layout only. */
export function promptCacheChecks(rows: readonly PromptCacheRow[]): Record<string, boolean> {
  const now = rows.filter((r) => r.layout === LAYOUTS[1].name);
  return Object.fromEntries(
    now.flatMap((r) => [
      [`${r.mode}: no request after the first processes more than the typed text + suffix window + 10%`, r.overBound === 0],
      [`${r.mode}: ... except where the prefix window moved (once per 2,048 typed characters)`, r.overBoundElsewhere === 0],
      [`${r.mode}: cache hit share ≥ 85%`, r.cacheHitShare >= 0.85],
    ]),
  );
}
