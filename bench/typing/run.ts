// Runs typing traces through one completion engine (one editor window) against
// an endpoint through the real provider layer, and measures the result.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionEngine } from '../../src/completion/core/engine';
import { engineOptionsFrom, type EngineOptions } from '../../src/completion/core/types';
import { resolveEndpoint } from '../../src/config/core/profiles';
import { DEFAULT_SETTINGS } from '../../src/config/core/settings';
import { createInferenceClient } from '../../src/providers';
import type { FimRequest, FimTransportId } from '../../src/providers/types';
import { systemClock, systemTimers } from '../../src/shared/clock';
import { measure, type ServerRecord, type TypingMetrics } from './metrics';
import { replayTrace, type TraceRun } from './replay';
import type { Trace } from './typist';

export const TRACES_DIR = path.join(__dirname, '..', 'traces');

export function loadTrace(name: string): Trace {
  return JSON.parse(fs.readFileSync(path.join(TRACES_DIR, `${name}.json`), 'utf8')) as Trace;
}

/** The traces a full run replays (the short one is for the unit test). */
export function benchTraceNames(): string[] {
  return fs
    .readdirSync(TRACES_DIR)
    .filter((f) => f.endsWith('.json') && !f.startsWith('short-'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export interface EndpointChoice {
  baseUrl: string;
  model: string;
  apiKey?: string;
  fimTransport: FimTransportId | 'auto';
  maxTokens?: number;
}

export interface ServerLog {
  clear(): Promise<void>;
  records(): Promise<ServerRecord[]>;
}

export interface TypingRun {
  perTrace: Array<{ name: string; metrics: TypingMetrics }>;
  total: TypingMetrics;
  runs: TraceRun[];
}

/** The engine as the extension builds it with default settings; no other files are open in a replay. */
export const ENGINE_DEFAULTS: EngineOptions = { ...engineOptionsFrom(DEFAULT_SETTINGS.completions, 128), contextFromOtherFiles: false };

export async function runTyping(
  traces: Trace[],
  choice: EndpointChoice,
  options: { speed: number; server?: ServerLog; engine?: Partial<EngineOptions>; onTrace?: (name: string, m: TypingMetrics) => void },
): Promise<TypingRun> {
  const endpoint = resolveEndpoint(
    { id: 'bench', preset: 'custom', baseUrl: choice.baseUrl, completionModel: choice.model, chatModel: choice.model, fimTransport: choice.fimTransport, ...(choice.maxTokens ? { completionMaxTokens: choice.maxTokens } : {}) },
    DEFAULT_SETTINGS,
    choice.apiKey,
  );
  const client = createInferenceClient(endpoint);
  const requestPrefixes: string[] = [];
  const backend = (req: FimRequest, signal: AbortSignal) => {
    requestPrefixes.push(req.prefix);
    return client.streamFim(req, signal);
  };
  const engine = new CompletionEngine(
    { ...ENGINE_DEFAULTS, maxTokens: endpoint.completionMaxTokens, ...options.engine },
    { backend, clock: systemClock, timers: systemTimers },
  );
  const perTrace: TypingRun['perTrace'] = [];
  const measured: Array<{ run: TraceRun; server?: ServerRecord[] }> = [];
  try {
    for (const trace of traces) {
      await options.server?.clear();
      const run = await replayTrace(trace, engine, { speed: options.speed, requestPrefixes });
      // Let the last stream end or be closed before reading the log.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const server = options.server ? await options.server.records() : undefined;
      const entry = { run, server };
      measured.push(entry);
      const metrics = measure([entry]);
      perTrace.push({ name: trace.name, metrics });
      options.onTrace?.(trace.name, metrics);
    }
  } finally {
    engine.dispose();
  }
  return { perTrace, total: measure(measured), runs: measured.map((m) => m.run) };
}
