// A connection opened ahead of the first request: the warmer's timing on an injected clock,
// and against the fake server, the first completion on the connection the warm-up opened.
import * as assert from 'node:assert/strict';
import { createInferenceClient } from '../../../src/providers';
import { ConnectionWarmer, WARM_AFTER_IDLE_MS } from '../../../src/providers/warm';
import { startFakeServer } from '../../fake-server/server';
import { ManualTime } from '../speed/fakes';
import { endpoint } from './helpers';

describe('connection warm-up', () => {
  it('opens a connection when something will need the endpoint after an idle spell, not on every key', async () => {
    const time = new ManualTime();
    let warmups = 0;
    let finish: () => void = () => undefined;
    const warmer = new ConnectionWarmer(() => new Promise<void>((resolve) => ((warmups += 1), (finish = resolve))), time);
    warmer.touch();
    assert.equal(warmups, 1, 'at once (activation, a switch of provider)');
    warmer.touch();
    assert.equal(warmups, 1, 'not while one is under way');
    finish();
    await Promise.resolve();
    await Promise.resolve();
    for (let i = 0; i < 20; i++) {
      time.advance(200);
      warmer.touch();
    }
    assert.equal(warmups, 1, 'keys typed in a row need no other');
    time.advance(WARM_AFTER_IDLE_MS);
    warmer.touch();
    assert.equal(warmups, 2, 'the first key after a pause');
    finish();
    await Promise.resolve();
    await Promise.resolve();
    time.advance(WARM_AFTER_IDLE_MS - 1);
    warmer.used();
    time.advance(WARM_AFTER_IDLE_MS - 1);
    warmer.touch();
    assert.equal(warmups, 2, 'a request kept the connection in use');
  });

  it('the first completion after the warm-up uses the connection it opened (fake server)', async () => {
    const server = await startFakeServer({ flavour: 'llamacpp', ttftMs: 1, tokensPerSecond: 5000, response: { kind: 'text', text: 'return 1;' } });
    try {
      const client = createInferenceClient(endpoint({ baseUrl: server.baseUrl, presetId: 'llamacpp', fimTransport: 'llama-infill', serverTiming: 'llama-cpp' }));
      let warmed: Promise<unknown> = Promise.resolve();
      const warmer = new ConnectionWarmer(() => (warmed = client.listModels()), { now: () => 0 });
      warmer.touch();
      await warmed;
      // fetch hands the connection back to its pool on the next turn of the event loop (in the
      // editor, the first keystroke comes much later).
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(server.connections(), 1);
      await client.streamFim({ prefix: 'function f() {\n  ', suffix: '\n}\n', maxTokens: 8 }, new AbortController().signal).outcome;
      const [warmup, first] = server.requests();
      assert.equal(warmup.path, '/v1/models');
      assert.equal(first.path, '/infill');
      assert.equal(first.connection, warmup.connection, 'no new connection for the first completion');
      assert.equal(server.connections(), 1);
    } finally {
      await server.close();
    }
  });
});
