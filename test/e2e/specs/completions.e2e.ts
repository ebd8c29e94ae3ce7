// Inline completions in a real VS Code: typing a function shows ghost text and
// Tab accepts it; typing on through a visible suggestion keeps it without a new
// request; a stream the typing has made stale is closed at the server.
import * as assert from 'node:assert/strict';
import { customProfile, useProfile, useVsCode, waitUntil } from '../harness';

/** What the fake "model" knows: it completes the rest of whichever line the prefix ends on. */
const MATHS_PY = [
  'def add(a, b):',
  '    return a + b',
  '',
  '',
  'def scale(values, factor):',
  '    result = []',
  '    for value in values:',
  '        result.append(value * factor)',
  '    return result',
  '',
].join('\n');

const epochNow = () => performance.timeOrigin + performance.now();
const generation = (path: string) => /\/(completions|infill)$/.test(path);

describe('Inline completions in a real VS Code', () => {
  const vscode = useVsCode({
    files: { 'maths.py': 'def add(a, b):\n    return a + b\n\n\n' },
    fakeServers: {
      main: { ttftMs: 20, tokensPerSecond: 2000, response: { kind: 'oracle', documents: [{ text: MATHS_PY }] } },
    },
    settings: (fake) => useProfile(customProfile('fake', fake.main.baseUrl, { fimTransport: 'completions-suffix' })),
  });

  it('shows ghost text while a function is typed, and Tab accepts it', async () => {
    const { workbench, fake } = vscode();
    await workbench.openFile('maths.py');
    await workbench.cursorToEnd();
    fake.main.clearLog();
    await workbench.type('def scale(values, factor):\n', { delayMs: 90 });
    const ghost = await workbench.waitForGhostText({ accept: (t) => t === 'result = []' });
    assert.equal(ghost, 'result = []');
    await workbench.press('Tab');
    const text = await workbench.documentText('maths.py');
    assert.match(text, /def scale\(values, factor\):\n {4}result = \[\]$/);
    assert.ok(fake.main.requests().some((r) => generation(r.path)), 'the endpoint was asked');
  });

  it('keeps a visible suggestion while it is typed through, without asking again', async () => {
    const { workbench, fake } = vscode();
    await workbench.press('End');
    await workbench.type('\n');
    await workbench.waitForGhostText({ accept: (t) => t === 'for value in values:' });
    const suggestion = 'for value in values:';
    for (let i = 1; i <= 'for val'.length; i++) {
      await workbench.type(suggestion[i - 1]!, { delayMs: 0 });
      const rest = suggestion.slice(i);
      await workbench.waitForGhostText({ accept: (t) => t === rest, timeoutMs: 3000 });
    }
    // Accepting leaves the spot: a request for the line being typed through could only have gone
    // out before it, so no wait is needed before judging the server's log.
    await workbench.press('Tab');
    assert.match(await workbench.documentText('maths.py'), / {4}for value in values:$/);
    // Following the suggestion may ask ahead once, for the line after it (the prompt ends with
    // the whole suggested line); nothing may be asked for the line being typed through (a prompt
    // ending with a part of it).
    const requests = fake.main.requests().filter((r) => generation(r.path));
    const prompt = (body: unknown) => String((body as { prompt?: unknown }).prompt ?? '');
    const forTypedLine = requests.filter((r) => Array.from({ length: 'for val'.length }, (_, k) => `    ${suggestion.slice(0, k + 1)}`).some((typed) => prompt(r.body).endsWith(typed)));
    assert.deepEqual(forTypedLine.map((r) => r.body), [], 'new requests for the line being typed through');
    const ahead = requests.filter((r) => prompt(r.body).endsWith(`    ${suggestion}`));
    assert.ok(ahead.length <= 1, `asked ahead ${ahead.length} times for the same spot`);
  });

  it('closes a stream at the server as soon as the typing no longer matches it', async () => {
    const { workbench, fake } = vscode();
    // A slow answer that will not match what is typed next.
    fake.main.configure({ tokensPerSecond: 4, response: { kind: 'text', text: 'zeta = compute_the_total(values, factor, rounding=2)\n' } });
    try {
      await workbench.press('End');
      await workbench.type('\n        tot', { delayMs: 60 });
      const stale = await waitUntil(
        async () => fake.main.requests().find((r) => generation(r.path) && JSON.stringify(r.body).includes('tot')),
        { what: 'a request for the line being typed', timeoutMs: 5000 },
      );
      await waitUntil(async () => (fake.main.requests().find((r) => r.id === stale.id)?.tokensSent ?? 0) > 0, {
        what: 'the stale stream to start',
        timeoutMs: 5000,
      });
      const keyAt = epochNow();
      await workbench.type('a', { delayMs: 0 });
      const closed = await waitUntil(
        async () => {
          const record = fake.main.requests().find((r) => r.id === stale.id);
          return record?.clientClosedAt !== undefined ? record : undefined;
        },
        { what: 'the stale stream to be closed by the client', timeoutMs: 5000 },
      );
      assert.equal(closed.completed, false, 'the stream was cut short, not finished');
      const delay = closed.clientClosedAt! - keyAt;
      console.log(`      stale stream closed at the server ${delay.toFixed(1)} ms after the key was pressed in the browser`);
      assert.ok(delay < 1000, `closed ${delay} ms after the keystroke`);
    } finally {
      fake.main.configure({ tokensPerSecond: 2000, response: { kind: 'oracle', documents: [{ text: MATHS_PY }] } });
    }
  });

  it('snoozed: typing asks nothing, Trigger Now still answers, Resume brings ghost text back', async () => {
    const { workbench, fake } = vscode();
    await workbench.press('End');
    await workbench.type('\n', { delayMs: 0 });
    await workbench.runCommand('Fast Inference: Snooze Inline Completions…');
    await workbench.pickQuickPickItem('5 minutes');
    await workbench.waitForQuickInputClosed();
    fake.main.clearLog();
    await workbench.type('    return res', { delayMs: 80 });
    assert.equal(await workbench.ghostText(), '');
    await workbench.runCommand('Fast Inference: Trigger Inline Completion Now');
    assert.equal(await workbench.waitForGhostText(), 'ult');
    // Of the requests that saw the text typed while snoozed, only Trigger Now's went out. (A request
    // asked before the snooze may still land after clearLog on a busy machine: its prompt ends earlier.)
    const sawSnoozedText = fake.main.requests().filter((r) => generation(r.path) && JSON.stringify(r.body).includes('return r'));
    assert.equal(sawSnoozedText.length, 1, 'no request while snoozed, one for Trigger Now');
    await workbench.press('Escape');
    await workbench.runCommand('Fast Inference: Snooze Inline Completions…');
    await workbench.pickQuickPickItem('Resume now');
    await workbench.waitForQuickInputClosed();
    await workbench.press('Backspace');
    assert.equal(await workbench.waitForGhostText(), 'sult');
  });
});

