// Streaming text transforms. Each holds back only what might be the start of a marker
// split across chunk boundaries, so text reaches the consumer as early as possible.
import { partialMarkerLength } from '../../shared/markers';

/** A transform over streamed text. `finished` turns true once nothing more may pass. */
export interface TextFilter {
  push(text: string): string;
  end(): string;
  readonly finished: boolean;
}

/** Cuts the stream at the first occurrence of any stop string (the stop itself is dropped). */
export class StopFilter implements TextFilter {
  private held = '';
  private done = false;
  private readonly stops: string[];

  constructor(stops: readonly string[]) {
    this.stops = stops.filter((s) => s !== '');
  }

  get finished(): boolean {
    return this.done;
  }

  push(text: string): string {
    if (this.done) return '';
    const buffer = this.held + text;
    let cut = -1;
    for (const stop of this.stops) {
      const at = buffer.indexOf(stop);
      if (at !== -1 && (cut === -1 || at < cut)) cut = at;
    }
    if (cut !== -1) {
      this.done = true;
      this.held = '';
      return buffer.slice(0, cut);
    }
    const keep = partialMarkerLength(buffer, this.stops);
    this.held = buffer.slice(buffer.length - keep);
    return buffer.slice(0, buffer.length - keep);
  }

  end(): string {
    const rest = this.done ? '' : this.held;
    this.held = '';
    return rest;
  }
}

/** Runs filters in sequence; finished as soon as any of them is. */
export class FilterChain implements TextFilter {
  constructor(private readonly filters: TextFilter[]) {}

  get finished(): boolean {
    return this.filters.some((f) => f.finished);
  }

  push(text: string): string {
    let out = text;
    for (const filter of this.filters) out = filter.push(out);
    return out;
  }

  end(): string {
    // Each filter's held-back text flows through the filters after it.
    let carry = '';
    for (const filter of this.filters) carry = filter.push(carry) + filter.end();
    return carry;
  }
}
