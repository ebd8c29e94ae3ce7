// Persists the speed history in the extension's globalState, so percentiles and the
// dashboard survive restarts, together with the live meter's tokens-per-character ratios. Writes are batched: a fast typist ends several requests
// a second and each would otherwise rewrite the whole list.
import type * as vscode from 'vscode';
import type { Timers, TimerHandle } from '../shared/clock';
import { SpeedHistory } from './core/history';
import type { LiveSpeedMeter } from './core/liveMeter';

export const HISTORY_STATE_KEY = 'fastInference.speedHistory';
export const CALIBRATION_STATE_KEY = 'fastInference.speedCalibration';
const SAVE_DELAY_MS = 2000;

export class PersistedSpeedHistory implements vscode.Disposable {
  readonly history: SpeedHistory;
  private pending: TimerHandle | undefined;
  private readonly stopListening: () => void;

  constructor(
    private readonly state: vscode.Memento,
    limit: number,
    private readonly timers: Timers,
    private readonly meter?: LiveSpeedMeter,
  ) {
    this.history = SpeedHistory.fromJSON(state.get(HISTORY_STATE_KEY), limit);
    meter?.restoreCalibration(state.get(CALIBRATION_STATE_KEY));
    this.stopListening = this.history.onChange(() => this.scheduleSave());
  }

  /** Writes now (used on clear and on shutdown). */
  async flush(): Promise<void> {
    this.pending?.cancel();
    this.pending = undefined;
    await this.state.update(HISTORY_STATE_KEY, this.history.size === 0 ? undefined : this.history.toJSON());
    if (this.meter) await this.state.update(CALIBRATION_STATE_KEY, this.meter.calibration());
  }

  private scheduleSave(): void {
    if (this.pending) return;
    this.pending = this.timers.setTimeout(() => {
      this.pending = undefined;
      void this.flush();
    }, SAVE_DELAY_MS);
  }

  dispose(): void {
    this.stopListening();
    if (this.pending) void this.flush();
  }
}
