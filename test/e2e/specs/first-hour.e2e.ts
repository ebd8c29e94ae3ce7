// The first hour of a new user in a real VS Code, from a fresh install with default
// settings: the walkthrough opens by itself; with no server the status bar hover offers
// Add Provider…; following the walkthrough against the fake server (Add Provider, which
// ends with a connection test, then the sample file and the chat) ends with ghost text and
// a chat answer; the first provider added replaces the untouched default profile; with no
// model in the profile the chat and the dashboard name the model the server used; after two
// failed chat turns and a good one, the server saw strictly alternating roles; the chat
// history is a list used from the keyboard. Screenshots of the walkthrough, the status bar menu, the dashboard at
// 1,280 px and a 60 vs 2,000 tok/s comparison, in dark and light themes, go to
// test-results/first-hour/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { SAMPLE_PREFIX } from '../../../src/onboarding/core/firstRun';
import { EXTENSION_ID, customProfile, useVsCode, waitUntil } from '../harness';
import type { VsCodeSession } from '../harness';

const SHOTS = path.resolve(process.env.FI_E2E_RESULTS ?? 'test-results', 'first-hour');
const SAMPLE = `${SAMPLE_PREFIX}{ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };\n}\n`;
const CHAT_ANSWER = 'A fill-in-the-middle completion sees the code on both sides of the cursor and writes what belongs between them.';
const THEMES = { dark: 'Dark Modern', light: 'Light Modern' } as const;

describe('The first hour in a real VS Code', () => {
  const vscode = useVsCode<'main' | 'slow'>({
    files: { 'app.ts': 'export function greet(name: string): string {\n  ' },
    fakeServers: {
      main: { ttftMs: 20, tokensPerSecond: 2000, response: { kind: 'oracle', documents: [{ text: SAMPLE }] } },
      slow: { ttftMs: 20, tokensPerSecond: 60, response: { kind: 'tokens', count: 90 } },
    },
    // Default settings: no profile of the user's own, so this is a first start.
    settings: {},
  });

  const settingsFile = (session: VsCodeSession) => path.join(session.dirs.userData, 'User', 'settings.json');
  const readSettings = (session: VsCodeSession) => JSON.parse(fs.readFileSync(settingsFile(session), 'utf8')) as Record<string, unknown>;

  async function setTheme(session: VsCodeSession, theme: keyof typeof THEMES): Promise<void> {
    const dark = theme === 'dark';
    const isShown = () =>
      session.page.evaluate((wantDark) => {
        const classes = document.querySelector('.monaco-workbench')?.classList;
        return classes !== undefined && (wantDark ? classes.contains('vs-dark') : classes.contains('vs') && !classes.contains('vs-dark') && !classes.contains('hc-black'));
      }, dark);
    if (await isShown()) return;
    await session.workbench.press('Escape');
    await session.workbench.runCommand('Preferences: Color Theme');
    await session.workbench.pickQuickPickItem(THEMES[theme]);
    await waitUntil(() => isShown().then((shown) => shown || undefined), { what: `the ${theme} theme`, timeoutMs: 15000 });
  }

  /** Waits for the quick input titled `title` (its input's accessible name), then answers it. */
  async function answer(session: VsCodeSession, title: string, text: string, pick = false): Promise<void> {
    const input = session.page.locator(`.quick-input-widget .quick-input-box input[aria-label*="${title}"]`);
    await input.waitFor({ state: 'visible', timeout: 15000 });
    // The walkthrough takes the focus when a step completes; the input stays open (ignoreFocusOut) and is focused again here.
    await input.click();
    if (pick) return session.workbench.pickQuickPickItem(text);
    await input.fill(text);
    await input.press('Enter');
  }

  /** Screenshots in both themes, ending in the dark one. */
  async function shootBothThemes(session: VsCodeSession, name: string, prepare: () => Promise<void> = async () => undefined): Promise<void> {
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(session, theme);
      await prepare();
      await session.workbench.screenshot(path.join(SHOTS, `${name}-${theme}.png`));
    }
  }

  const walkthrough = (session: VsCodeSession) => session.page.locator('.gettingStartedContainer');

  async function walkthroughButton(session: VsCodeSession, step: string, button: string): Promise<void> {
    const page = walkthrough(session);
    // Newer VS Code re-renders the walkthrough as step states change, which can fold the step
    // again or detach the button between the two clicks: open the step and click until it takes.
    await waitUntil(
      async () => {
        await page.getByText(step, { exact: true }).first().click({ timeout: 5000 });
        await page.getByRole('button', { name: button }).first().click({ timeout: 3000 });
        return true;
      },
      { what: `the walkthrough's ${button} button`, timeoutMs: 30000, intervalMs: 250 },
    );
  }

  async function chatFrame(session: VsCodeSession): Promise<Frame> {
    return session.workbench.webviewFrame(EXTENSION_ID, { selector: 'textarea.prompt-input', timeoutMs: 30000 });
  }

  async function send(frame: Frame, prompt: string): Promise<void> {
    // Enter sends only when no answer is streaming (the Send button shows then).
    await frame.locator('button.send').waitFor({ state: 'visible', timeout: 20000 });
    const input = frame.locator('textarea.prompt-input');
    await input.fill(prompt);
    await input.press('Enter');
  }

  async function lastReply(frame: Frame, accept: (r: { text: string; error: boolean; streaming: boolean }) => boolean) {
    return waitUntil(
      async () => {
        const r = await frame.evaluate(() => {
          const last = [...document.querySelectorAll('.message.assistant')].pop();
          return last
            ? { text: last.textContent ?? '', error: last.querySelector('.error-actions, .error') !== null, streaming: last.classList.contains('streaming') }
            : undefined;
        });
        return r && accept(r) ? r : undefined;
      },
      { what: 'the chat reply', timeoutMs: 20000 },
    );
  }

  const chatRequests = (session: VsCodeSession) => session.fake.main.requests().filter((r) => r.path === '/v1/chat/completions');

  it('a first install opens the walkthrough', async () => {
    const session = vscode();
    await walkthrough(session).getByText('Get Started with Fast Inference').first().waitFor({ state: 'visible', timeout: 30000 });
    for (const step of ['Pick a provider', 'Set the API key', 'Test the connection', 'Try a completion', 'Open the chat']) {
      assert.equal(await walkthrough(session).getByText(step, { exact: true }).count() > 0, true, `the step "${step}" is shown`);
    }
    await shootBothThemes(session, 'walkthrough');
  });

  it('with no server, the status bar turns red and its hover offers Add Provider…', async () => {
    const session = vscode();
    const { workbench, page } = session;
    await workbench.openFile('app.ts');
    await workbench.cursorToEnd();
    await workbench.type('return ');
    const item = workbench.statusBarItem('fastInference.status');
    // Typing asks for a completion; asking at once (Alt+\) covers a keystroke the editor did not ask on.
    await waitUntil(
      async () => {
        if ((await item.locator('.codicon-error').count()) > 0) return true;
        await workbench.press('Alt+Backslash');
        return undefined;
      },
      { what: 'the status bar to show the failure', timeoutMs: 30000, intervalMs: 2000, describe: async () => (await item.textContent()) ?? '' },
    );
    await item.hover();
    const link = page.locator('.workbench-hover a, .monaco-hover a').filter({ hasText: 'Add Provider…' }).first();
    await link.waitFor({ state: 'visible', timeout: 10000 });
    const hover = (await page.locator('.workbench-hover, .monaco-hover').first().textContent()) ?? '';
    assert.match(hover, /Nothing is listening at http:\/\/localhost:11434\/v1\. Is the Ollama server running\?/);
    await workbench.screenshot(path.join(SHOTS, 'status-hover-no-server.png'));
    await page.mouse.move(640, 300);
    await workbench.press('Escape');
  });

  it('following the walkthrough against the fake server: Add Provider tests the connection, the sample shows ghost text', async () => {
    const session = vscode();
    const { workbench, page, fake } = session;
    // An answer long enough, and paced slowly enough to arrive in many pieces, for the connection test to measure tokens/second.
    fake.main.configure({ response: { kind: 'tokens', count: 90 }, tokensPerSecond: 300 });
    await workbench.runCommand('Fast Inference: Open Walkthrough');
    await walkthroughButton(session, 'Pick a provider', 'Add Provider…');
    // The walkthrough may take the focus back while the preset pick opens (the pick stays open):
    // choose again until the next step's input shows.
    const idInput = page.locator('.quick-input-widget .quick-input-box input[aria-label*="Add Custom: profile id"]');
    await waitUntil(
      async () => {
        if (await idInput.isVisible()) return true;
        await workbench.pickQuickPickItem('Custom', 3000).catch(() => undefined);
        return (await idInput.isVisible()) || undefined;
      },
      { what: 'the Custom preset to be chosen', timeoutMs: 30000, intervalMs: 500 },
    );
    await answer(session, 'Add Custom: profile id', 'fake');
    await answer(session, 'Add Custom: base URL', fake.main.baseUrl);
    await answer(session, 'API Key for fake (optional)', ''); // the Custom preset's key is optional
    // No "Use fake for…" question: the first provider replaces the untouched default and serves both.
    const toast = page.locator('.notification-toast').filter({ hasText: 'fake works:' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30000 });
    const found = (await toast.textContent()) ?? '';
    assert.match(found, /2 models \(fake-coder, fake-chat\)/, found);
    assert.match(found, /first token \d+ ms, [\d,.]+ tok\/s/, found);
    assert.match(found, /completions through \/v1\/completions with suffix/, found);
    await workbench.screenshot(path.join(SHOTS, 'connection-test.png'));
    await workbench.press('Escape');

    fake.main.configure({ response: { kind: 'oracle', documents: [{ text: SAMPLE }] }, tokensPerSecond: 2000 });
    await workbench.runCommand('Fast Inference: Open Walkthrough');
    await walkthroughButton(session, 'Try a completion', 'Open a Sample File');
    const ghost = await workbench.waitForGhostText({ timeoutMs: 20000 });
    assert.ok(ghost.includes('(a.x + b.x) / 2'), `ghost text ${JSON.stringify(ghost)}`);
    await workbench.screenshot(path.join(SHOTS, 'sample-ghost-text.png'));
    await workbench.press('Escape');
  });

  it('Add Provider replaced the untouched default Ollama profile: fake serves completions and chat', async () => {
    const session = vscode();
    const { workbench, fake } = session;
    const settings = readSettings(session);
    assert.deepEqual(settings['fastInference.profiles'], [{ id: 'fake', preset: 'custom', baseUrl: fake.main.baseUrl }]);
    assert.equal(settings['fastInference.completionProfile'], 'fake');
    assert.equal(settings['fastInference.chatProfile'], 'fake');
    await workbench.runCommand('Fast Inference: Switch Completion Provider…');
    // The palette's own list stays up until the command's pick replaces it.
    const items = await waitUntil(
      async () => {
        const labels = await workbench.quickPickItems();
        return labels.length > 0 && !labels.some((l) => l.startsWith('Fast Inference:')) ? labels : undefined;
      },
      { what: 'the provider pick list', timeoutMs: 15000 },
    );
    assert.equal(items.length, 1, `one provider offered: ${JSON.stringify(items)}`);
    assert.match(items[0], /fake/);
    assert.doesNotMatch(items[0], /Ollama/);
    await workbench.screenshot(path.join(SHOTS, 'add-provider-replaced-default.png'));
    await workbench.press('Escape');
  });

  it('…and the chat step ends with an answer', async () => {
    const session = vscode();
    session.fake.main.configure({ response: { kind: 'text', text: CHAT_ANSWER } });
    await session.workbench.runCommand('Fast Inference: Open Walkthrough');
    await walkthroughButton(session, 'Open the chat', 'Open Chat');
    const frame = await chatFrame(session);
    await send(frame, 'What is a fill-in-the-middle completion?');
    const reply = await lastReply(frame, (r) => !r.streaming && r.text.includes('writes what belongs between them'));
    assert.ok(reply.text.includes(CHAT_ANSWER));
  });

  it('with no model in the profile, the chat names the model the server uses: "server default (fake-coder)"', async () => {
    const session = vscode();
    const frame = await chatFrame(session);
    const select = frame.locator('select.model-select');
    const selected = () => select.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
    // The server answered with the first model it lists; the panel says so instead of showing nothing.
    const label = await waitUntil(async () => ((await selected()).startsWith('server default (') ? selected() : undefined), {
      what: 'the model list to name the server default',
      timeoutMs: 15000,
      describe: selected,
    });
    assert.equal(label, 'server default (fake-coder)');
    const options = () => select.locator('option').allTextContents();
    await waitUntil(async () => ((await options()).length === 3 ? true : undefined), { what: 'the listed models', timeoutMs: 10000, describe: async () => JSON.stringify(await options()) });
    assert.deepEqual(await options(), ['server default (fake-coder)', 'fake-coder', 'fake-chat']);
    // The answer's speed line names the same model.
    const speedTitle = await frame.locator('.message.assistant .speed').last().getAttribute('title');
    assert.match(speedTitle ?? '', /fake-coder/);
    assert.doesNotMatch(speedTitle ?? '', /server default/);
    await session.workbench.screenshot(path.join(SHOTS, 'chat-server-default-model.png'));
  });

  it('after two failed chat turns and a good one, the server saw strictly alternating roles', async () => {
    const session = vscode();
    const frame = await chatFrame(session);
    session.fake.main.configure({ fault: { match: { path: '/v1/chat/completions' }, times: 2, type: 'status', status: 500, body: JSON.stringify({ error: { message: 'template refused' } }) } });
    const answers = () => frame.locator('.message.assistant').count();
    for (const prompt of ['First failing question', 'Second failing question']) {
      const before = chatRequests(session).length;
      const shown = await answers();
      await send(frame, prompt);
      // The request can reach the server before the page shows the new answer: wait for both.
      await waitUntil(async () => ((await answers()) > shown ? true : undefined), { what: 'the new answer', timeoutMs: 20000 });
      await lastReply(frame, (r) => !r.streaming && r.text.includes('template refused') && chatRequests(session).length > before);
    }
    await send(frame, 'And now a good one');
    await lastReply(frame, (r) => !r.streaming && r.text.includes('writes what belongs between them'));
    const body = chatRequests(session).at(-1)!.body as { messages: { role: string; content: string }[] };
    const roles = body.messages.map((m) => m.role);
    assert.equal(roles[0], 'system');
    for (let i = 2; i < roles.length; i++) assert.notEqual(roles[i], roles[i - 1], `roles ${roles.join(', ')}`);
    assert.deepEqual(roles, ['system', 'user', 'assistant', 'user'], JSON.stringify(body.messages.map((m) => [m.role, m.content.slice(0, 40)])));
    assert.ok(!JSON.stringify(body.messages).includes('failing question'), 'the failed turns were not sent');
  });

  it('the dashboard shows the server default requests, the failed ones too, as one row under the model the server named', async () => {
    const session = vscode();
    await session.workbench.runCommand('Fast Inference: Open Speed Dashboard');
    const frame = await session.workbench.webviewFrame(EXTENSION_ID, { selector: '#history table tbody tr', timeoutMs: 30000 });
    const rows = await frame
      .locator('#history table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')));
    const fakeRows = rows.filter((r) => r[0] === 'fake');
    assert.deepEqual(
      fakeRows.map((r) => r[1]),
      ['fake-coder'],
      JSON.stringify(rows),
    );
    assert.ok(!JSON.stringify(rows).includes('server default'), JSON.stringify(rows));
    // The two failed chat turns are counted in that row, not in a row of their own.
    const [, failed] = fakeRows[0][3].split(' / ').map(Number);
    assert.ok(failed >= 2, `cancelled / failed: ${fakeRows[0][3]}`);
    await session.workbench.screenshot(path.join(SHOTS, 'dashboard-server-default-one-row.png'));
  });

  it('chat history: a list by first prompt and date, without empty chats; opened, searched and deleted from the keyboard', async function () {
    this.timeout(120000);
    const session = vscode();
    const { page, workbench } = session;
    session.fake.main.configure({ response: { kind: 'text', text: CHAT_ANSWER }, fault: null });
    await workbench.runCommand('Fast Inference: Focus Chat Input');
    const frame = await chatFrame(session);
    const FIRST = 'What is a fill-in-the-middle completion?';
    const SECOND = 'How do I match a date with a regex?';
    await frame.locator('button[aria-label="New Chat"]').click();
    await send(frame, SECOND);
    await lastReply(frame, (r) => !r.streaming && r.text.includes('writes what belongs between them'));
    // An empty "New chat" is not listed.
    await frame.locator('button[aria-label="New Chat"]').click();
    await frame.locator('button.history-toggle').click();
    const titles = () => frame.locator('.history-item .history-title').allTextContents();
    await waitUntil(async () => ((await titles()).length === 2 ? true : undefined), { what: 'two chats in the history', timeoutMs: 10000, describe: async () => JSON.stringify(await titles()) });
    assert.deepEqual(await titles(), [SECOND, FIRST]);
    assert.deepEqual(await frame.locator('.history-group-label').allTextContents(), ['Today']);
    assert.match((await frame.locator('.history-date').first().textContent()) ?? '', /\d{1,2}[:.]\d{2}/);
    assert.equal(await frame.locator('.messages').isVisible(), false, 'the list takes the conversation\'s place');
    await shootBothThemes(session, 'chat-history', async () => {
      if (!(await frame.locator('.history').isVisible())) await frame.locator('button.history-toggle').click();
      await frame.locator('.history-open').first().hover();
    });

    // Keyboard: the first entry, ArrowDown to the second, Enter opens it.
    const focusedTitle = () => frame.evaluate(() => document.activeElement?.closest('.history-item')?.querySelector('.history-title')?.textContent ?? '');
    await frame.locator('.history-open').first().focus();
    await frame.locator(':focus').press('ArrowDown');
    assert.equal(await focusedTitle(), FIRST);
    await frame.locator(':focus').press('Enter');
    await waitUntil(async () => ((await frame.locator('.message.user').first().textContent())?.includes(FIRST) ? true : undefined), { what: 'the first chat to open', timeoutMs: 10000 });
    assert.equal(await frame.locator('.history').isVisible(), false, 'opening closes the list');
    assert.equal(await frame.locator('.conversation-title').textContent(), FIRST);
    assert.equal(await frame.evaluate(() => document.activeElement?.classList.contains('prompt-input') ?? false), true, 'the composer has the focus');

    // The search, then Delete on the current entry (VS Code asks first), then Escape closes.
    await frame.locator('button.history-toggle').click();
    assert.equal(await focusedTitle(), FIRST, 'the current chat has the focus when the list opens');
    await frame.locator('.history-search').fill('regex');
    assert.deepEqual(await titles(), [SECOND]);
    await frame.locator('.history-search').fill('');
    await frame.locator('.history-open').nth(1).focus();
    await frame.locator(':focus').press('Delete');
    const confirm = page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: 'Delete' }).first();
    await confirm.waitFor({ state: 'visible', timeout: 10000 });
    assert.match((await page.locator('.monaco-dialog-box').textContent()) ?? '', /Delete the chat "What is a fill-in-the-middle completion\?"/);
    await confirm.click();
    await waitUntil(async () => ((await titles()).length === 1 ? true : undefined), { what: 'the deleted chat to leave the list', timeoutMs: 10000, describe: async () => JSON.stringify(await titles()) });
    assert.deepEqual(await titles(), [SECOND]);
    await frame.locator('.history-open').first().focus();
    await frame.locator(':focus').press('Escape');
    assert.equal(await frame.locator('.history').isVisible(), false);
    assert.equal(await frame.locator('.messages').isVisible(), true);
  });

  it('screenshots: the status bar menu, the dashboard at 1,280 px and a 60 vs 2,000 tok/s comparison', async function () {
    this.timeout(180000);
    const session = vscode();
    const { workbench, fake } = session;
    // A second, slow provider beside the fast one.
    const settings = readSettings(session);
    const profiles = (settings['fastInference.profiles'] as Record<string, unknown>[]) ?? [];
    settings['fastInference.profiles'] = [...profiles, customProfile('slow', fake.slow.baseUrl)];
    fs.writeFileSync(settingsFile(session), JSON.stringify(settings, null, 2));
    fake.main.configure({ response: { kind: 'tokens', count: 90 }, fault: null });

    await shootBothThemes(session, 'status-menu', async () => {
      await workbench.press('Escape');
      await workbench.statusBarItem('fastInference.status').click();
      await workbench.quickPickItems();
      await session.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Open Walkthrough' }).first().waitFor({ state: 'visible' });
    });
    await workbench.press('Escape');

    await workbench.runCommand('Fast Inference: Compare Providers…');
    await waitUntil(async () => ((await workbench.quickPickItems()).some((l) => l.includes('slow')) ? true : undefined), { what: 'both providers offered', timeoutMs: 15000 });
    await workbench.press('Enter');
    await workbench.answerInputBox('1');
    const frame = await workbench.webviewFrame(EXTENSION_ID, { selector: '#chart-compare-rate canvas', timeoutMs: 120000 });
    // One short line, the figures one click away.
    const toast = session.page.locator('.notification-toast').filter({ hasText: 'Comparison finished' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30000 });
    assert.match((await toast.locator('.notification-list-item-message').textContent()) ?? '', /^Comparison finished: fake fastest at [\d,]+ tok\/s\.$/);
    assert.equal(await toast.getByRole('button', { name: 'Show Results' }).count(), 1);
    const compared = (await frame.locator('#compare').textContent()) ?? '';
    assert.ok(/slow/.test(compared) && /fake/.test(compared), `the comparison names both providers: ${compared.slice(0, 300)}`);
    await shootBothThemes(session, 'dashboard-1280', async () => {
      await frame.evaluate(() => window.scrollTo(0, 0));
    });
    await shootBothThemes(session, 'compare-60-vs-2000', async () => {
      await frame.locator('#chart-compare-rate').scrollIntoViewIfNeeded();
    });
    const viewport = session.page.viewportSize();
    assert.equal(viewport?.width, 1280);
  });
});
