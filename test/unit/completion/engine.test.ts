import { strict as assert } from 'node:assert';
import type { EngineEvent, Suggestion } from '../../../src/completion/core/types';
import { firstLineOf } from '../../../src/completion/core/text';
import { describeRequest } from '../../../src/completion/core/request';
import { Doc, flush, makeEngine, TEST_OPTIONS } from './fakes';

const START = 'function add(a: number, b: number) {\n  return ';
const END = '\n}\n';

/** The start of a loop body; the editor has put the closers below. */
const LOOP_HEAD = 'function f(xs: number[]) {\n  for (const x of xs) {\n    ';

/** An engine that asks ahead, and a document with the cursor at LOOP_HEAD's end. */
function inLoopBody() {
  const { engine, fake } = makeEngine({ debounce: 'fixed', fixedDebounceMs: 0, speculative: true });
  const doc = new Doc(LOOP_HEAD + '\n  }\n}\n', LOOP_HEAD.length);
  doc.type('', engine);
  return { engine, fake, doc };
}

/** A document with the cursor after `return `, and an engine that has seen it change. */
function setup(options: Parameters<typeof makeEngine>[0] = {}, deps: Parameters<typeof makeEngine>[1] = {}) {
  const made = makeEngine({ debounce: 'fixed', fixedDebounceMs: 0, ...options }, deps);
  const doc = new Doc(START + END, START.length);
  doc.type('', made.engine);
  const events: EngineEvent[] = [];
  made.engine.onEvent((e) => events.push(e));
  return { ...made, doc, events };
}

const controller = () => new AbortController();

describe('completion engine (injected backend and clock)', () => {
  it('shows the first line as soon as it is complete, while the stream goes on', async () => {
    const { engine, fake, doc } = setup();
    const pending = engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 1);
    fake.last.push('a + b;');
    await flush();
    let shown: unknown;
    void pending.then((s) => (shown = s));
    await flush();
    assert.equal(shown, undefined, 'an incomplete line is not shown while streaming');
    fake.last.push('\n  // done\n');
    const suggestion = await pending;
    assert.equal(suggestion?.text, 'a + b;\n  // done');
    assert.equal(suggestion?.source, 'request');
    assert.equal(fake.last.aborted, false, 'the stream keeps going after the ghost text is shown');
  });

  it('serves typed-through characters from the open stream without a new request', async () => {
    const { engine, fake, doc } = setup();
    const first = engine.provide(doc.input(), controller().signal);
    await flush();
    fake.last.push('a + b;\n');
    assert.equal((await first)?.text, 'a + b;');
    for (const ch of 'a + ') {
      doc.type(ch, engine);
      const s = await engine.provide(doc.input(), controller().signal);
      assert.equal(s?.source, 'stream');
    }
    const s = await engine.provide(doc.input(), controller().signal);
    assert.equal(s?.text, 'b;');
    assert.equal(fake.streams.length, 1);
    assert.equal(fake.last.aborted, false);
  });

  it('aborts a stream that no longer matches within the same call, before anything is awaited', async () => {
    const { engine, fake, doc, events } = setup();
    const first = controller();
    void engine.provide(doc.input(), first.signal);
    await flush();
    fake.last.push('a + b;\n');
    await flush();
    const stale = fake.last;
    // The next keystroke: the editor cancels the previous call and calls again.
    first.abort();
    doc.type('x', engine);
    const next = engine.provide(doc.input(), controller().signal);
    assert.equal(stale.aborted, true, 'aborted synchronously in the call that saw the divergence');
    assert.ok(events.some((e) => e.type === 'abort' && e.reason === 'diverged'));
    await flush();
    assert.equal(fake.streams.length, 2);
    fake.last.push(' * 2;');
    fake.last.end();
    assert.equal((await next)?.text, ' * 2;');
  });

  it('keeps the stream when the editor cancels a call but the user types what it produces', async () => {
    const { engine, fake, doc } = setup();
    const first = controller();
    void engine.provide(doc.input(), first.signal);
    await flush();
    first.abort();
    doc.type('a', engine);
    const second = engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.last.aborted, false);
    fake.last.push('a + b;\n');
    assert.equal((await second)?.text, ' + b;');
    assert.equal(fake.streams.length, 1);
  });

  it('makes no request for a cursor move without an edit, and closes the open stream', async () => {
    const { engine, fake, doc } = setup();
    void engine.provide(doc.input(), controller().signal);
    await flush();
    const open = fake.last;
    doc.cursor -= 3;
    const moved = await engine.provide(doc.input(), controller().signal);
    assert.equal(moved, undefined);
    assert.equal(fake.streams.length, 1);
    assert.equal(open.aborted, true);
  });

  it('noteCursor closes the stream when the cursor moves elsewhere without an edit', async () => {
    const { engine, fake, doc } = setup();
    void engine.provide(doc.input(), controller().signal);
    await flush();
    engine.noteCursor(doc.docKey, doc.cursor, doc.version);
    assert.equal(fake.last.aborted, false, 'same spot: kept');
    engine.noteCursor(doc.docKey, 3, doc.version);
    assert.equal(fake.last.aborted, true);
  });

  it('noteActiveDocument closes the stream when the user switches editors', async () => {
    const { engine, fake, doc } = setup();
    void engine.provide(doc.input(), controller().signal);
    await flush();
    engine.noteActiveDocument('file:///other.ts');
    assert.equal(fake.last.aborted, true);
  });

  it('closes a stream nobody asks about after the idle timeout', async () => {
    const { engine, fake, doc, time } = setup({ idleAbortMs: 1500 });
    const pending = engine.provide(doc.input(), controller().signal);
    await flush();
    fake.last.push('a + b;\n');
    await pending;
    await time.advance(1400);
    assert.equal(fake.last.aborted, false);
    await time.advance(200);
    assert.equal(fake.last.aborted, true);
  });

  it('has at most one stream open: a new request replaces the old one', async () => {
    const { engine, fake, doc } = setup();
    void engine.provide(doc.input(), controller().signal);
    await flush();
    fake.last.push('a');
    doc.type('q', engine);
    void engine.provide(doc.input(), controller().signal);
    await flush();
    fake.last.push('b');
    doc.type('z', engine);
    void engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 3);
    assert.equal(fake.open.length, 1);
    assert.deepEqual(fake.streams.map((s) => s.aborted), [true, true, false]);
  });

  it('answers backspace and a return to the spot from the cache without a request', async () => {
    const { engine, fake, doc } = setup();
    fake.autoAnswer = () => 'a + b;';
    assert.equal((await engine.provide(doc.input(), controller().signal))?.text, 'a + b;');
    doc.type('x', engine);
    fake.autoAnswer = () => ' * 2;';
    assert.equal((await engine.provide(doc.input(), controller().signal))?.text, ' * 2;');
    doc.backspace(engine);
    const back = await engine.provide(doc.input(), controller().signal);
    assert.deepEqual([back?.text, back?.source], ['a + b;', 'cache']);
    assert.equal(fake.streams.length, 2);
  });

  it('waits out the debounce with the injected timers and skips superseded keystrokes', async () => {
    const { engine, fake, doc, time } = setup({ debounce: 'fixed', fixedDebounceMs: 100 });
    const first = controller();
    void engine.provide(doc.input(), first.signal);
    await time.advance(60);
    assert.equal(fake.streams.length, 0);
    first.abort();
    doc.type('a', engine);
    void engine.provide(doc.input(), controller().signal);
    await time.advance(99);
    assert.equal(fake.streams.length, 0);
    await time.advance(1);
    assert.equal(fake.streams.length, 1, 'only the last keystroke asks');
    assert.equal(fake.last.request.prefix, START + 'a');
  });

  it('adaptive: no wait for a fast endpoint; mid-word, a wait for a pause with a slow one', async () => {
    const typeAt100ms = async (t: ReturnType<typeof setup>, keys: string) => {
      let previous: AbortController | undefined;
      for (const ch of keys) {
        previous?.abort();
        previous = controller();
        t.doc.type(ch, t.engine);
        void t.engine.provide(t.doc.input(), previous.signal);
        await t.time.advance(100);
      }
      // The editor cancels the last call when the next key comes.
      previous?.abort();
    };
    const fast = setup({ debounce: 'adaptive' }, { recentTtftMs: () => [20, 20, 20] });
    // Nothing to show, so no key contradicts ghost text.
    fast.fake.autoAnswer = () => '';
    await typeAt100ms(fast, 'valu');
    const before = fast.fake.streams.length;
    fast.doc.type('e', fast.engine);
    void fast.engine.provide(fast.doc.input(), controller().signal);
    await flush();
    assert.equal(fast.fake.streams.length, before + 1, 'asked at the keystroke, without waiting');

    const slow = setup({ debounce: 'adaptive' }, { recentTtftMs: () => [900, 900, 900] });
    await typeAt100ms(slow, 'valu');
    assert.equal(slow.fake.streams.length, 0, 'no request mid-burst');
    slow.doc.type('e', slow.engine);
    void slow.engine.provide(slow.doc.input(), controller().signal);
    await slow.time.advance(140);
    assert.equal(slow.fake.streams.length, 0, 'still waiting for a pause');
    await slow.time.advance(20);
    assert.equal(slow.fake.streams.length, 1, 'asks once the gap is 1.5x the rhythm');
  });

  it('after a key that contradicts the ghost text mid-word, waits for the correction instead of asking at once', async () => {
    const { engine, fake, doc, time } = setup({ debounce: 'adaptive' }, { recentTtftMs: () => [20, 20, 20] });
    fake.autoAnswer = () => 'total;';
    assert.equal((await engine.provide(doc.input(), controller().signal))?.text, 'total;');
    const typo = controller();
    doc.type('y', engine);
    void engine.provide(doc.input(), typo.signal);
    await time.advance(400);
    assert.equal(fake.streams.length, 1, 'a fast endpoint, yet no request while a correction is likely');
    typo.abort();
    doc.backspace(engine);
    const back = await engine.provide(doc.input(), controller().signal);
    assert.equal(back?.text, 'total;', 'corrected: the suggestion is back without a request');
    doc.type('q', engine);
    void engine.provide(doc.input(), controller().signal);
    await time.advance(599);
    assert.equal(fake.streams.length, 1);
    await time.advance(1);
    assert.equal(fake.streams.length, 2, 'not corrected: asked once the correction time passed');
  });

  describe('a user who keeps typing past the suggestions', () => {
    /** A fast endpoint, a user typing a key every 100 ms (the engine has measured the rhythm), and nothing shown yet. */
    async function typingFast(options: Parameters<typeof makeEngine>[0] = {}) {
      const t = setup({ debounce: 'adaptive', ...options }, { recentTtftMs: () => [20, 20, 20] });
      let call: AbortController | undefined;
      const key = async (s: string, gapMs = 100) => {
        // The editor cancels the previous call when the next key comes.
        call?.abort();
        call = controller();
        t.doc.type(s, t.engine);
        let shown: Suggestion | undefined;
        void t.engine.provide(t.doc.input(), call.signal).then((s) => (shown = s));
        await t.time.advance(gapMs);
        return shown;
      };
      t.fake.autoAnswer = () => '';
      for (const ch of 'abcd') await key(ch);
      return { ...t, key };
    }

    it('after two suggestions passed by, waits for a pause before asking, pause points included', async () => {
      const { fake, key, time } = await typingFast();
      fake.autoAnswer = () => 'zzz;';
      const asked = () => fake.streams.length;
      const start = asked();
      assert.equal((await key(' '))?.text, 'zzz;', 'asked at once, shown');
      await key('-');
      assert.equal(asked(), start + 2, 'one suggestion passed by: still asked at once');
      await key('-');
      assert.equal(asked(), start + 2, 'two passed by: no request within the typing rhythm');
      await key('(', 149);
      assert.equal(asked(), start + 2, 'not even at a pause point');
      await time.advance(1);
      assert.equal(asked(), start + 3, 'asked once the gap is 1.5× the rhythm');
    });

    it('one suggestion taken and it asks at once again', async () => {
      const { fake, key, time } = await typingFast();
      fake.autoAnswer = () => 'zzz;';
      await key(' ');
      await key('-');
      const waiting = fake.streams.length;
      await key('-');
      assert.equal(fake.streams.length, waiting, 'two passed by: waiting for a pause');
      await time.advance(50);
      assert.equal(fake.streams.length, waiting + 1, 'asked after the pause, and shown');
      const before = fake.streams.length;
      assert.equal((await key('z'))?.text, 'zz;', 'typed into the suggestion: served without a request');
      assert.equal(fake.streams.length, before);
      await key('.');
      assert.equal(fake.streams.length, before + 1, 'left after taking some of it: no pass, asked at once');
    });

    it('the rules switched off (for the benchmark): a speculative request no longer stops after its first line', () => {
      const at = new Doc(START + END, START.length).input();
      assert.equal(describeRequest(at, true, TEST_OPTIONS, undefined).stopContext.firstLineAndPeek, true);
      assert.equal(describeRequest(at, true, { ...TEST_OPTIONS, rulesOff: ['speculative-first-line'] }, undefined).stopContext.firstLineAndPeek, false);
      assert.equal(describeRequest(at, false, TEST_OPTIONS, undefined).stopContext.firstLineAndPeek, false);
    });

    it('the rule switched off (for the benchmark) asks on every key as before', async () => {
      const { fake, key } = await typingFast({ rulesOff: ['wait-when-ignored'] });
      fake.autoAnswer = () => 'zzz;';
      const start = fake.streams.length;
      for (const ch of ' ---') await key(ch);
      assert.equal(fake.streams.length, start + 4);
    });
  });

  it('a manual trigger asks at once, even without an edit', async () => {
    const { engine, fake, doc } = setup({ debounce: 'fixed', fixedDebounceMs: 500 });
    doc.cursor -= 1;
    void engine.provide(doc.input('manual'), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 1);
  });

  it('asks ahead for the spot after the first line once the user follows the suggestion, but not while rate-limited', async () => {
    const on = setup({ speculative: true });
    on.fake.autoAnswer = (req) => (req.prefix.endsWith('a + b;') ? '\n  // next' : req.prefix.endsWith('// next') ? '\n}' : 'a + b;');
    const s = await on.engine.provide(on.doc.input(), controller().signal);
    await flush();
    assert.equal(s?.text, 'a + b;');
    assert.equal(on.fake.streams.length, 1, 'shown only: nobody follows it yet');
    on.doc.type('a', on.engine);
    await on.engine.provide(on.doc.input(), controller().signal);
    await flush();
    assert.equal(on.fake.streams.length, 2, 'typed a character of it: the spot after its first line is asked for');
    assert.equal(on.fake.streams[1]!.request.prefix, START + 'a + b;');
    on.doc.type(' + b;', on.engine);
    const after = await on.engine.provide(on.doc.input(), controller().signal);
    await flush();
    assert.deepEqual([after?.text, after?.source], ['\n  // next', 'cache'], 'served from the speculative answer');
    assert.equal(on.fake.streams.length, 2, 'the next line is not followed yet: nothing asked two lines ahead');
    on.doc.type('\n  /', on.engine);
    await on.engine.provide(on.doc.input(), controller().signal);
    await flush();
    assert.equal(on.fake.streams.length, 3);
    assert.equal(on.fake.streams[2]!.request.prefix, START + 'a + b;\n  // next', 'following the next line asks after it');

    const limited = setup({ speculative: true }, { rateLimitRemainingMs: () => 5000 });
    limited.fake.autoAnswer = () => 'a + b;';
    await limited.engine.provide(limited.doc.input('manual'), controller().signal);
    limited.doc.type('a', limited.engine);
    await limited.engine.provide(limited.doc.input(), controller().signal);
    await flush();
    assert.equal(limited.fake.streams.length, 1);
  });

  it('does not ask ahead from a suggestion shown at a typo or one the user leaves', async () => {
    const { engine, fake, doc } = setup({ speculative: true });
    fake.autoAnswer = (req) => (req.prefix.endsWith('x') ? 'yz();' : 'a + b;');
    await engine.provide(doc.input(), controller().signal);
    doc.type('x', engine);
    const atTypo = await engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(atTypo?.text, 'yz();');
    doc.backspace(engine);
    await engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 2, 'two answers shown, neither followed: nothing asked ahead');
  });

  it('backs off after a failure and reports it; a manual trigger still asks', async () => {
    const { engine, fake, doc, time } = setup();
    const activity: unknown[] = [];
    engine.onActivity((a) => activity.push(a));
    const p = engine.provide(doc.input(), controller().signal);
    await flush();
    fake.last.fail(Object.assign(new Error('Could not connect to Ollama'), { kind: 'connection-refused' }));
    assert.equal(await p, undefined);
    assert.equal(engine.activitySnapshot.lastError?.kind, 'connection-refused');
    doc.type('a', engine);
    assert.equal(await engine.provide(doc.input(), controller().signal), undefined);
    assert.equal(fake.streams.length, 1, 'no request while backing off');
    void engine.provide(doc.input('manual'), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 2);
    await time.advance(1000);
    assert.ok(activity.length >= 2);
  });

  it('a 429 holds automatic requests for as long as the provider layer’s gate says, and shows it', async () => {
    let gateUntil = 0;
    const { engine, fake, doc, time } = setup({}, { rateLimitRemainingMs: () => Math.max(0, gateUntil - time.now()) });
    const p = engine.provide(doc.input(), controller().signal);
    await flush();
    // The client puts the profile into the gate's cooldown as it reads the 429, then fails the stream.
    gateUntil = time.now() + 3000;
    fake.last.fail(Object.assign(new Error('rate limited'), { kind: 'rate-limited', retryAfterMs: 3000 }));
    await p;
    assert.equal(engine.activitySnapshot.rateLimitedUntil, 3000);
    doc.type('a', engine);
    await engine.provide(doc.input(), controller().signal);
    assert.equal(fake.streams.length, 1);
    await time.advance(3001);
    doc.type('b', engine);
    void engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 2);
  });

  it('reports waiting while a request is pending', async () => {
    const { engine, fake, doc } = setup();
    const p = engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(engine.activitySnapshot.waiting, true);
    fake.last.push('a;');
    fake.last.end();
    await p;
    assert.equal(engine.activitySnapshot.waiting, false);
  });

  it('closes a stream the user typed ahead of once what arrives disagrees', async () => {
    const { engine, fake, doc } = setup();
    const first = controller();
    void engine.provide(doc.input(), first.signal);
    await flush();
    first.abort();
    doc.type('a +', engine);
    void engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.last.aborted, false);
    fake.last.push('a - b;\n');
    await flush();
    assert.equal(fake.streams[0]!.aborted, true);
  });

  it('does not wait on a silent stream once the user typed well past it', async () => {
    const { engine, fake, doc } = setup();
    const first = controller();
    void engine.provide(doc.input(), first.signal);
    await flush();
    first.abort();
    doc.type('a + b', engine);
    void engine.provide(doc.input(), controller().signal);
    assert.equal(fake.streams[0]!.aborted, true);
    await flush();
    assert.equal(fake.streams.length, 2);
  });

  it('keeps a silent stream when the user ran ahead of it by Enter and the indentation it brings', async () => {
    const { engine, fake, doc } = setup();
    const first = controller();
    doc.type('a + b;', engine);
    void engine.provide(doc.input(), first.signal);
    await flush();
    first.abort();
    doc.type('\n      ', engine);
    const next = engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 1, 'one key ahead: the stream is kept, not replaced');
    fake.last.push('\n      return a;\n');
    assert.equal((await next)?.text, 'return a;');
    doc.type('x y', engine);
    void engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 2, 'typing something else replaces it');
  });

  it('stops the stream at the server when a stop rule cuts the output', async () => {
    const { engine, fake, doc } = setup();
    const p = engine.provide(doc.input(), controller().signal);
    await flush();
    fake.last.push('a + b;\n}\n\nfunction sub(');
    assert.equal((await p)?.text, 'a + b;');
    assert.equal(fake.last.aborted, true);
  });

  it('counts a stream as closed once aborted, even if the transport never ends its iteration', async () => {
    const { engine, fake, doc, events } = setup();
    const p = engine.provide(doc.input(), controller().signal);
    await flush();
    fake.last.hangsAfterAbort = true;
    fake.last.push('a + b;\n}\n');
    assert.equal((await p)?.text, 'a + b;');
    await flush();
    assert.ok(events.some((e) => e.type === 'closed'), 'the session closed');
    doc.type('x', engine);
    void engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 2, 'the next request is not held back');
  });

  it('speculates for the spot after the first line of a multi-line suggestion', async () => {
    const { engine, fake, doc } = setup({ speculative: true });
    fake.autoAnswer = (req) => (req.prefix.endsWith('a + b;') ? '\n  // fresh guess' : 'a + b;\n  // old guess');
    const s = await engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(s?.text, 'a + b;', 'the first line shows as soon as it is complete');
    doc.type('a', engine);
    await engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.streams[1]?.request.prefix, START + 'a + b;', 'once the user follows it, the spot after it is asked for');
    doc.type(' + b;\n  ', engine);
    const next = await engine.provide(doc.input(), controller().signal);
    assert.equal(next?.text, '// fresh guess', 'the answer asked with the first line in place comes first');
  });

  it('counts a blank line as the first line: the line after it is asked for with the blank line in place', async () => {
    const made = makeEngine({ debounce: 'fixed', fixedDebounceMs: 0, speculative: true });
    const { engine, fake } = made;
    const START_RS = 'struct W {\n    x: u8,\n}';
    const doc = new Doc(START_RS + '\n', START_RS.length, 'file:///w.rs', 'rust');
    doc.type('', engine);
    // At the end of a line the model gets the (blank) next line right and guesses the one after it.
    fake.autoAnswer = (req) => (req.prefix.endsWith('}') ? '\n\nimpl2 WrongGuess {' : req.prefix.endsWith('}\n') ? '\nimpl W {' : '');
    const first = await engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(first?.text, '\n\nimpl2 WrongGuess {');
    assert.equal(fake.streams[1]?.request.prefix, START_RS + '\n', 'the spot after the blank line is asked for at once, not the one after the guess');
    doc.type('\n', engine);
    await engine.provide(doc.input(), controller().signal);
    doc.type('\n', engine);
    const atLineStart = await engine.provide(doc.input(), controller().signal);
    assert.equal(atLineStart?.text, 'impl W {', 'the answer asked with the blank line in place, not the old guess');
  });

  it('at a line start the user typed to, asks instead of showing a line guessed before the line above was confirmed', async () => {
    for (const speculative of [true, false]) {
      const { engine, fake, doc } = inLoopBody();
      engine.configure({ speculative });
      // The loop's last line goes back to the level of the `}` below: nothing is asked ahead from it.
      fake.autoAnswer = (req) => (req.prefix.endsWith('sum += x;\n  ') ? 'return fresh;' : 'sum += x;\n  return guessed;');
      await engine.provide(doc.input(), controller().signal);
      doc.type('sum += x;', engine);
      await engine.provide(doc.input(), controller().signal);
      await flush();
      assert.equal(fake.streams.length, 1, 'nothing asked ahead');
      doc.type('\n  ', engine);
      const atLineStart = await engine.provide(doc.input(), controller().signal);
      await flush();
      if (speculative) {
        assert.equal(atLineStart?.text, 'return fresh;', 'the answer asked at the line start');
        assert.equal(fake.streams.length, 2);
      } else {
        assert.equal(atLineStart?.text, 'return guessed;', 'with asking ahead off, the guess is shown and nothing asked');
        assert.equal(fake.streams.length, 1);
      }
    }
  });

  it('a line start past a suggestion\'s first line, reached through an answer asked there, is served without a request', async () => {
    const { engine, fake, doc } = inLoopBody();
    engine.configure({ speculative: false });
    // Asked at the end of a line, the first line of the answer is the next line: it is not a guess.
    fake.autoAnswer = () => '\n    sum += x;';
    doc.type('const y = x;', engine);
    assert.equal((await engine.provide(doc.input(), controller().signal))?.text, '\n    sum += x;');
    engine.configure({ speculative: true });
    doc.type('\n    ', engine);
    assert.equal((await engine.provide(doc.input(), controller().signal))?.text, 'sum += x;');
    await flush();
    assert.equal(fake.streams.length, 1);
  });

  it('does not ask ahead where the answer says the block ends, nor ask there once the user gets there', async () => {
    const { engine, fake, doc } = inLoopBody();
    // The answer's next line goes back to the level of the `}` the document already has below.
    fake.autoAnswer = () => 'sum += x;\n  return sum;';
    await engine.provide(doc.input(), controller().signal);
    doc.type('sum', engine);
    assert.equal((await engine.provide(doc.input(), controller().signal))?.text, ' += x;\n  return sum;');
    doc.type(' += x;', engine);
    assert.equal((await engine.provide(doc.input(), controller().signal))?.text, '\n  return sum;');
    await flush();
    assert.equal(fake.streams.length, 1, 'nothing asked ahead for the end of the block');
  });

  it('asks nothing at the end of an answer that stopped because the document follows', async () => {
    const { engine, fake, doc } = inLoopBody();
    // The model closes the block, which the document already does: next-line-repeat cuts it there.
    fake.autoAnswer = () => 'sum += x;\n  }\n  return sum;';
    assert.equal((await engine.provide(doc.input(), controller().signal))?.text, 'sum += x;');
    doc.type('sum += x;', engine);
    assert.equal(await engine.provide(doc.input(), controller().signal), undefined);
    await flush();
    assert.equal(fake.streams.length, 1, 'no request ahead, none at the end of the line');
  });

  it('a speculative request stops after its first line once the next one starts, and the start tells a block end', async () => {
    const { engine, fake, doc } = inLoopBody();
    fake.autoAnswer = (req) => (req.prefix.endsWith('sum += x;') ? '\n    count++;\n  }\n  return sum;' : 'sum += x;');
    await engine.provide(doc.input(), controller().signal);
    doc.type('s', engine);
    await engine.provide(doc.input(), controller().signal);
    await flush();
    const ahead = fake.streams[1]!;
    assert.equal(ahead.request.prefix, LOOP_HEAD + 'sum += x;');
    assert.equal(ahead.aborted, true, 'closed as soon as the line after its first had started');
    doc.type('um += x;', engine);
    assert.equal((await engine.provide(doc.input(), controller().signal))?.text, '\n    count++;', 'only the first line is kept');
    doc.type('\n    c', engine);
    await engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 2, 'its next line starts at the level of the `}` below: the block ends, nothing asked ahead');
  });

  it('takes the first line of a suggestion as the rest of the cursor line, else the next line, blank or not', () => {
    assert.equal(firstLineOf('a + b;\n  c'), 'a + b;');
    assert.equal(firstLineOf('\n  next\n  after'), '\n  next');
    assert.equal(firstLineOf('\n\nimpl W {\n}'), '\n');
    assert.equal(firstLineOf('  \n  x'), '  \n  x');
    assert.equal(firstLineOf('only'), 'only');
  });

  it('remembers that a spot had nothing to add instead of showing an older guess there', async () => {
    const { engine, fake, doc } = setup({ speculative: true });
    // The older suggestion runs on past the end of the line; asked there, the model has nothing.
    fake.autoAnswer = (req) => (req.prefix.endsWith('a + b;') ? '\n}' : 'a + b;\n  // guess');
    await engine.provide(doc.input(), controller().signal);
    doc.type('a', engine);
    await engine.provide(doc.input(), controller().signal);
    await flush();
    assert.equal(fake.streams.length, 2);
    doc.type(' + b;', engine);
    assert.equal(await engine.provide(doc.input(), controller().signal), undefined);
    doc.type('x', engine);
    await engine.provide(doc.input(), controller().signal);
    await flush();
    const before = fake.streams.length;
    doc.backspace(engine);
    assert.equal(await engine.provide(doc.input(), controller().signal), undefined, 'still nothing: not the older guess');
    assert.equal(fake.streams.length, before, 'and no new request for the spot');
  });
});
