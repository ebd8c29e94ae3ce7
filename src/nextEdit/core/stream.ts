// Reads one prediction stream into suggestions: the first changed hunk is
// offered as soon as the lines after it show the rewrite is back on the
// original text, and the whole rewrite is judged when the stream ends.
import type { GenerationStream } from '../../providers/types';
import type { RecordedEdit } from './history';
import { judgeRewrite, type EditHunk, type RejectReason } from './hunks';
import { RewriteParser, type NextEditFormat } from './prompt';
import type { EditableRegion } from './region';

/** Unchanged lines the rewrite must show after a hunk before the hunk is taken as complete. */
const SETTLING_LINES = 2;

export interface StreamReading {
  /** Called with the hunks to show: early ones while streaming, then the final set (possibly empty). */
  onHunks(hunks: EditHunk[], final: boolean): void;
  onRejected?(reasons: RejectReason[]): void;
}

/**
 * The rewrite as far as it arrived, completed with the rest of the region:
 * the last settled lines are found in the region and what follows them there
 * is taken as the rest. Undefined until such an anchor is found.
 */
export function completedRewrite(regionLines: readonly string[], partial: readonly string[]): string | undefined {
  const k = partial.length;
  if (k < SETTLING_LINES) return undefined;
  const anchor = partial.slice(k - SETTLING_LINES);
  if (anchor.every((l) => l.trim() === '')) return undefined;
  let best: number | undefined;
  for (let i = SETTLING_LINES; i <= regionLines.length; i++) {
    if (anchor.every((line, j) => regionLines[i - SETTLING_LINES + j] === line)) {
      if (best === undefined || Math.abs(i - k) < Math.abs(best - k)) best = i;
    }
  }
  if (best === undefined) return undefined;
  return [...partial, ...regionLines.slice(best)].join('\n');
}

export async function readPrediction(
  stream: GenerationStream,
  format: NextEditFormat,
  text: string,
  region: EditableRegion,
  last: RecordedEdit | undefined,
  reading: StreamReading,
): Promise<{ rewrite: string | undefined; aborted: boolean }> {
  const parser = new RewriteParser(format);
  const regionLines = region.text.split('\n');
  let seenLines = 0;
  let shown = false;
  for await (const delta of stream) {
    if (delta.kind !== 'content') continue;
    parser.push(delta.text);
    if (shown) continue;
    const lines = parser.partialLines();
    if (lines.length === seenLines) continue;
    seenLines = lines.length;
    const rewrite = completedRewrite(regionLines, lines);
    if (rewrite === undefined) continue;
    const verdict = judgeRewrite(text, region.start, region.text, rewrite, last);
    if (verdict.hunks.length > 0) {
      shown = true;
      reading.onHunks(verdict.hunks, false);
    }
  }
  const outcome = await stream.outcome;
  if (outcome.aborted) return { rewrite: undefined, aborted: true };
  const rewrite = parser.finish(outcome.finishReason !== 'length');
  const verdict = rewrite === undefined ? { hunks: [], rejected: [] } : judgeRewrite(text, region.start, region.text, rewrite, last);
  if (verdict.rejected.length > 0) reading.onRejected?.(verdict.rejected);
  reading.onHunks(verdict.hunks, true);
  return { rewrite, aborted: false };
}
