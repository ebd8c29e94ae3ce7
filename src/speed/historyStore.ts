// Persists the speed history in the extension's globalState, so percentiles and the
// dashboard survive restarts, together with the live meter's tokens-per-character ratios.
// Every change is written through at once, so a window reloaded at any moment keeps the
// last sample. A fast typist ends several requests a second: while one write is in flight,
// further changes wait for it and go out together in one more write, never lost.
import type * as vscode from 'vscode';
import { SpeedHistory } from './core/history';
import type { LiveSpeedMeter } from './core/liveMeter';

export const HISTORY_STATE_KEY = 'fastInference.speedHistory';
export const CALIBRATION_STATE_KEY = 'fastInference.speedCalibration';

export class PersistedSpeedHistory implements vscode.Disposable {
  readonly history: SpeedHistory;
  /** The write in flight, with any writes queued behind it. */
  private writing: Promise<void> | undefined;
  /** Changed since the write in flight began. */
  private dirty = false;
  private readonly stopListening: { dispose(): unknown };

  constructor(
    private readonly state: vscode.Memento,
    limit: number,
    private readonly meter?: LiveSpeedMeter,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.history = SpeedHistory.fromJSON(state.get(HISTORY_STATE_KEY), limit);
    meter?.restoreCalibration(state.get(CALIBRATION_STATE_KEY));
    this.stopListening = this.history.onChange(() => this.save());
  }

  /** Resolves once everything changed so far is written (used on clear and on shutdown). */
  async flush(): Promise<void> {
    this.save();
    await this.writing;
  }

  private save(): void {
    this.dirty = true;
    this.writing ??= this.writeWhileDirty();
  }

  private async writeWhileDirty(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          await this.state.update(HISTORY_STATE_KEY, this.history.size === 0 ? undefined : this.history.toJSON());
          if (this.meter) await this.state.update(CALIBRATION_STATE_KEY, this.meter.calibration());
        } catch (err) {
          this.onError(err);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  dispose(): void {
    this.stopListening.dispose();
    void this.flush();
  }
}
