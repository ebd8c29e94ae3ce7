// What the provider layer learns about servers, remembered so each thing is probed once.
import type { FimTransportId } from './types';

/** Remembers which FIM transport works per server and model; the VS Code adapter persists it. */
export interface FimCapabilityStore {
  get(key: string): FimTransportId | undefined;
  set(key: string, value: FimTransportId): void;
  /** Optional: servers that answer 400 to `stream_options` (remembered so we stop sending it). */
  refusesStreamOptions?(key: string): boolean;
  rememberStreamOptionsRefused?(key: string): void;
}

/** In-memory store: the default, and what the CLI uses. */
export class MemoryCapabilityStore implements FimCapabilityStore {
  private readonly transports = new Map<string, FimTransportId>();
  private readonly noStreamOptions = new Set<string>();

  get(key: string): FimTransportId | undefined {
    return this.transports.get(key);
  }

  set(key: string, value: FimTransportId): void {
    this.transports.set(key, value);
  }

  refusesStreamOptions(key: string): boolean {
    return this.noStreamOptions.has(key);
  }

  rememberStreamOptionsRefused(key: string): void {
    this.noStreamOptions.add(key);
  }
}

/** Keys are per server and model: the same model name can behave differently elsewhere. */
export function fimCapabilityKey(baseUrl: string, model: string): string {
  return `${baseUrl.replace(/\/+$/, '')}#${model}`;
}
