// Compare Providers: the same completion and chat prompts against several providers,
// N runs each, interleaved so that a slow minute on the network hurts every provider
// alike. Pure: it takes clients and an AbortSignal, and reports progress by callback.
import type { ChatRequest, FimRequest, GenerationStream, SpeedSample } from '../../providers/types';
import type { CompareFailure, CompareKind, CompareResult, CompareRow } from '../../shared/speedTypes';
import { summarizeValues } from './stats';

export type { CompareFailure, CompareKind, CompareResult, CompareRow };

/** The part of the provider layer's InferenceClient a comparison uses. */
export interface CompareClient {
  streamFim(req: FimRequest, signal: AbortSignal): GenerationStream;
  streamChat(req: ChatRequest, signal: AbortSignal): GenerationStream;
}

export interface CompareTarget {
  profileId: string;
  providerName: string;
  client: CompareClient;
}

export interface ComparePlan {
  runs: number;
  kinds: CompareKind[];
  fim: FimRequest;
  chat: ChatRequest;
}

export interface CompareProgress {
  done: number;
  total: number;
  /** What runs next, e.g. "Groq · chat · run 2 of 5". */
  label: string;
}

export interface CompareOptions {
  signal: AbortSignal;
  wallNow: () => number;
  onProgress?: (progress: CompareProgress) => void;
}

/** Errors that will not go away on the next run: the rest of that provider's runs are skipped. */
const FATAL_ERRORS = new Set(['auth', 'forbidden', 'model-not-found', 'connection-refused', 'dns', 'tls', 'not-supported', 'html-page']);

function describeError(err: unknown): { errorKind: string; message: string } {
  const e = err as { kind?: unknown; message?: unknown };
  return {
    errorKind: typeof e?.kind === 'string' ? e.kind : 'unknown',
    message: typeof e?.message === 'string' ? e.message : String(err),
  };
}

async function runOnce(target: CompareTarget, kind: CompareKind, plan: ComparePlan, signal: AbortSignal): Promise<SpeedSample> {
  const stream = kind === 'completion' ? target.client.streamFim(plan.fim, signal) : target.client.streamChat(plan.chat, signal);
  // Drain the deltas: the figures come from the outcome's sample, measured by the provider layer.
  for await (const _delta of stream) {
    // Nothing to do with the text itself.
  }
  return (await stream.outcome).sample;
}

export function summarizeComparison(
  targets: readonly Pick<CompareTarget, 'profileId' | 'providerName'>[],
  kinds: readonly CompareKind[],
  samples: readonly SpeedSample[],
  failures: readonly CompareFailure[],
): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const target of targets) {
    for (const kind of kinds) {
      const mine = samples.filter((s) => s.profileId === target.profileId && s.kind === kind && !s.aborted);
      const failed = failures.filter((f) => f.profileId === target.profileId && f.kind === kind).length;
      if (mine.length === 0 && failed === 0) continue;
      const pick = (f: (s: SpeedSample) => number | null | undefined) =>
        summarizeValues(mine.map(f).filter((v): v is number => typeof v === 'number'));
      rows.push({
        profileId: target.profileId,
        providerName: target.providerName,
        model: mine[0]?.model ?? '',
        kind,
        runs: mine.length,
        failures: failed,
        ttftMs: pick((s) => s.ttftMs),
        tokensPerSecond: pick((s) => s.tokensPerSecond),
        serverTokensPerSecond: pick((s) => s.server?.tokensPerSecond),
        totalMs: pick((s) => s.totalMs),
        completionTokens: pick((s) => s.completionTokens),
      });
    }
  }
  return rows;
}

/** Runs the plan; resolves with whatever was measured, also when cancelled part-way. */
export async function runComparison(targets: readonly CompareTarget[], plan: ComparePlan, options: CompareOptions): Promise<CompareResult> {
  const { signal } = options;
  const startedAt = options.wallNow();
  const samples: SpeedSample[] = [];
  const failures: CompareFailure[] = [];
  const skipped = new Set<string>();
  const runs = Math.max(1, Math.floor(plan.runs));
  const total = runs * targets.length * plan.kinds.length;
  let done = 0;
  for (let run = 1; run <= runs && !signal.aborted; run++) {
    for (const target of targets) {
      for (const kind of plan.kinds) {
        if (signal.aborted) break;
        const label = `${target.providerName} · ${kind} · run ${run} of ${runs}`;
        options.onProgress?.({ done, total, label });
        if (!skipped.has(`${target.profileId}/${kind}`)) {
          try {
            const sample = await runOnce(target, kind, plan, signal);
            if (!sample.aborted) samples.push(sample);
          } catch (err) {
            if (signal.aborted) break;
            const failure = { profileId: target.profileId, kind, run, ...describeError(err) };
            failures.push(failure);
            if (FATAL_ERRORS.has(failure.errorKind)) skipped.add(`${target.profileId}/${kind}`);
          }
        }
        done++;
      }
    }
  }
  options.onProgress?.({ done, total, label: signal.aborted ? 'Cancelled' : 'Done' });
  return {
    startedAt,
    finishedAt: options.wallNow(),
    runsPerProvider: runs,
    cancelled: signal.aborted,
    rows: summarizeComparison(targets, plan.kinds, samples, failures),
    samples,
    failures,
  };
}
