import * as assert from 'node:assert/strict';
import { ServerResponse } from 'node:http';
import OpenAI from 'openai';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { until } from '../support/until';
import { chatBody, send } from './client';

const epoch = () => performance.timeOrigin + performance.now();

describe('fake server: client cancellation', function () {
  this.timeout(60000);
  let server: FakeServer;
  // Every ServerResponse write, with its time, to prove nothing is written after the client left.
  const writes: Array<{ res: ServerResponse; at: number }> = [];
  const originalWrite = ServerResponse.prototype.write;
  before(async () => {
    ServerResponse.prototype.write = function (this: ServerResponse, ...args: unknown[]) {
      writes.push({ res: this, at: epoch() });
      return (originalWrite as (...a: unknown[]) => boolean).apply(this, args);
    } as typeof ServerResponse.prototype.write;
    server = await startFakeServer({ ttftMs: 10, tokensPerSecond: 500, response: { kind: 'tokens', count: 2000 } });
  });
  after(async () => {
    ServerResponse.prototype.write = originalWrite;
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    writes.length = 0;
  });

  /**
   * Waits for the server to notice the close and stop generating, then checks the order of
   * things: noticed after the abort, the answer not completed, nothing written after it. How
   * long the noticing took is printed, not asserted (that figure belongs to the benchmarks).
   */
  async function expectStoppedAt(abortAt: number): Promise<void> {
    const rec = await until(() => {
      const [r] = server.requests();
      return r?.clientClosedAt !== undefined && server.activeResponses() === 0 ? r : undefined;
    }, 'the server to notice the close and stop generating');
    const lag = rec.clientClosedAt! - abortAt;
    console.log(`      closed ${lag.toFixed(2)} ms after the abort`);
    assert.ok(lag >= -1, `noticed ${-lag} ms before the abort`);
    assert.equal(rec.completed, false);
    const late = writes.filter((w) => w.at > rec.clientClosedAt!);
    assert.equal(late.length, 0, `${late.length} writes after the close`);
    // With no response generating, no timer of the server can write again.
    assert.equal(server.requests()[0]!.tokensSent, rec.tokensSent, 'no tokens after the close');
  }

  it('records the close of a plain client mid-stream and stops writing', async () => {
    let abortAt = 0;
    let contentEvents = 0;
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody(), {
      onEvent: (e, abort) => {
        if (e.data.includes('"content"') && ++contentEvents === 10) {
          abortAt = epoch();
          abort();
        }
      },
    });
    assert.equal(r.status, 200);
    await expectStoppedAt(abortAt);
    const rec = server.requests()[0]!;
    assert.ok(rec.tokensSent >= 5 && rec.tokensSent < 2000, `${rec.tokensSent} tokens sent`);
  });

  it('records an abort through the openai SDK (fetch) mid-stream', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseUrl, maxRetries: 0 });
    const abortAfter = async (contentChunks: number): Promise<number> => {
      const controller = new AbortController();
      const stream = await client.chat.completions.create(
        { model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }], stream: true },
        { signal: controller.signal },
      );
      let abortAt = 0;
      let received = 0;
      try {
        for await (const chunk of stream) {
          received += chunk.choices[0]?.delta?.content ? 1 : 0;
          if (received === contentChunks) {
            abortAt = epoch();
            controller.abort();
          }
        }
      } catch (err) {
        assert.ok(err instanceof Error);
      }
      return abortAt;
    };
    // The client's first abort loads code on its side and can take tens of ms; measure the second.
    await abortAfter(2);
    server.reset();
    await expectStoppedAt(await abortAfter(10));
  });

  it('records a close while the first token is still pending', async () => {
    // A first token far away: however busy the machine, the abort comes before it.
    server.configure({ ttftMs: 60_000 });
    const controller = new AbortController();
    const pending = send(`${server.baseUrl}/chat/completions`, chatBody(), { signal: controller.signal });
    await server.waitForRequests(1, 60_000);
    const abortAt = epoch();
    controller.abort();
    await pending;
    await expectStoppedAt(abortAt);
    assert.equal(server.requests()[0]!.firstTokenAt, undefined);
    assert.equal(server.requests()[0]!.tokensSent, 0);
  });

  it('records a close while a non-streamed answer is being prepared', async () => {
    const controller = new AbortController();
    const pending = fetch(`${server.baseUrl}/chat/completions`, {
      method: 'POST', body: JSON.stringify(chatBody({ stream: false })), signal: controller.signal,
    }).catch(() => undefined);
    await server.waitForRequests(1, 60_000);
    const abortAt = epoch();
    controller.abort();
    await pending;
    await expectStoppedAt(abortAt);
  });
});
