// The notification a finished comparison shows: one short line (a toast cuts a long one off),
// the figures themselves are one click away in the dashboard ("Show Results").
import type { CompareResult } from './compare';
import { formatRate } from './format';

/** Longest provider name the message carries before it is shortened with "…". */
const NAME_CHARS = 24;

/** The name cut at a word boundary when there is one in its second half. */
function shortName(name: string): string {
  if (name.length <= NAME_CHARS) return name;
  const cut = name.slice(0, NAME_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > NAME_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** "Comparison finished: Groq fastest at 1,950 tok/s." (plus "; 2 of 12 requests failed"). */
export function compareFinishedMessage(result: CompareResult): string {
  const best = result.rows
    .filter((r) => r.tokensPerSecond !== null)
    .sort((a, b) => (b.tokensPerSecond?.p50 ?? 0) - (a.tokensPerSecond?.p50 ?? 0))[0];
  const head = result.cancelled ? 'Comparison cancelled' : 'Comparison finished';
  const fastest = best?.tokensPerSecond ? `: ${shortName(best.providerName)} fastest at ${formatRate(best.tokensPerSecond.p50)}` : '';
  const total = result.samples.length + result.failures.length;
  const failed = result.failures.length > 0 ? `; ${result.failures.length} of ${total} requests failed` : '';
  return `${head}${fastest}${failed}.`;
}

/** The button that opens the dashboard at the comparison. */
export const SHOW_RESULTS = 'Show Results';
