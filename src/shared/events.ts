// A minimal typed event emitter for code that must not import vscode. Its `event`
// has the shape of vscode.Event, so an adapter can hand it out as is.
import type { Disposable } from './lifecycle';

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  /** Calls every listener subscribed when the call starts, in subscription order. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  /** Drops every listener; the emitter stays usable. */
  clear(): void {
    this.listeners.clear();
  }
}
