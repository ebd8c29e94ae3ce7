// A bounded window of recent measurements and its median: the robust middle
// that the debounce, the latency estimate and the correction timing read.

/** Median of a list; undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A bounded window of recent numbers with a robust middle. */
export class RecentWindow {
  private readonly values: number[] = [];

  constructor(private readonly capacity: number) {}

  push(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.values.push(value);
    if (this.values.length > this.capacity) this.values.shift();
  }

  get size(): number {
    return this.values.length;
  }

  median(): number | undefined {
    return median(this.values);
  }

  max(): number | undefined {
    return this.values.length > 0 ? Math.max(...this.values) : undefined;
  }
}
