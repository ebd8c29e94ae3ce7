// Waiting for the event that matters instead of sleeping: polls a condition between turns of
// the event loop. There is no deadline of its own; mocha's timeout ends a wait that never
// comes, the failed test's output says what was still awaited, and the wait stops there.
import { setTimeout as tick } from 'node:timers/promises';
import type { TimerHandle, Timers } from '../../../src/shared/clock';

const pending = new Set<string>();
let generation = 0;

/** Resolves with the first truthy value of `ready()`; `what` names it for a test that times out. */
export async function until<T>(ready: () => T | undefined | false | Promise<T | undefined | false>, what: string): Promise<T> {
  const started = generation;
  pending.add(what);
  try {
    for (;;) {
      const value = await ready();
      if (value) return value;
      if (generation !== started) throw new Error(`gave up waiting for ${what}: the test ended`);
      await tick(1);
    }
  } finally {
    pending.delete(what);
  }
}

afterEach(function () {
  if (pending.size === 0) return;
  if (this.currentTest?.state === 'failed') console.log(`      still waiting for: ${[...pending].join('; ')}`);
  generation++;
});

/** Real timers that count the ones still due, so a test can wait until, say, a throttle's trailing update has run. */
export function countedTimers(timers: Timers): Timers & { readonly due: number } {
  let due = 0;
  return {
    get due() {
      return due;
    },
    setTimeout(fn: () => void, ms: number): TimerHandle {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        due--;
      };
      due++;
      const handle = timers.setTimeout(() => {
        finish();
        fn();
      }, ms);
      return {
        cancel: () => {
          finish();
          handle.cancel();
        },
      };
    },
  };
}
