import type { KeyValueStorage } from '../../../src/chat/core/store';

/** A KeyValueStorage in memory that stores JSON like VS Code's Memento (tests, benchmarks). */
export class InMemoryStorage implements KeyValueStorage {
  private readonly data = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  update(key: string, value: unknown): void {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
  }

  keys(): string[] {
    return [...this.data.keys()];
  }
}
