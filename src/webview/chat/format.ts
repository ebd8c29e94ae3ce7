// Text for the speed line under each reply and for countdowns.
import type { ReplySpeed } from '../../shared/chatProtocol';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${integer.format(ms)} ms`;
}

export function formatSpeed(speed: ReplySpeed): string {
  const parts: string[] = [];
  if (speed.ttftMs !== null) parts.push(`first token ${formatMs(speed.ttftMs)}`);
  if (speed.tokensPerSecond !== null) parts.push(`${integer.format(speed.tokensPerSecond)} tok/s`);
  if (speed.serverTokensPerSecond !== undefined) parts.push(`server ${integer.format(speed.serverTokensPerSecond)} tok/s`);
  parts.push(`${speed.tokensEstimated ? '~' : ''}${integer.format(speed.completionTokens)} tokens`);
  parts.push(`${formatMs(speed.totalMs)} total`);
  return parts.join(' · ');
}

export function speedTooltip(speed: ReplySpeed): string {
  const lines = [`${speed.providerName} · ${speed.model}`];
  if (speed.serverSource) lines.push(`Server figure from ${speed.serverSource}`);
  if (speed.tokensEstimated) lines.push('Token count estimated from characters (the server sent no usage)');
  return lines.join('\n');
}

/** Whole seconds left, rounded up, never negative. */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}
