// The next-edit corpus replayed through the engine, with the fake server
// playing the model: every case must show exactly the expected edits (taking
// all shown hunks gives the expected file) or nothing at all.
import * as assert from 'node:assert/strict';
import { nextEditBackend } from '../../../src/nextEdit/core/backend';
import { NextEditEngine, DEFAULT_NEXT_EDIT_OPTIONS, type NextEditActivity } from '../../../src/nextEdit/core/engine';
import { applyHunk } from '../../../src/nextEdit/core/hunks';
import type { NextEditFormat } from '../../../src/nextEdit/core/prompt';
import { createInferenceClient } from '../../../src/providers';
import { systemTimers } from '../../../src/shared/clock';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { endpoint, ManualClock } from '../providers/helpers';
import { expectedText, loadNextEditCorpus, modelAnswer, reformat, replayEdits } from './corpus';

const corpus = loadNextEditCorpus();

describe('next-edit corpus', function () {
  this.timeout(30_000);
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 50_000, tokensPerChunk: 3 });
  });
  after(async () => {
    await server.close();
  });

  it('has at least 40 cases, of every kind', () => {
    assert.ok(corpus.length >= 40, `${corpus.length} cases`);
    const names = corpus.map((c) => c.name).join(' ');
    for (const kind of ['rename-', 'param-', 'type-', 'pattern-', 'typo-', 'none-']) assert.ok(names.includes(kind), kind);
    for (const play of ['expected', 'same', 'reversal', 'reformat', 'garbled']) assert.ok(corpus.some((c) => c.model === play), play);
    assert.ok(corpus.filter((c) => c.expected === undefined).length >= 8, 'no-suggestion cases');
  });

  corpus.forEach((c, index) => {
    const format: NextEditFormat = index % 2 === 0 ? 'chat' : 'zeta';
    it(`${c.name} (${format}): ${c.title}`, async () => {
      const { text, cursor, keys } = replayEdits(c);
      const { rewrite, answer } = modelAnswer(c, format, index);
      if (c.model === 'reformat') assert.notEqual(reformat(rewrite!), rewrite, 'the reformat changes the spacing');
      server.configure({ response: { kind: 'text', text: answer } });
      server.clearLog();
      const client = createInferenceClient(endpoint({ baseUrl: server.baseUrl, chatModel: 'fake-chat', completionModel: 'fake-coder' }));
      const clock = new ManualClock();
      const engine = new NextEditEngine({ ...DEFAULT_NEXT_EDIT_OPTIONS, format }, { backend: nextEditBackend(() => client), clock, timers: systemTimers });
      const activity: NextEditActivity[] = [];
      engine.onActivity((a) => activity.push(a));
      engine.noteOpen(c.path, c.file);
      for (const edit of keys) {
        for (const key of edit) {
          clock.t += 120;
          engine.noteEdit(c.path, [key]);
        }
      }
      assert.equal(engine.history.text(c.path), text, 'the history follows the keystrokes');
      await engine.schedule({ file: c.path, filePath: c.path, languageId: 'plaintext', text, cursor }, 0);

      assert.equal(server.requests().length, 1, 'one request');
      const sent = JSON.stringify(server.requests()[0].body);
      assert.ok(sent.includes(format === 'chat' ? '<|cursor|>' : '<|user_cursor_is_here|>'), 'the cursor is marked');
      assert.ok(server.requests()[0].path.endsWith(format === 'chat' ? '/chat/completions' : '/completions'));
      const shown = engine.suggestion(c.path);
      const want = expectedText(c, text);
      if (want === undefined) {
        assert.equal(shown, undefined, `nothing is shown, got ${JSON.stringify(shown?.hunks)}`);
        if (c.model === 'reversal') assert.ok(activity.some((a) => a.kind === 'rejected' && a.reasons.includes('reversal')), 'rejected as a reversal');
        if (c.model === 'reformat') assert.ok(activity.some((a) => a.kind === 'rejected' && a.reasons.includes('whitespace')), 'rejected as a reformat');
        return;
      }
      assert.ok(shown && shown.final, 'a final suggestion is shown');
      assert.equal(shown.hunks.length, c.expected!.length, JSON.stringify(shown.hunks));
      // Taken from the last to the first, the hunks give the expected file.
      const taken = [...shown.hunks].sort((a, b) => b.offset - a.offset).reduce(applyHunk, text);
      assert.equal(taken, want);
      engine.dispose();
    });
  });
});
