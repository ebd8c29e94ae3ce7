// The prompt box's hand-off of a sent prompt to the host (src/webview/chat/handoff.ts), on manual timers.
import * as assert from 'node:assert/strict';
import { draftOnInit, HANDOFF_TIMEOUT_MS, PromptHandoff } from '../../../src/webview/chat/handoff';

function manualTimers() {
  let now = 0;
  const due: { at: number; cb: () => void; id: number }[] = [];
  let ids = 0;
  return {
    timers: {
      setTimeout: (cb: () => void, ms: number) => {
        const id = ++ids;
        due.push({ at: now + ms, cb, id });
        return id;
      },
      clearTimeout: (id: unknown) => {
        const i = due.findIndex((d) => d.id === id);
        if (i >= 0) due.splice(i, 1);
      },
    },
    advance(ms: number) {
      now += ms;
      for (const d of due.filter((x) => x.at <= now)) {
        due.splice(due.indexOf(d), 1);
        d.cb();
      }
    },
    pending: () => due.length,
  };
}

describe('prompt hand-off to the host', () => {
  it('one prompt on its way at a time; the host showing it ends the wait', () => {
    const clock = manualTimers();
    const lost: string[] = [];
    const handoff = new PromptHandoff(clock.timers, (t) => lost.push(t));
    assert.equal(handoff.begin('first'), true);
    assert.equal(handoff.begin('second'), false, 'a second Enter before the host shows the first sends nothing');
    assert.equal(handoff.waiting, 'first');
    assert.equal(handoff.acknowledge('another prompt'), false, 'a different message is not this one');
    assert.equal(handoff.acknowledge('first'), true);
    assert.equal(handoff.waiting, undefined);
    assert.equal(clock.pending(), 0, 'its timer is cleared');
    clock.advance(HANDOFF_TIMEOUT_MS * 2);
    assert.deepEqual(lost, []);
    assert.equal(handoff.begin('second'), true);
  });

  it('a prompt the host never shows is reported after the timeout and can be sent again', () => {
    const clock = manualTimers();
    const lost: string[] = [];
    const handoff = new PromptHandoff(clock.timers, (t) => lost.push(t));
    handoff.begin('Are you there?');
    clock.advance(HANDOFF_TIMEOUT_MS - 1);
    assert.deepEqual(lost, []);
    clock.advance(1);
    assert.deepEqual(lost, ['Are you there?']);
    assert.equal(handoff.waiting, undefined);
    assert.equal(handoff.begin('Are you there?'), true);
  });

  it('a prompt given back by the host ends the wait', () => {
    const clock = manualTimers();
    const lost: string[] = [];
    const handoff = new PromptHandoff(clock.timers, (t) => lost.push(t));
    handoff.begin('while streaming');
    assert.equal(handoff.returned('while streaming'), true);
    clock.advance(HANDOFF_TIMEOUT_MS);
    assert.deepEqual(lost, []);
  });

  it('on a fresh page, a prompt that was on its way and has arrived leaves the box empty', () => {
    assert.deepEqual(draftOnInit({ draft: 'Explain', sending: 'Explain' }, 'Explain', 'Explain'), { draft: '', state: { draft: '', sending: undefined } });
  });

  it('on a fresh page, a prompt that was on its way and never arrived is still in the box', () => {
    assert.deepEqual(draftOnInit({ draft: 'Explain', sending: 'Explain' }, 'an older prompt', ''), { draft: 'Explain', state: { draft: 'Explain', sending: undefined } });
  });

  it('on a fresh page, the page’s own draft wins over the host’s delayed copy; the host’s fills an empty page', () => {
    assert.equal(draftOnInit({ draft: 'typed just now' }, undefined, 'typed a while ago').draft, 'typed just now');
    assert.equal(draftOnInit({}, undefined, 'from the host').draft, 'from the host');
    // Edited after Enter: what is there is a new draft, kept even though the prompt arrived.
    assert.equal(draftOnInit({ draft: 'Explain more', sending: 'Explain' }, 'Explain', '').draft, 'Explain more');
  });
});
