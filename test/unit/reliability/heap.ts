// Heap measurements after a full garbage collection, the way a leak shows: what stays
// reachable once the work is over.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let collect: (() => void) | undefined;

/** `global.gc` without starting Node with --expose-gc. */
function gc(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

/** Heap in use after collecting twice (the second pass frees what finalisers released). */
export async function settledHeapBytes(): Promise<number> {
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

export const MB = 1024 * 1024;
