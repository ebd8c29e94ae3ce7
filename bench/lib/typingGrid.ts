// The typing grid: every model behaviour × endpoint speed × time to first token, and in each cell
// every strategy at the same time, each in its own process with its own fake
// server, so no strategy's work delays another's timers.
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CellResult, CellSpec } from './typingCell';

export interface GridOptions {
  tokensPerSecond: number[];
  ttftMs: number[];
  strategies: string[];
  traces: string[];
  segmentMs: number;
  traceMs?: number;
  /** Model behaviours (bench/lib/models.ts), each a pass over the whole grid. */
  models: string[];
  onCell?: (cell: GridCell) => void;
}

export interface GridCell {
  model: string;
  tokensPerSecond: number;
  ttftMs: number;
  results: CellResult[];
  /** 1-minute load average before and after the cell, and the number of CPUs. */
  load: { before: number; after: number; cpus: number };
  wallMs: number;
}

function runCellProcess(spec: CellSpec): Promise<CellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'typingCell.ts'), JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`${spec.strategy} at ${spec.tokensPerSecond} tok/s, ${spec.ttftMs} ms: exit ${code}`));
      resolve(JSON.parse(last) as CellResult);
    });
  });
}

export async function runTypingGrid(o: GridOptions): Promise<GridCell[]> {
  const cells: GridCell[] = [];
  for (const model of o.models) {
    for (const tokensPerSecond of o.tokensPerSecond) {
      for (const ttftMs of o.ttftMs) {
        const started = Date.now();
        const before = os.loadavg()[0]!;
        const results = await Promise.all(
          o.strategies.map((strategy) =>
            runCellProcess({ strategy, model, tokensPerSecond, ttftMs, traces: o.traces, segmentMs: o.segmentMs, traceMs: o.traceMs }),
          ),
        );
        const cell: GridCell = { model, tokensPerSecond, ttftMs, results, load: { before, after: os.loadavg()[0]!, cpus: os.cpus().length }, wallMs: Date.now() - started };
        cells.push(cell);
        o.onCell?.(cell);
      }
    }
  }
  return cells;
}
