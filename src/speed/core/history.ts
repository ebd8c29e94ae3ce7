// A bounded, serialisable store of speed samples. The adapter persists it in the
// extension's globalState; what comes back from storage is validated sample by sample,
// because an older or damaged record must not break the status bar.
import type { ServerSpeed, SpeedSample } from '../../providers/types';
import { Emitter } from '../../shared/events';

export const HISTORY_FORMAT_VERSION = 1;

export interface SerializedHistory {
  version: number;
  samples: SpeedSample[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function parseServer(raw: unknown): ServerSpeed | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (!isObject(raw) || !isNum(raw.tokensPerSecond) || !isStr(raw.source)) return undefined;
  const server: ServerSpeed = { tokensPerSecond: raw.tokensPerSecond, source: raw.source };
  if (isNum(raw.promptTokensPerSecond)) server.promptTokensPerSecond = raw.promptTokensPerSecond;
  if (isNum(raw.ttftMs)) server.ttftMs = raw.ttftMs;
  if (isNum(raw.decodeTokens) && isNum(raw.decodeMs)) {
    server.decodeTokens = raw.decodeTokens;
    server.decodeMs = raw.decodeMs;
  }
  return server;
}

/** A stored `{a, b}` pair of numbers (decode tokens and time, prompt and cached tokens), or undefined. */
function pairOf<A extends string, B extends string>(raw: unknown, a: A, b: B): Record<A | B, number> | undefined {
  if (!isObject(raw) || !isNum(raw[a]) || !isNum(raw[b])) return undefined;
  return { [a]: raw[a], [b]: raw[b] } as Record<A | B, number>;
}

/** Validates one stored sample; undefined when it is not a usable SpeedSample. */
export function parseSample(raw: unknown): SpeedSample | undefined {
  if (!isObject(raw)) return undefined;
  const r = raw;
  if (!isStr(r.profileId) || !isStr(r.providerName) || !isStr(r.model)) return undefined;
  if (r.kind !== 'completion' && r.kind !== 'chat') return undefined;
  if (!isNum(r.startedAt) || !isNum(r.totalMs) || !isNum(r.completionTokens)) return undefined;
  if (r.ttftMs !== null && !isNum(r.ttftMs)) return undefined;
  if (r.tokensPerSecond !== null && !isNum(r.tokensPerSecond)) return undefined;
  const server = parseServer(r.server);
  if (server === undefined) return undefined;
  const sample: SpeedSample = {
    profileId: r.profileId,
    providerName: r.providerName,
    model: r.model,
    kind: r.kind,
    startedAt: r.startedAt,
    ttftMs: r.ttftMs,
    totalMs: r.totalMs,
    completionTokens: r.completionTokens,
    tokensEstimated: r.tokensEstimated === true,
    tokensPerSecond: r.tokensPerSecond,
    server,
    aborted: r.aborted === true,
  };
  if (isNum(r.promptTokens)) sample.promptTokens = r.promptTokens;
  const decode = pairOf(r.decode, 'tokens', 'ms');
  if (decode) sample.decode = decode;
  const promptCache = pairOf(r.promptCache, 'promptTokens', 'cachedTokens');
  if (promptCache) sample.promptCache = promptCache;
  if (isStr(r.error)) sample.error = r.error;
  return sample;
}

/** What changed: one sample added (older ones may have been dropped to stay in the limit), or a reset. */
export type HistoryChange = { type: 'added'; sample: SpeedSample } | { type: 'reset' };

/** Keeps the newest `limit` samples, oldest first, and tells listeners about changes. */
export class SpeedHistory {
  private items: SpeedSample[] = [];
  private readonly emitter = new Emitter<HistoryChange>();
  readonly onChange = this.emitter.event;

  constructor(
    private maxSamples: number,
    initial: readonly SpeedSample[] = [],
  ) {
    this.maxSamples = Math.max(0, Math.floor(maxSamples));
    this.items = [...initial].sort((a, b) => a.startedAt - b.startedAt);
    this.trim();
  }

  /** Rebuilds a history from stored data, dropping what does not validate. */
  static fromJSON(data: unknown, limit: number): SpeedHistory {
    const list = isObject(data) && Array.isArray(data.samples) ? data.samples : [];
    const samples = list.map(parseSample).filter((s): s is SpeedSample => s !== undefined);
    return new SpeedHistory(limit, samples);
  }

  get limit(): number {
    return this.maxSamples;
  }

  get size(): number {
    return this.items.length;
  }

  /** Oldest first. */
  get samples(): readonly SpeedSample[] {
    return this.items;
  }

  /** The newest sample, if any. */
  get latest(): SpeedSample | undefined {
    return this.items[this.items.length - 1];
  }

  add(sample: SpeedSample): void {
    if (this.maxSamples === 0) return;
    // Requests end out of order (a long chat and short completions overlap), so insert by start time.
    let i = this.items.length;
    while (i > 0 && this.items[i - 1].startedAt > sample.startedAt) i--;
    this.items.splice(i, 0, sample);
    this.trim();
    this.changed({ type: 'added', sample });
  }

  setLimit(limit: number): void {
    this.maxSamples = Math.max(0, Math.floor(limit));
    if (this.trim()) this.changed({ type: 'reset' });
  }

  clear(): void {
    if (this.items.length === 0) return;
    this.items = [];
    this.changed({ type: 'reset' });
  }

  toJSON(): SerializedHistory {
    return { version: HISTORY_FORMAT_VERSION, samples: [...this.items] };
  }

  private trim(): boolean {
    const excess = this.items.length - this.maxSamples;
    if (excess <= 0) return false;
    this.items.splice(0, excess);
    return true;
  }

  private changed(change: HistoryChange): void {
    this.emitter.fire(change);
  }
}
