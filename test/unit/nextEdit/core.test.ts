import * as assert from 'node:assert/strict';
import { nextEditBackend } from '../../../src/nextEdit/core/backend';
import { consumeHunks, DEFAULT_NEXT_EDIT_OPTIONS, NextEditEngine, rebase, type Eagerness, type NextEditSuggestion } from '../../../src/nextEdit/core/engine';
import { EditHistory } from '../../../src/nextEdit/core/history';
import { judgeRewrite } from '../../../src/nextEdit/core/hunks';
import { nextEditsActive, promptFormatFor } from '../../../src/nextEdit/core/policy';
import { buildPrompt, RewriteParser } from '../../../src/nextEdit/core/prompt';
import { selectRegion } from '../../../src/nextEdit/core/region';
import { completedRewrite } from '../../../src/nextEdit/core/stream';
import { createInferenceClient } from '../../../src/providers';
import { systemTimers } from '../../../src/shared/clock';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { endpoint, ManualClock } from '../providers/helpers';
import { until } from '../support/until';
import { FakeStream, ManualTime } from '../completion/fakes';

/** Types `text` over [offset, offset + length) a key at a time, `gap` ms apart. */
function type(history: EditHistory, file: string, offset: number, length: number, text: string, clock: ManualClock, gap = 100): void {
  [...text].forEach((ch, i) => {
    clock.t += gap;
    history.noteChanges(file, [{ offset: offset + i, length: i === 0 ? length : 0, text: ch }], clock.t);
  });
}


describe('next edit core', () => {
  describe('edit history', () => {
    it('coalesces a typed rename into one edit with its lines', () => {
      const clock = new ManualClock();
      const h = new EditHistory();
      h.noteText('a.ts', 'function f(count) {\n  return count;\n}\n');
      type(h, 'a.ts', 11, 5, 'total', clock);
      const edits = h.recent(clock.t);
      assert.equal(edits.length, 1);
      assert.deepEqual([edits[0].oldText, edits[0].newText, edits[0].line], ['count', 'total', 0]);
      assert.equal(edits[0].beforeLines, 'function f(count) {');
      assert.equal(edits[0].afterLines, 'function f(total) {');
    });

    it('coalesces backspaces, splits on a pause, and drops an edit typed back to the original', () => {
      const clock = new ManualClock();
      const h = new EditHistory();
      h.noteText('a', 'abcdef');
      for (const at of [5, 4, 3]) {
        clock.t += 100;
        h.noteChanges('a', [{ offset: at, length: 1, text: '' }], clock.t);
      }
      assert.deepEqual(h.recent(clock.t).map((e) => [e.oldText, e.newText]), [['def', '']]);
      type(h, 'a', 3, 0, 'def', clock);
      assert.deepEqual(h.recent(clock.t), [], 'typed back: no edit left');
      clock.t += 5000;
      type(h, 'a', 0, 0, 'X', clock);
      clock.t += 5000;
      type(h, 'a', 7, 0, 'Y', clock);
      assert.equal(h.recent(clock.t).length, 2);
      assert.equal(h.text('a'), 'XabcdefY');
    });

    it('keeps the lines the cursor went through, each once, for known files only', () => {
      const h = new EditHistory();
      h.noteCursor('unknown', 3);
      assert.deepEqual(h.cursorPath('unknown'), []);
      h.noteText('a', 'x');
      for (const line of [1, 1, 4, 2, 2, 9]) h.noteCursor('a', line);
      assert.deepEqual(h.cursorPath('a'), [1, 4, 2, 9]);
      const region = selectRegion('a\nb\n', 0);
      const p = buildPrompt('chat', { filePath: 'a.ts', languageId: 'typescript', region, edits: [], cursorPath: h.cursorPath('a') });
      assert.ok(p.format === 'chat' && p.user.includes('The cursor went through lines 2, 5, 3, 10 of a.ts.'));
    });

    it('keeps at most maxEdits and forgets edits older than maxAgeMs', () => {
      const clock = new ManualClock();
      const h = new EditHistory({ maxEdits: 3, maxChars: 10_000, maxAgeMs: 60_000, burstGapMs: 500, maxFiles: 5 });
      h.noteText('a', '');
      for (let i = 0; i < 5; i++) type(h, 'a', i, 0, String(i), clock, 1000);
      assert.deepEqual(h.recent(clock.t).map((e) => e.newText), ['2', '3', '4']);
      assert.equal(h.recent(clock.t + 61_000).length, 0);
    });
  });

  describe('rewrites into hunks', () => {
    const text = 'function f(total) {\n  const x = count + 1;\n  return x;\n}\n';
    const region = selectRegion(text, 16);

    it('narrows a line change to the changed word', () => {
      const v = judgeRewrite(text, region.start, region.text, region.text.replace('count', 'total'), undefined);
      assert.deepEqual(v.hunks, [{ offset: text.indexOf('count'), oldText: 'count', newText: 'total' }]);
    });

    it('drops identical rewrites, whitespace-only hunks and a reversal of the last edit', () => {
      assert.deepEqual(judgeRewrite(text, region.start, region.text, region.text, undefined).rejected, ['identical']);
      assert.deepEqual(judgeRewrite(text, region.start, region.text, region.text.replace('x = count', 'x  =  count'), undefined).rejected, ['whitespace']);
      const last = { file: 'f', offset: 11, oldText: 'count', newText: 'total', line: 0, beforeLines: '', afterLines: '', startedAt: 0, at: 0 };
      const v = judgeRewrite(text, region.start, region.text, region.text.replace('f(total)', 'f(count)'), last);
      assert.deepEqual(v, { hunks: [], rejected: ['reversal'] });
    });

    it('completes a partial rewrite once two lines match the region again', () => {
      const lines = ['a', 'b', 'c', 'd', 'e'];
      assert.equal(completedRewrite(lines, ['A', 'b']), undefined, 'one matching line is not enough');
      assert.equal(completedRewrite(lines, ['A', 'b', 'c']), 'A\nb\nc\nd\ne');
      assert.equal(completedRewrite(lines, ['a', 'X', 'Y', 'c', 'd']), 'a\nX\nY\nc\nd\ne');
    });

    it('keeps the rest of a hunk while the user types what it says, and moves the others', () => {
      const hunks = [
        { offset: 10, oldText: '', newText: 'abc' },
        { offset: 30, oldText: 'x', newText: 'y' },
      ];
      assert.deepEqual(consumeHunks(hunks, { offset: 10, length: 0, text: 'a' }), [
        { offset: 11, oldText: '', newText: 'bc' },
        { offset: 31, oldText: 'x', newText: 'y' },
      ]);
      assert.deepEqual(consumeHunks(hunks, { offset: 30, length: 1, text: 'y' }), [hunks[0]]);
      assert.equal(consumeHunks(hunks, { offset: 10, length: 0, text: 'z' }), undefined);
    });
  });

  describe('prompts', () => {
    const region = selectRegion('a\nb\nc\n', 2);
    const edit = { file: 'x.ts', offset: 0, oldText: 'z', newText: 'a', line: 0, beforeLines: 'z', afterLines: 'a', startedAt: 0, at: 0 };

    it('chat: the region between markers with the cursor, the edits as diffs', () => {
      const p = buildPrompt('chat', { filePath: 'x.ts', languageId: 'typescript', region, edits: [edit] });
      assert.equal(p.format, 'chat');
      if (p.format !== 'chat') return;
      assert.ok(p.user.includes('<|region_start|>\na\n<|cursor|>b\nc\n\n<|region_end|>'), p.user);
      assert.ok(p.user.includes('@@ -1,1 +1,1 @@\n-z\n+a'));
    });

    it('zeta: the raw layout with its tokens and the end marker as the stop', () => {
      const p = buildPrompt('zeta', { filePath: 'x.ts', languageId: 'typescript', region, edits: [edit] });
      assert.equal(p.format, 'zeta');
      if (p.format !== 'zeta') return;
      assert.ok(p.prompt.includes('<|editable_region_start|>\na\n<|user_cursor_is_here|>b'));
      assert.deepEqual(p.stop, ['<|editable_region_end|>']);
    });

    it('parses a chat answer only with its start marker, and a cut-off one not at all', () => {
      const chat = new RewriteParser('chat');
      chat.push('Sure: a\nb');
      assert.equal(chat.finish(true), undefined);
      const cut = new RewriteParser('chat');
      cut.push('<|region_start|>\na\nb');
      assert.deepEqual(cut.partialLines(), ['a']);
      assert.equal(cut.finish(false), undefined);
      const zeta = new RewriteParser('zeta');
      zeta.push('<|editable_region_start|>\na<|user_cursor_is_here|>\nb\n');
      assert.equal(zeta.finish(true), 'a\nb', 'stopped at the end marker (the stop sequence)');
    });

    it('auto turns next edits on only for fast profiles, and picks Zeta for its models', () => {
      assert.equal(nextEditsActive('auto', undefined), false);
      assert.equal(nextEditsActive('auto', 150), false);
      assert.equal(nextEditsActive('auto', 900), true);
      assert.equal(nextEditsActive('off', 900), false);
      assert.equal(nextEditsActive('on', undefined), true);
      assert.equal(promptFormatFor('auto', 'zed-industries/zeta'), 'zeta');
      assert.equal(promptFormatFor('auto', 'llama-3.3-70b'), 'chat');
    });
  });

  describe('the wait before asking', () => {
    /** An engine whose user types a key every 150 ms on an endpoint that shows in `ttftMs` + a line. */
    function waitFor(eagerness: Eagerness, ttftMs: number): number {
      const clock = new ManualClock();
      const engine = new NextEditEngine({ ...DEFAULT_NEXT_EDIT_OPTIONS, eagerness }, {
        backend: () => {
          throw new Error('not asked');
        },
        clock,
        timers: systemTimers,
        recentTtftMs: () => [ttftMs, ttftMs, ttftMs],
      });
      engine.noteOpen('f', 'abc');
      for (let i = 0; i < 6; i++) {
        clock.t += 150;
        engine.noteEdit('f', [{ offset: 3 + i, length: 0, text: 'x' }]);
      }
      return engine.delayMs();
    }

    it('high asks at every edit, on a fast endpoint and on a slow one', () => {
      assert.equal(waitFor('high', 20), 0);
      assert.equal(waitFor('high', 900), 0);
    });

    it('medium waits for a pause of one and a half keys even on a fast endpoint; low waits longer', () => {
      assert.equal(waitFor('medium', 20), 225);
      assert.equal(waitFor('medium', 900), 225);
      assert.ok(waitFor('low', 20) >= 900);
    });
  });

  describe('engine with a stream the test feeds', () => {
    const file = ['function f(total) {', '  const a = 1;', '  const b = 2;', '  const c = 3;', '  const d = 4;', '  return count;', '}', ''].join('\n');
    const cursor = file.indexOf('total') + 5;

    it('a hunk typed while the stream still runs moves the final suggestion with it', async () => {
      const clock = new ManualTime();
      const streams: FakeStream[] = [];
      const engine = new NextEditEngine(DEFAULT_NEXT_EDIT_OPTIONS, {
        backend: (prompt, signal) => {
          const stream = new FakeStream(prompt as never, signal, clock);
          streams.push(stream);
          return stream;
        },
        clock,
        timers: clock,
      });
      engine.noteOpen('f', file);
      const region = selectRegion(file, cursor);
      const rewrite = region.text.replace('(total)', '(total, n)').replace('return count', 'return total');
      const running = engine.schedule({ file: 'f', filePath: 'f.ts', languageId: 'typescript', text: file, cursor }, 0);
      await until(() => streams.length === 1, 'the prediction asked');
      const lines = `<|region_start|>\n${rewrite}\n<|region_end|>`.split(/(?<=\n)/);
      // The first lines settle the parameter added at the cursor: an early suggestion.
      for (const line of lines.slice(0, 5)) streams[0].push(line);
      await until(() => engine.suggestion('f') !== undefined, 'the early suggestion');
      assert.deepEqual(engine.suggestion('f')?.hunks, [{ offset: cursor, oldText: '', newText: ', n' }]);
      // The user types its first character; the stream goes on and ends with a second hunk further down.
      assert.equal(engine.noteEdit('f', [{ offset: cursor, length: 0, text: ',' }]), false, 'no new prediction');
      for (const line of lines.slice(5)) streams[0].push(line);
      streams[0].end();
      await running;
      const typed = file.slice(0, cursor) + ',' + file.slice(cursor);
      assert.equal(engine.suggestion('f')?.final, true);
      assert.deepEqual(engine.suggestion('f')?.hunks, [
        { offset: cursor + 1, oldText: '', newText: ' n' },
        { offset: typed.indexOf('count'), oldText: 'count', newText: 'total' },
      ]);
    });

    it('a final answer that no longer holds what the user took leaves the suggestion as it was', () => {
      const hunks = [{ offset: 4, oldText: '', newText: 'ab' }];
      assert.deepEqual(rebase(hunks, [{ offset: 4, length: 0, text: 'a' }]), [{ offset: 5, oldText: '', newText: 'b' }]);
      assert.equal(rebase(hunks, [{ offset: 4, length: 0, text: 'x' }]), undefined);
      assert.equal(rebase([], [{ offset: 4, length: 0, text: 'a' }]), undefined);
      assert.deepEqual(rebase(hunks, []), hunks);
    });
  });

  describe('engine against the fake server', function () {
    this.timeout(20_000);
    let server: FakeServer;
    before(async () => {
      server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 400, tokensPerChunk: 1 });
    });
    after(() => server.close());

    const file = ['function f(total) {', ...Array.from({ length: 14 }, (_, i) => `  const v${i} = ${i};`), '  return count;', '}', ''].join('\n');
    const cursor = file.indexOf('total') + 5;

    function engineFor(clock = new ManualClock()) {
      const client = createInferenceClient(endpoint({ baseUrl: server.baseUrl, chatModel: 'fake-chat' }));
      return new NextEditEngine(DEFAULT_NEXT_EDIT_OPTIONS, { backend: nextEditBackend(() => client), clock, timers: systemTimers });
    }

    it('shows the first hunk before the stream ends, then the final suggestion', async () => {
      const region = selectRegion(file, cursor);
      const rewrite = region.text.replace('return count', 'return total');
      server.configure({ response: { kind: 'text', text: `<|region_start|>\n${rewrite}\n<|region_end|>` } });
      // The hunk is near the end: it settles two lines later, before the closing marker arrives.
      const engine = engineFor();
      const seen: (NextEditSuggestion | undefined)[] = [];
      engine.onDidChange((f) => seen.push(engine.suggestion(f)));
      await engine.schedule({ file: 'f', filePath: 'f.ts', languageId: 'typescript', text: file, cursor }, 0);
      assert.ok(seen.length >= 2, `${seen.length} updates`);
      assert.equal(seen[0]?.final, false, 'the first update is early');
      assert.deepEqual(seen[0]?.hunks, seen.at(-1)?.hunks);
      assert.equal(seen.at(-1)?.final, true);
      assert.deepEqual(seen.at(-1)?.hunks, [{ offset: file.indexOf('count'), oldText: 'count', newText: 'total' }]);
    });

    it('aborts the stream at the server on the next edit, and the stale answer never shows', async () => {
      server.configure({ response: { kind: 'tokens', count: 3000 } });
      server.clearLog();
      const engine = engineFor();
      engine.noteOpen('f', file);
      const running = engine.schedule({ file: 'f', filePath: 'f.ts', languageId: 'typescript', text: file, cursor }, 0);
      await until(() => server.requests()[0]?.firstTokenAt !== undefined, 'the prediction streaming');
      assert.equal(engine.streamsInFlight, 1);
      assert.equal(engine.noteEdit('f', [{ offset: cursor, length: 0, text: 'x' }]), true, 'a new prediction is due');
      await running;
      await until(() => server.requests()[0]?.clientClosedAt !== undefined, 'the stream closed at the server');
      assert.equal(server.requests()[0].completed, false);
      assert.equal(engine.suggestion('f'), undefined);
      assert.equal(engine.streamsInFlight, 0);
    });
  });
});
