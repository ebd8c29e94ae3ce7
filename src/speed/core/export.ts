// Export of speed samples (and comparison results) as JSON and CSV.
import type { SpeedSample } from '../../providers/types';
import type { CompareResult } from './compare';

/** A CSV cell per RFC 4180. Text that a spreadsheet would run as a formula is prefixed with a quote. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(round(value)) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Model names and error texts come from servers: never let them become formulas.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Keeps exports readable: at most three decimals. */
function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Parameters<typeof csvCell>[0][])[]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return lines.join('\r\n') + '\r\n';
}

export const SAMPLE_CSV_COLUMNS = [
  'startedAt',
  'profileId',
  'providerName',
  'model',
  'kind',
  'ttftMs',
  'totalMs',
  'completionTokens',
  'tokensEstimated',
  'promptTokens',
  'tokensPerSecond',
  'serverTokensPerSecond',
  'serverPromptTokensPerSecond',
  'serverTtftMs',
  'serverSource',
  'aborted',
  'error',
] as const;

export function sampleCsvRow(s: SpeedSample): Parameters<typeof csvCell>[0][] {
  return [
    new Date(s.startedAt).toISOString(),
    s.profileId,
    s.providerName,
    s.model,
    s.kind,
    s.ttftMs,
    s.totalMs,
    s.completionTokens,
    s.tokensEstimated,
    s.promptTokens,
    s.tokensPerSecond,
    s.server?.tokensPerSecond,
    s.server?.promptTokensPerSecond,
    s.server?.ttftMs,
    s.server?.source,
    s.aborted,
    s.error,
  ];
}

export function samplesToCsv(samples: readonly SpeedSample[]): string {
  return toCsv(SAMPLE_CSV_COLUMNS, samples.map(sampleCsvRow));
}

export interface SamplesExport {
  format: 'fast-inference.speed-samples';
  version: 1;
  exportedAt: string;
  samples: SpeedSample[];
}

export function samplesToJson(samples: readonly SpeedSample[], exportedAt: Date): string {
  const doc: SamplesExport = {
    format: 'fast-inference.speed-samples',
    version: 1,
    exportedAt: exportedAt.toISOString(),
    samples: [...samples],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export const COMPARE_CSV_COLUMNS = [
  'profileId',
  'providerName',
  'model',
  'kind',
  'runs',
  'failures',
  'ttftMsP50',
  'ttftMsP90',
  'tokensPerSecondP50',
  'tokensPerSecondP90',
  'tokensPerSecondMean',
  'serverTokensPerSecondP50',
  'totalMsP50',
  'completionTokensMean',
] as const;

export function comparisonToCsv(result: CompareResult): string {
  return toCsv(
    COMPARE_CSV_COLUMNS,
    result.rows.map((r) => [
      r.profileId,
      r.providerName,
      r.model,
      r.kind,
      r.runs,
      r.failures,
      r.ttftMs?.p50,
      r.ttftMs?.p90,
      r.tokensPerSecond?.p50,
      r.tokensPerSecond?.p90,
      r.tokensPerSecond?.mean,
      r.serverTokensPerSecond?.p50,
      r.totalMs?.p50,
      r.completionTokens?.mean,
    ]),
  );
}

export function comparisonToJson(result: CompareResult): string {
  const doc = {
    format: 'fast-inference.compare-providers',
    version: 1,
    ...result,
    startedAt: new Date(result.startedAt).toISOString(),
    finishedAt: new Date(result.finishedAt).toISOString(),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
