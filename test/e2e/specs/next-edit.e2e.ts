// Next edit suggestions in a real VS Code: a renamed parameter brings a
// suggestion for its use two lines below, drawn as decorations; Tab goes there
// and Tab again takes it. Esc dismisses another one, and typing on closes a
// prediction still streaming at the server.
import * as assert from 'node:assert/strict';
import { customProfile, useProfile, useVsCode, waitUntil } from '../harness';

const AREA_TS = [
  'function area(width: number, height: number): number {',
  '  // Both sides are clamped at zero.',
  '  const w = Math.max(0, width);',
  '  const h = Math.max(0, height);',
  '  return w * h;',
  '}',
  '',
].join('\n');

/** The fake model's answer: the whole file is the editable region here (it is short). */
const regionAnswer = (text: string) => `<|region_start|>\n${text}\n<|region_end|>`;
const chatPath = (path: string) => path.endsWith('/chat/completions');

describe('Next edit suggestions in a real VS Code', () => {
  const vscode = useVsCode({
    files: { 'area.ts': AREA_TS },
    fakeServers: {
      main: { ttftMs: 20, tokensPerSecond: 2000, response: { kind: 'text', text: regionAnswer(AREA_TS.replace(/width/g, 'size')) } },
    },
    settings: (fake) =>
      useProfile(customProfile('fake', fake.main.baseUrl), {
        // Only next edits talk to the server, so its log holds their requests alone.
        'fastInference.completions.enabled': false,
        'fastInference.nextEdits.enabled': 'on',
        'fastInference.nextEdits.eagerness': 'high',
      }),
  });

  /** Struck-through text in the active editor: the replaced part of suggested hunks. */
  function struckText(): Promise<string[]> {
    const { workbench } = vscode();
    return workbench.page.evaluate(() => {
      const editor = document.querySelector('.monaco-editor.focused') ?? document.querySelector('.editor-group-container.active .monaco-editor');
      if (!editor) return [];
      return [...editor.querySelectorAll<HTMLElement>('.view-lines span span')]
        .filter((el) => getComputedStyle(el).textDecorationLine.includes('line-through'))
        .map((el) => (el.textContent ?? '').replace(/\u00a0/g, ' '));
    });
  }

  /** What else the editor shows that takes Esc first: the suggest widget, ghost text. */
  function otherWidgets(): Promise<string> {
    const { workbench } = vscode();
    return workbench.page.evaluate(() => {
      const seen: string[] = [];
      if (document.querySelector('.suggest-widget.visible')) seen.push('suggest widget');
      const ghost = [...document.querySelectorAll('.ghost-text-decoration, .ghost-text')].map((el) => el.textContent ?? '').join('');
      if (ghost !== '') seen.push(`ghost text ${JSON.stringify(ghost)}`);
      return seen.length > 0 ? `; also shown: ${seen.join(', ')}` : '';
    });
  }

  async function waitForStruck(accept: (struck: string[]) => boolean, what: string): Promise<string[]> {
    return waitUntil(
      async () => {
        const struck = await struckText();
        return accept(struck) ? struck : undefined;
      },
      { what, timeoutMs: 15000, intervalMs: 25, describe: async () => JSON.stringify(await struckText()) + (await otherWidgets()) },
    );
  }

  /** Selects the word starting at a 1-based line and column. */
  async function selectWord(line: number, column: number): Promise<void> {
    const { workbench } = vscode();
    await workbench.goTo(line, column);
    await workbench.press('Control+Shift+ArrowRight');
  }

  it('a renamed parameter: the use two lines below is suggested, Tab goes there, Tab takes it', async () => {
    const { workbench, fake } = vscode();
    await workbench.openFile('area.ts');
    fake.main.clearLog();
    await selectWord(1, 15);
    await workbench.type('size', { delayMs: 60 });
    assert.deepEqual(await waitForStruck((s) => s.includes('width'), 'the use of width struck through'), ['width']);
    assert.ok(fake.main.requests().some((r) => chatPath(r.path)), 'the endpoint was asked');
    await workbench.press('Tab');
    await waitUntil(async () => ((await workbench.cursorLineText()).startsWith('  const w = Math.max(0, ') ? true : undefined), {
      what: 'the cursor on the suggested line',
      timeoutMs: 5000,
      describe: () => workbench.cursorLineText(),
    });
    await workbench.press('Tab');
    await waitForStruck((s) => s.length === 0, 'the suggestion taken');
    assert.equal(await workbench.documentText('area.ts'), AREA_TS.replace(/width/g, 'size'));
  });

  it('Esc dismisses a suggestion and leaves the file as it was', async () => {
    const { workbench, fake } = vscode();
    const current = AREA_TS.replace(/width/g, 'size');
    fake.main.configure({ response: { kind: 'text', text: regionAnswer(current.replace(/height/g, 'tall')) } });
    await selectWord(1, 29);
    await workbench.type('tall', { delayMs: 60 });
    await waitForStruck((s) => s.includes('height'), 'the use of height struck through');
    await workbench.press('Escape');
    await waitForStruck((s) => s.length === 0, 'the suggestion dismissed');
    assert.equal(await workbench.documentText('area.ts'), current.replace('height: number', 'tall: number'));
  });

  it('typing on closes a prediction still streaming at the server', async () => {
    const { workbench, fake } = vscode();
    // A slow answer: still streaming when the next key comes.
    fake.main.configure({ tokensPerSecond: 5, response: { kind: 'tokens', count: 400 } });
    try {
      await workbench.goTo(5, 15);
      fake.main.clearLog();
      await workbench.type(' ', { delayMs: 0 });
      const inFlight = await waitUntil(async () => fake.main.requests().find((r) => chatPath(r.path) && r.tokensSent > 0), {
        what: 'a prediction streaming',
        timeoutMs: 10000,
      });
      await workbench.type('+', { delayMs: 0 });
      const closed = await waitUntil(
        async () => {
          const record = fake.main.requests().find((r) => r.id === inFlight.id);
          return record?.clientClosedAt !== undefined ? record : undefined;
        },
        { what: 'the prediction in flight closed by the client', timeoutMs: 10000 },
      );
      assert.equal(closed.completed, false, 'cut short, not finished');
    } finally {
      fake.main.configure({ tokensPerSecond: 2000 });
    }
  });
});
