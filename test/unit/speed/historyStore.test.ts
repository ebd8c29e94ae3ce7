// The speed history is written through to globalState: a window reloaded at any moment finds
// every sample that was added, and a burst of samples costs one extra write, not one each.
import * as assert from 'node:assert/strict';
import { CALIBRATION_STATE_KEY, HISTORY_STATE_KEY, PersistedSpeedHistory } from '../../../src/speed/historyStore';
import { sample } from './fakes';

/** A Memento whose writes stay in flight until the test lets them through, like a slow disk. */
class HeldMemento {
  readonly values = new Map<string, unknown>();
  readonly writes: { key: string; value: unknown }[] = [];
  hold = false;
  private readonly held: (() => void)[] = [];
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  update(key: string, value: unknown): Promise<void> {
    const copy = structuredClone(value);
    this.writes.push({ key, value: copy });
    const apply = () => (copy === undefined ? this.values.delete(key) : this.values.set(key, copy));
    if (!this.hold) {
      apply();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.held.push(() => (apply(), resolve())));
  }
  /** Lets the oldest held write land. */
  async release(): Promise<void> {
    this.held.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  get heldWrites(): number {
    return this.held.length;
  }
}

const historyWrites = (m: HeldMemento) => m.writes.filter((w) => w.key === HISTORY_STATE_KEY);
const reload = (m: HeldMemento) => new PersistedSpeedHistory(m as never, 100).history;

describe('speed history in globalState (write-through)', () => {
  it('each sample is in globalState as soon as it is added: a reload at any moment keeps it', async () => {
    const memento = new HeldMemento();
    const stored = new PersistedSpeedHistory(memento as never, 100);
    for (let i = 1; i <= 3; i++) {
      stored.history.add(sample({ tokensPerSecond: 100 * i }));
      await Promise.resolve();
      assert.deepEqual(reload(memento).samples.map((s) => s.tokensPerSecond), [100, 200, 300].slice(0, i), `after sample ${i}`);
    }
    stored.dispose();
  });

  it('a burst while a write is in flight goes out in one more write, which holds the last sample', async () => {
    const memento = new HeldMemento();
    memento.hold = true;
    const stored = new PersistedSpeedHistory(memento as never, 100);
    stored.history.add(sample({ tokensPerSecond: 1 }));
    for (let i = 2; i <= 5; i++) stored.history.add(sample({ tokensPerSecond: i }));
    assert.equal(historyWrites(memento).length, 1, 'one write in flight, the burst waits for it');
    const flushed = stored.flush();
    await memento.release();
    assert.equal(historyWrites(memento).length, 2);
    memento.hold = false;
    await memento.release();
    await flushed;
    assert.equal(historyWrites(memento).length, 2, 'flush added no write: the burst was already queued');
    assert.deepEqual(reload(memento).samples.map((s) => s.tokensPerSecond), [1, 2, 3, 4, 5]);
    assert.equal(memento.heldWrites, 0);
    stored.dispose();
  });

  it('clearing removes the key; a failed write is reported and the next change writes again', async () => {
    const memento = new HeldMemento();
    const errors: unknown[] = [];
    const stored = new PersistedSpeedHistory(memento as never, 100, undefined, (err) => errors.push(err));
    stored.history.add(sample());
    stored.history.clear();
    await stored.flush();
    assert.equal(memento.get(HISTORY_STATE_KEY), undefined);
    assert.ok(!memento.keys().includes(CALIBRATION_STATE_KEY), 'no meter, no calibration written');
    const update = memento.update.bind(memento);
    memento.update = () => Promise.reject(new Error('disk full'));
    stored.history.add(sample({ tokensPerSecond: 7 }));
    await stored.flush();
    assert.match(String(errors[0]), /disk full/);
    memento.update = update;
    stored.history.add(sample({ tokensPerSecond: 8 }));
    await stored.flush();
    assert.deepEqual(reload(memento).samples.map((s) => s.tokensPerSecond), [7, 8]);
    stored.dispose();
  });
});
