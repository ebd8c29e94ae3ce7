// Number formatting shared by the status bar, the tooltip, the dashboard and exports.
// Deterministic (no locale lookups) so what the tests see is what users see.

/** 1234567 → "1,234,567". */
export function groupThousands(n: number): string {
  const rounded = Math.round(n);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Tokens/second: whole numbers from 10 up, one decimal below. */
export function formatRate(tokensPerSecond: number): string {
  if (!Number.isFinite(tokensPerSecond)) return '–';
  const value = tokensPerSecond >= 10 ? groupThousands(tokensPerSecond) : tokensPerSecond.toFixed(1);
  return `${value} tok/s`;
}

/** Durations: "95 ms" below a second, "1.24 s" below ten seconds, "12.3 s" above. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A countdown in whole seconds (or minutes and seconds), rounded up so it never shows 0 while waiting. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes}m` : `${minutes}m ${rest}s`;
}

/** Token counts, with a marker when the count is estimated from characters. */
export function formatTokens(count: number, estimated: boolean): string {
  return `${estimated ? '≈' : ''}${groupThousands(count)}${estimated ? ' (estimated)' : ''}`;
}
