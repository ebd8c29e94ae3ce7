// Turns the typing grid into the figures the report quotes: per endpoint speed,
// each strategy's median over the times to first token, its ratio to ours, and
// per cell the checks of ours against the baselines.
import { median, ratio } from './stats';
import type { GridCell } from './typingGrid';
import type { CellResult } from './typingCell';

/** The baselines the checks compare ours with. */
export const CHECKED_BASELINES = ['no-abort', 'no-abort-debounced', 'fixed-debounce'] as const;
/** Two p50s closer than this are the same: below the timers' resolution and the machine's noise. */
export const P50_TOLERANCE_MS = 1;

export interface Figures {
  requests: number;
  serverTokens: number;
  thrownAwayTokens: number;
  usefulTokens: number;
  ghostP50: number | null;
  ghostP90: number | null;
  afterRequestP50: number | null;
  suggestionsShown: number;
  correctAtPauses: number | null;
  keystrokes: number;
}

export interface SummaryRow extends Figures {
  strategy: string;
  vsOurs: { requests: number | null; serverTokens: number | null; thrownAwayTokens: number | null; ghostP50: number | null; suggestionsShown: number | null };
}

export interface CellCheck {
  tokensPerSecond: number;
  ttftMs: number;
  against: string;
  fewerRequests: boolean;
  fewerThrownAway: boolean;
  /** Ours' p50 is no worse than the fastest p50 among the checked baselines. */
  p50NoWorseThanFastest: boolean;
  ours: Figures;
  baseline: Figures;
  fastestBaselineP50: number | null;
}

export function figuresOf(r: CellResult): Figures {
  return {
    requests: r.requests,
    serverTokens: r.serverTokens,
    thrownAwayTokens: r.thrownAwayTokens,
    usefulTokens: r.usefulTokens,
    ghostP50: r.timeToGhostTextMs.p50,
    ghostP90: r.timeToGhostTextMs.p90,
    afterRequestP50: r.timeToGhostTextAfterRequestMs.p50,
    suggestionsShown: r.suggestionsShown,
    correctAtPauses: r.pauses ? r.pausesWithCorrectGhostText / r.pauses : null,
    keystrokes: r.keystrokes,
  };
}

function medianOf(values: Array<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length ? median(present) : null;
}

/** Per endpoint speed: each strategy's figures, the median over that speed's cells. */
export function summarize(cells: GridCell[]): Array<{ tokensPerSecond: number; rows: SummaryRow[] }> {
  const speeds = [...new Set(cells.map((c) => c.tokensPerSecond))];
  return speeds.map((tokensPerSecond) => {
    const atSpeed = cells.filter((c) => c.tokensPerSecond === tokensPerSecond);
    const strategies = [...new Set(atSpeed.flatMap((c) => c.results.map((r) => r.strategy)))];
    const medians = strategies.map((strategy) => {
      const fs = atSpeed.map((c) => c.results.find((r) => r.strategy === strategy)).filter((r): r is CellResult => !!r).map(figuresOf);
      const pick = (key: keyof Figures) => medianOf(fs.map((f) => f[key]));
      const figures: Figures = {
        requests: pick('requests') ?? 0,
        serverTokens: pick('serverTokens') ?? 0,
        thrownAwayTokens: pick('thrownAwayTokens') ?? 0,
        usefulTokens: pick('usefulTokens') ?? 0,
        ghostP50: pick('ghostP50'),
        ghostP90: pick('ghostP90'),
        afterRequestP50: pick('afterRequestP50'),
        suggestionsShown: pick('suggestionsShown') ?? 0,
        correctAtPauses: pick('correctAtPauses'),
        keystrokes: pick('keystrokes') ?? 0,
      };
      return { strategy, figures };
    });
    const ours = medians.find((m) => m.strategy === 'ours')?.figures;
    const rows = medians.map(({ strategy, figures }) => ({
      strategy,
      ...figures,
      vsOurs: {
        requests: ratio(figures.requests, ours?.requests),
        serverTokens: ratio(figures.serverTokens, ours?.serverTokens),
        thrownAwayTokens: ratio(figures.thrownAwayTokens, ours?.thrownAwayTokens),
        ghostP50: ratio(figures.ghostP50, ours?.ghostP50),
        suggestionsShown: ratio(figures.suggestionsShown, ours?.suggestionsShown),
      },
    }));
    return { tokensPerSecond, rows };
  });
}

/** The checks, cell by cell: ours against each checked baseline. */
export function checkCells(cells: GridCell[], oursName = 'ours'): CellCheck[] {
  const checks: CellCheck[] = [];
  for (const cell of cells) {
    const oursResult = cell.results.find((r) => r.strategy === oursName);
    if (!oursResult) continue;
    const ours = figuresOf(oursResult);
    const baselines = cell.results.filter((r) => (CHECKED_BASELINES as readonly string[]).includes(r.strategy)).map((r) => ({ name: r.strategy, f: figuresOf(r) }));
    const p50s = baselines.map((b) => b.f.ghostP50).filter((v): v is number => v !== null);
    const fastest = p50s.length ? Math.min(...p50s) : null;
    const p50Ok = ours.ghostP50 !== null && (fastest === null || ours.ghostP50 <= fastest + P50_TOLERANCE_MS);
    for (const b of baselines) {
      checks.push({
        tokensPerSecond: cell.tokensPerSecond,
        ttftMs: cell.ttftMs,
        against: b.name,
        fewerRequests: ours.requests < b.f.requests,
        fewerThrownAway: ours.thrownAwayTokens < b.f.thrownAwayTokens,
        p50NoWorseThanFastest: p50Ok,
        ours,
        baseline: b.f,
        fastestBaselineP50: fastest,
      });
    }
  }
  return checks;
}
