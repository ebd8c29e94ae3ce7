// The apply corpus through both paths: the deterministic placement must give
// the expected file (or hand over for the stated reason), and the model path,
// with the fake server playing the model and streaming the expected rewrite,
// must give the expected file too.
import * as assert from 'node:assert/strict';
import { placeBlock } from '../../../src/apply/core/place';
import { runApply } from '../../../src/apply/core/run';
import { createInferenceClient } from '../../../src/providers';
import { systemClock } from '../../../src/shared/clock';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { endpoint } from '../providers/helpers';
import { loadCorpus, type ApplyCase } from './corpus';

const corpus = loadCorpus();

/** Models wrap answers in different ways; the cleaning must undo each. */
function asModelWrites(rewrite: string, index: number): string {
  switch (index % 3) {
    case 1:
      return `\`\`\`\n${rewrite}\`\`\``;
    case 2:
      return `Here is the updated file:\n\n\`\`\`text\n${rewrite}\`\`\`\n\nThe change is applied.`;
    default:
      return rewrite;
  }
}

describe('apply corpus', () => {
  it('has at least 40 cases covering every kind', () => {
    assert.ok(corpus.length >= 40, `${corpus.length} cases`);
    const kinds = new Set(corpus.map((c) => c.expect));
    for (const kind of ['whole-file', 'anchors', 'declaration', 'lazy-markers', 'ambiguous', 'unplaced']) assert.ok(kinds.has(kind as ApplyCase['expect']), kind);
  });

  describe('deterministic path', () => {
    for (const c of corpus) {
      it(`${c.name}: ${c.title}`, () => {
        const placement = placeBlock(c.file, c.block);
        if (c.expect === 'ambiguous' || c.expect === 'unplaced') {
          assert.equal(placement.kind, c.expect, JSON.stringify(placement));
          return;
        }
        assert.equal(placement.kind, 'placed', JSON.stringify(placement));
        if (placement.kind !== 'placed') return;
        assert.equal(placement.text, c.expected);
        assert.equal(placement.how, c.expect);
      });
    }
  });

  describe('model path (fake server as the model)', function () {
    this.timeout(30_000);
    let server: FakeServer;
    before(async () => {
      server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 50_000, tokensPerChunk: 4 });
    });
    after(async () => {
      await server.close();
    });

    corpus.forEach((c, index) => {
      it(`${c.name}: the model's rewrite lands as expected`, async () => {
        server.configure({ response: { kind: 'text', text: asModelWrites(c.expected, index) } });
        const client = createInferenceClient(endpoint({ baseUrl: server.baseUrl, chatModel: 'fake-chat' }));
        let progress = 0;
        const result = await runApply(
          { original: c.file, path: c.path, languageId: 'plaintext', block: c.block, forceModel: true },
          { clock: systemClock, signal: new AbortController().signal, model: async () => ({ presetId: 'custom', streamChat: (r, s) => client.streamChat(r, s) }), onProgress: () => progress++ },
        );
        assert.equal(result.status, 'done', result.error);
        assert.equal(result.method, 'model');
        assert.equal(result.proposed, c.expected);
        assert.ok(progress > 0, 'the proposal followed the stream');
        const request = server.requests().at(-1)!.body as { messages: { content: string }[]; prediction?: unknown };
        assert.ok(request.messages[1].content.includes(c.block), 'the block is in the prompt');
        assert.equal(request.prediction, undefined, 'no prediction for a provider without predicted outputs');
      });
    });
  });
});
