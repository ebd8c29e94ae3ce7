// Rows of the reliability report. Each suite records what it observed; after the suite the
// rows go to test-results/reliability/<section>.json, and test/reliability/report.ts turns
// those files into docs/reliability.md.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const RESULTS_DIR = path.resolve(__dirname, '../../../test-results/reliability');

export type Row = Record<string, string | number | boolean>;

/**
 * Marks a figure that differs from run to run (a measurement, a countdown): the report shows
 * it, and the check that docs/reliability.md is current ignores it.
 */
export function measured(value: string | number): string {
  return `<!--m-->${value}<!--/m-->`;
}

export class RowRecorder {
  private readonly rows: Row[] = [];

  /** `dir`: where the results go when this code runs away from the repository (inside an extension host). */
  constructor(
    readonly section: string,
    private readonly dir = RESULTS_DIR,
  ) {}

  add(row: Row): void {
    this.rows.push(row);
  }

  /** Writes the rows (sorted by `order` when given) for the report script. */
  write(extra: Record<string, unknown> = {}): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const rows = [...this.rows].sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0));
    fs.writeFileSync(path.join(this.dir, `${this.section}.json`), JSON.stringify({ section: this.section, rows, ...extra }, null, 2));
  }
}
