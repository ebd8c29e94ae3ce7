// `no-abort-debounced`: a model of twinny's strategy, not twinny's code
// (written here from the facts in ../shared/research/anchors.md, section 3a,
// and its src/extension/providers/completion.ts as read for that note).
//
// - A 300 ms trailing debounce: every call clears the previous call's timer
//   (whose promise then never resolves in twinny; here it resolves empty, which
//   VS Code treats the same way for a cancelled call).
// - Then a lock: one request at a time, queued requests run in turn, even for a
//   spot the user has since left. VS Code's cancellation token is ignored.
// - Streamed; twinny closes the stream itself when its own rules end the
//   suggestion (a line break in single-line mode), never because the user typed on.
// - No call mid-word (a word character right of the cursor). Its cache is off by default.
import type { CompletionInput, Suggestion } from '../../src/completion/core/types';
import { ModelStrategy } from './base';
import type { TransportHabit } from './request';

export const DEBOUNCE_MS = 300;
const HABIT: TransportHabit = { delivery: 'streamed', closesEarly: true };

export class NoAbortDebouncedStrategy extends ModelStrategy {
  private pending: { cancel(): void } | undefined;
  private lock: Promise<void> = Promise.resolve();

  provide(input: CompletionInput): Promise<Suggestion | undefined> {
    if (/^\w/.test(input.suffix)) return Promise.resolve(undefined);
    this.pending?.cancel();
    return new Promise((resolve) => {
      const timer = this.deps.timers.setTimeout(() => {
        this.pending = undefined;
        const turn = this.lock.then(async () => {
          const req = this.send(input, HABIT);
          await req.finished;
          resolve(this.show(req.session.output, input, 'request', req));
        });
        this.lock = turn.catch(() => undefined);
      }, DEBOUNCE_MS);
      this.pending = {
        cancel: () => {
          timer.cancel();
          resolve(undefined);
        },
      };
    });
  }
}
