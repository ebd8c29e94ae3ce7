// The model path of an apply against the fake server: predicted outputs sent and
// reported, Stop closing the connection with the file untouched, a cut-off
// rewrite refused.
import * as assert from 'node:assert/strict';
import { runApply, type ApplyModel } from '../../../src/apply/core/run';
import { createInferenceClient } from '../../../src/providers';
import { systemClock } from '../../../src/shared/clock';
import { generate } from '../../fake-server/generate';
import { planPrediction } from '../../fake-server/prediction';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { endpoint } from '../providers/helpers';

const original = 'function a() {\n  return 1;\n}\n\nfunction b() {\n  return 2;\n}\n';
const rewritten = 'function a() {\n  return 1;\n}\n\nfunction b() {\n  return 20;\n}\n';

describe('apply: model path against the fake server', function () {
  this.timeout(20_000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 20_000 });
  });
  beforeEach(() => server.reset());
  after(async () => {
    await server.close();
  });

  const model = (presetId: string): (() => Promise<ApplyModel>) => {
    const client = createInferenceClient(endpoint({ baseUrl: server.baseUrl, chatModel: 'fake-chat', presetId }));
    return async () => ({ presetId, streamChat: (r, s) => client.streamChat(r, s) });
  };
  const input = { original, path: 'a.js', languageId: 'javascript', block: 'return 20;', forceModel: true };

  it('sends the region as the prediction and reports the accepted and rejected prediction tokens', async () => {
    server.configure({ flavour: 'openai', response: { kind: 'text', text: rewritten }, predictedOutputs: { speedup: 4 } });
    const result = await runApply(input, { clock: systemClock, signal: new AbortController().signal, model: model('openai') });
    assert.equal(result.status, 'done', result.error);
    assert.equal(result.proposed, rewritten);
    const body = server.requests().at(-1)!.body as { prediction?: { type: string; content: string } };
    assert.deepEqual(body.prediction, { type: 'content', content: original.replace(/\n$/, '') });
    assert.ok(result.prediction, 'prediction tokens reported');
    assert.ok(result.prediction.accepted > 0);
    assert.ok(result.prediction.rejected >= 1, 'the old "1" of "return 1" was predicted and not used');
    assert.equal(result.hunks.length, 1);
  });

  it('Stop during the merge closes the connection and proposes nothing', async () => {
    server.configure({ tokensPerSecond: 100, response: { kind: 'text', text: rewritten } });
    const controller = new AbortController();
    const result = await runApply(input, {
      clock: systemClock,
      signal: controller.signal,
      model: model('groq'),
      onProgress: () => controller.abort(),
    });
    assert.equal(result.status, 'stopped');
    assert.equal(result.proposed, original);
    assert.deepEqual(result.hunks, []);
    const closed = await waitFor(() => server.requests().at(-1)?.clientClosedAt !== undefined);
    assert.ok(closed, 'the server saw the client close the connection');
    assert.equal(server.requests().at(-1)!.completed, false);
  });

  it('a rewrite cut off at the token limit is refused', async () => {
    server.configure({ response: { kind: 'tokens', count: 5000 } });
    const result = await runApply(input, { clock: systemClock, signal: new AbortController().signal, model: model('groq') });
    assert.equal(result.status, 'failed');
    assert.match(result.error ?? '', /cut off/);
    assert.equal(result.proposed, original);
  });

  it('without a model, an unplaced block fails with the reason', async () => {
    const result = await runApply({ ...input, forceModel: false, block: 'something else entirely' }, { clock: systemClock, signal: new AbortController().signal });
    assert.equal(result.status, 'failed');
    assert.match(result.error ?? '', /matches/);
  });
});

describe('fake server: predicted outputs schedule', () => {
  const generation = generate({ kind: 'text', text: 'alpha beta gamma' }, 'chat', {}, 'openai');

  it('tokens found in the prediction come `speedup` times faster', () => {
    const plan = planPrediction(generation, 'alpha beta gamma', 100, 5);
    assert.equal(plan.rejected, 0);
    assert.equal(plan.accepted, generation.tokens.length);
    const n = generation.tokens.length;
    assert.ok(Math.abs(plan.dueMs[n - 1] - ((n - 1) * 10) / 5) < 1e-9);
  });

  it('tokens not in the prediction come at the decode rate, and unused predicted tokens are rejected', () => {
    const plan = planPrediction(generation, 'alpha delta gamma', 100, 5);
    assert.ok(plan.rejected >= 1);
    const all = planPrediction(generation, '', 100, 5);
    assert.equal(all.accepted, 0);
    assert.ok(Math.abs(all.dueMs[generation.tokens.length - 1] - (generation.tokens.length - 1) * 10) < 1e-9);
  });
});

/** Waits for a condition on the server's log, checking as requests change, up to the test's own timeout. */
async function waitFor(condition: () => boolean): Promise<boolean> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
  return true;
}
