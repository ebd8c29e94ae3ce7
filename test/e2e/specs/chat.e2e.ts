// The chat panel in a real VS Code: open it, send a prompt to the fake server,
// see the reply stream in with a highlighted code block, Insert the code at
// the cursor, Apply it through a diff, Stop an answer mid-stream (the server
// sees the connection closed and the partial answer stays), and find the
// conversation again after the window reloads. Each test sets up what it needs
// (its own file, its own answer), so any one of them runs alone with --grep.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { EXTENSION_ID, customProfile, useProfile, useVsCode, waitUntil } from '../harness';
import type { VsCodeSession } from '../harness';

const ORIGINAL = 'export function add(a: number, b: number): number {\n  return a - b;\n}\n';
const FIXED = 'export function add(a: number, b: number): number {\n  return a + b;\n}';
const ANSWER = [
  'The function subtracts where it should add. Here is the corrected version, with the types kept as they were:',
  '',
  '```ts',
  FIXED,
  '```',
  '',
  'The only change is the operator on the return line. Every caller keeps working because the signature is the same, and the tests that expected a sum now pass.',
  '',
  // Enough text that the answer streams for a few seconds, so it can be seen half-written.
  ...Array.from({ length: 30 }, (_, i) => `Note ${i}: callers that relied on the old result need their expectations updated.`),
].join('\n');
/** Long enough to still be streaming when Stop is pressed. */
const LONG_ANSWER = Array.from({ length: 200 }, (_, i) => `Paragraph ${i} explains one more detail of the change.`).join('\n\n');
const STOP_ATTEMPTS = 3;

describe('Chat panel in a real VS Code', () => {
  const vscode = useVsCode({
    // One file per test that edits: Insert and Apply each start from the original text.
    files: { 'math.ts': ORIGINAL, 'insert.ts': ORIGINAL, 'apply.ts': ORIGINAL },
    fakeServers: { main: { ttftMs: 40, tokensPerSecond: 300, response: { kind: 'text', text: ANSWER } } },
    settings: (fake) => useProfile(customProfile('fake', fake.main.baseUrl)),
  });

  async function chatFrame(session: VsCodeSession, selector = 'textarea.prompt-input'): Promise<Frame> {
    return session.workbench.webviewFrame(EXTENSION_ID, { selector, timeoutMs: 30000 });
  }

  /**
   * Types the prompt and presses Enter, then waits for it to show as the last user message.
   * If it has not shown after 10 s, the prompt is typed again when the box was emptied and
   * Enter pressed once more; the test output says so, with the panel's notice and the
   * extension's last chat log lines.
   */
  async function send(frame: Frame, prompt: string): Promise<void> {
    const input = frame.locator('textarea.prompt-input');
    await input.fill(prompt);
    const shown = () => frame.evaluate((text) => [...document.querySelectorAll('.message.user')].pop()?.textContent?.includes(text) ?? false, prompt);
    const describe = async () =>
      `input ${JSON.stringify(await input.inputValue())}, send hidden ${await frame.locator('button.send').isHidden()}, ` +
      `notice ${JSON.stringify(await frame.locator('.notice').textContent().catch(() => null))}; ` +
      `the extension's last chat lines: ${JSON.stringify(chatLogTail(vscode()))}`;
    for (let attempt = 1; ; attempt++) {
      await input.press('Enter');
      try {
        await waitUntil(shown, { what: `the prompt ${JSON.stringify(prompt)} in the conversation`, timeoutMs: 10000, describe });
        return;
      } catch (err) {
        if (attempt >= 2) throw err;
        const left = await input.inputValue();
        if (left !== prompt && left !== '') throw err;
        // Still in the box: Enter did not reach the panel. Emptied without a message: the prompt was lost on the way.
        console.log(`      (Enter did not send ${JSON.stringify(prompt)}: ${await describe()}; ${left === '' ? 'typed again and ' : ''}pressed again)`);
        if (left === '') await input.fill(prompt);
      }
    }
  }

  /** The extension's last few chat log lines, to tell why a prompt did not show. */
  function chatLogTail(session: VsCodeSession): string[] {
    return session
      .extensionOutput()
      .split('\n')
      .filter((line) => line.includes('chat'))
      .slice(-6);
  }

  /** Epoch ms of each "Stop" line in the extension's log, oldest first (log lines carry local time to the millisecond). */
  function stopLogTimes(session: VsCodeSession): number[] {
    return session
      .extensionOutput()
      .split('\n')
      .filter((line) => line.includes('chat: Stop: closing the request'))
      .map((line) => new Date(line.slice(0, 23).replace(' ', 'T')).getTime());
  }

  /** Content of the last assistant message and whether it is still streaming. */
  function lastReply(frame: Frame) {
    return frame.evaluate(() => {
      const all = document.querySelectorAll('.message.assistant');
      const last = all[all.length - 1];
      return last
        ? {
            count: all.length,
            text: last.querySelector('.message-body')?.textContent ?? '',
            streaming: last.classList.contains('is-streaming'),
            footer: last.querySelector('.message-footer')?.textContent ?? '',
          }
        : undefined;
    });
  }

  /** Opens the chat view (as a user would, from the palette) and returns its frame. */
  async function openChat(session: VsCodeSession): Promise<Frame> {
    await session.workbench.runCommand('Fast Inference: Focus Chat Input');
    return chatFrame(session);
  }

  /** Sends `prompt` and waits for the whole answer with its speed line. */
  async function askAndWait(frame: Frame, prompt: string) {
    const before = (await lastReply(frame))?.count ?? 0;
    await send(frame, prompt);
    return waitUntil(
      async () => {
        const r = await lastReply(frame);
        return r && r.count > before && !r.streaming && /tok\/s/.test(r.footer) ? r : undefined;
      },
      { what: 'the finished reply with its speed line', timeoutMs: 30000, describe: async () => JSON.stringify(await lastReply(frame)) },
    );
  }

  /** Opens `file` as the editor the chat acts on, then gets an answer with a code block. */
  async function answerWithCodeFor(session: VsCodeSession, file: string): Promise<Frame> {
    session.fake.main.configure({ tokensPerSecond: 300, response: { kind: 'text', text: ANSWER } });
    await session.workbench.openFile(file);
    await session.workbench.cursorToEnd();
    const frame = await openChat(session);
    await askAndWait(frame, `Fix add in ${file}`);
    // The chat acts on the last editor (the file, cursor at its end); opening it again would show
    // the Explorer in place of the chat.
    return chatFrame(session, '.code-block');
  }

  /** Sends a prompt with a long answer and presses Stop while it streams; returns the click's epoch ms. */
  async function stopMidAnswer(session: VsCodeSession, frame: Frame, prompt: string): Promise<number> {
    session.fake.main.configure({ tokensPerSecond: 100, response: { kind: 'text', text: LONG_ANSWER } });
    const before = (await lastReply(frame))?.count ?? 0;
    await send(frame, prompt);
    await waitUntil(
      async () => {
        const r = await lastReply(frame);
        return r && r.count > before && r.streaming && r.text.includes('Paragraph 1 ') ? r : undefined;
      },
      { what: 'the long answer to be streaming', timeoutMs: 15000, intervalMs: 20 },
    );
    // The moment of the click, on the same clock as the server's log (epoch ms).
    await frame.evaluate(() => {
      document.querySelector('button.stop')?.addEventListener(
        'click',
        () => ((window as unknown as { stopAt: number }).stopAt = performance.timeOrigin + performance.now()),
        { capture: true, once: true },
      );
    });
    await frame.locator('button.stop').click();
    const stopAt = await waitUntil(() => frame.evaluate(() => (window as unknown as { stopAt?: number }).stopAt), { what: 'the Stop click' });
    await frame.evaluate(() => delete (window as unknown as { stopAt?: number }).stopAt);
    const stopped = await waitUntil(
      async () => {
        const r = await lastReply(frame);
        return r && !r.streaming && r.footer.includes('Stopped') ? r : undefined;
      },
      { what: 'the reply marked Stopped', timeoutMs: 10000 },
    );
    assert.ok(stopped.text.includes('Paragraph 1 '), 'the partial answer is gone');
    assert.ok(!stopped.text.includes('Paragraph 199'), 'the answer was not cut');
    return stopAt;
  }

  it('opens with Focus Chat Input and puts the cursor in the prompt box', async () => {
    const session = vscode();
    await session.workbench.openFile('math.ts');
    await session.workbench.cursorToEnd();
    await session.workbench.runCommand('Fast Inference: Focus Chat Input');
    const frame = await chatFrame(session);
    await waitUntil(() => frame.evaluate(() => document.activeElement?.classList.contains('prompt-input') ?? false), {
      what: 'the chat input to take focus',
      timeoutMs: 10000,
    });
    // The active editor is offered as a chip.
    await frame.locator('.context-bar .chip', { hasText: 'math.ts' }).waitFor({ timeout: 10000 });
  });

  it('streams the reply with a highlighted code block and its speed', async () => {
    const session = vscode();
    session.fake.main.configure({ tokensPerSecond: 300, response: { kind: 'text', text: ANSWER } });
    await session.workbench.openFile('math.ts');
    const frame = await openChat(session);
    session.fake.main.clearLog();
    await send(frame, 'Why does add return the wrong result?');
    // Seen while streaming: part of the text, not all of it.
    const partial = await waitUntil(
      async () => {
        const r = await lastReply(frame);
        return r && r.streaming && r.text.length > 0 ? r : undefined;
      },
      { what: 'a partial reply while streaming', timeoutMs: 15000, intervalMs: 20 },
    );
    assert.ok(partial.text.length < ANSWER.length - 20, `the first look already had ${partial.text.length} characters`);
    const done = await waitUntil(
      async () => {
        const r = await lastReply(frame);
        return r && !r.streaming && /tok\/s/.test(r.footer) ? r : undefined;
      },
      { what: 'the finished reply with its speed line', timeoutMs: 20000, describe: async () => JSON.stringify(await lastReply(frame)) },
    );
    assert.match(done.footer, /first token [\d,]+ ms/);
    const keyword = frame.locator('.message.assistant .code-block code.hljs .hljs-keyword').first();
    await keyword.waitFor({ timeout: 5000 });
    assert.equal(await keyword.textContent(), 'export');
    const request = session.fake.main.requests().find((r) => r.path === '/v1/chat/completions');
    assert.ok(request, 'no chat request reached the fake server');
    const body = JSON.stringify(request.body);
    assert.ok(body.includes('Why does add return the wrong result?'), 'the prompt was not sent');
    assert.ok(body.includes('return a - b;'), 'the active file was not attached');
  });

  it('inserts the code at the cursor of the last editor without replacing anything', async () => {
    const session = vscode();
    const frame = await answerWithCodeFor(session, 'insert.ts');
    await frame.locator('.message.assistant .code-block button[data-action="insert"]').last().click();
    await waitUntil(async () => (await session.workbench.documentText('insert.ts')) === ORIGINAL + FIXED, {
      what: 'the code inserted at the end of insert.ts',
      timeoutMs: 10000,
      describe: async () => JSON.stringify(await session.workbench.documentText('insert.ts')),
    });
  });

  it('applies the code through a diff that the user accepts', async () => {
    const session = vscode();
    const frame = await answerWithCodeFor(session, 'apply.ts');
    await frame.locator('.message.assistant .code-block button[data-action="apply"]').last().click();
    const page = session.page;
    await page.locator('.tabs-container .tab', { hasText: 'Proposed Change' }).first().waitFor({ timeout: 10000 });
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 10000 });
    // Nothing changed yet: the diff is only a proposal.
    assert.equal(await session.workbench.documentText('apply.ts'), ORIGINAL);
    await page.locator('.editor-actions .action-label[aria-label="Accept Proposed Change"]').first().click();
    await page.locator('.tabs-container .tab', { hasText: 'Proposed Change' }).first().waitFor({ state: 'detached', timeout: 10000 });
    // The whole file is replaced (nothing was selected); it ended with a line break, and still does.
    await waitUntil(async () => (await session.workbench.documentText('apply.ts')) === `${FIXED}\n`, {
      what: 'apply.ts replaced by the accepted code',
      timeoutMs: 10000,
      describe: async () => JSON.stringify(await session.workbench.documentText('apply.ts')),
    });
  });

  it('Stop closes the connection at the server and keeps the partial answer', async () => {
    const session = vscode();
    const frame = await openChat(session);
    // Order and counts: each Stop closes the request at the server before its answer is done,
    // after the click. How many milliseconds that takes is printed, not judged: it depends on
    // the machine (the chat bench measures it).
    const delays: number[] = [];
    const hostDelays: number[] = [];
    for (let attempt = 0; attempt < STOP_ATTEMPTS; attempt++) {
      session.fake.main.clearLog();
      const stopAt = await stopMidAnswer(session, frame, `Explain every detail (${attempt + 1}).`);
      const record = await waitUntil(
        () => session.fake.main.requests().find((r) => r.path === '/v1/chat/completions' && r.clientClosedAt !== undefined),
        { what: 'the server to see the connection closed', timeoutMs: 10000 },
      );
      assert.equal(record.completed, false);
      assert.ok(record.clientClosedAt! > stopAt - 5, 'the connection closed after the Stop click');
      delays.push(record.clientClosedAt! - stopAt);
      // When the extension host got the Stop (its log line), to tell VS Code's message passing from our abort.
      const received = await waitUntil(() => stopLogTimes(session)[attempt], { what: 'the Stop line in the log', timeoutMs: 10000 });
      hostDelays.push(record.clientClosedAt! - received);
    }
    console.log(
      `      (connection closed ${delays.map((d) => d.toFixed(0)).join(', ')} ms after the Stop clicks;` +
        ` ${hostDelays.map((d) => d.toFixed(0)).join(', ')} ms after the extension host got them)`,
    );
  });

  it('shows a failed request with what to do, counts a rate limit down, and retries', async () => {
    const session = vscode();
    session.fake.main.configure({ tokensPerSecond: 300, response: { kind: 'text', text: ANSWER } });
    const frame = await openChat(session);
    session.fake.main.configure({ fault: { type: 'status', status: 401, times: 1, body: '{"error":{"message":"Invalid API key"}}' } });
    await send(frame, 'Are you there?');
    const errorBox = frame.locator('.message.assistant').last().locator('.error-box');
    await errorBox.waitFor({ timeout: 10000 });
    await errorBox.locator('button[data-error-action="set-key"]').waitFor({ timeout: 5000 });

    // Retry meets a rate limit: the button counts down before it can be used.
    session.fake.main.configure({ fault: { type: 'status', status: 429, times: 1, headers: { 'retry-after': '3' }, body: '{"error":{"message":"Rate limit reached"}}' } });
    await errorBox.locator('button[data-error-action="retry"]').click();
    const retry = frame.locator('.message.assistant').last().locator('.error-box button[data-error-action="retry"]');
    const waiting = await waitUntil(
      async () => {
        const text = (await retry.textContent().catch(() => '')) ?? '';
        return /Wait [1-3] s/.test(text) && (await retry.isDisabled()) ? text : undefined;
      },
      { what: 'a disabled "Wait N s" Retry button', timeoutMs: 10000, intervalMs: 50 },
    );
    assert.match(waiting, /Wait [1-3] s/);
    await waitUntil(async () => /Retry/.test((await retry.textContent()) ?? '') && (await retry.isEnabled()), {
      what: 'the countdown to end',
      timeoutMs: 10000,
    });
    await retry.click();
    await waitUntil(
      async () => {
        const r = await lastReply(frame);
        return r && !r.streaming && r.text.includes('The only change is the operator') ? r : undefined;
      },
      { what: 'the retried answer', timeoutMs: 20000, describe: async () => JSON.stringify(await lastReply(frame)) },
    );
  });

  it('Explain Selection opens the panel with the selection attached and sends it', async () => {
    const session = vscode();
    await session.workbench.openFile('math.ts');
    await session.workbench.press('Control+A');
    session.fake.main.clearLog();
    await session.workbench.runCommand('Fast Inference: Explain Selection');
    const frame = await chatFrame(session);
    await waitUntil(
      () => frame.evaluate(() => {
        const last = [...document.querySelectorAll('.message.user')].pop();
        return last?.textContent?.includes('Explain what this code does') && last.querySelector('.chip')?.textContent?.includes('math.ts:1-3');
      }),
      { what: 'the Explain prompt with its selection chip', timeoutMs: 15000 },
    );
    const request = await waitUntil(() => session.fake.main.requests().find((r) => r.path === '/v1/chat/completions'), {
      what: 'the Explain request',
      timeoutMs: 10000,
    });
    const body = JSON.stringify(request.body);
    assert.ok(body.includes('Selected code from `math.ts` (typescript, lines 1-3)'), body.slice(0, 400));
    await waitUntil(async () => !(await lastReply(frame))?.streaming, { what: 'the Explain answer to finish', timeoutMs: 20000 });
  });

  it('keeps a typed prompt when the view is hidden and shown again', async () => {
    const session = vscode();
    const frame = await openChat(session);
    await frame.locator('textarea.prompt-input').fill('half-typed question');
    await frame.locator('textarea.prompt-input').press('End');
    await session.workbench.focusView('Explorer');
    await session.workbench.focusView('Fast Inference');
    const again = await chatFrame(session);
    await waitUntil(async () => (await again.locator('textarea.prompt-input').inputValue()) === 'half-typed question', {
      what: 'the typed prompt back in the input',
      timeoutMs: 10000,
      describe: async () =>
        `input ${JSON.stringify(await again.locator('textarea.prompt-input').inputValue())}, ` +
        `${await again.locator('.message').count()} messages shown; the extension's last chat lines: ${JSON.stringify(chatLogTail(session))}`,
    });
  });

  it('shows the conversation again after the window reloads', async function () {
    this.timeout(120000);
    const session = vscode();
    session.fake.main.configure({ tokensPerSecond: 300, response: { kind: 'text', text: ANSWER } });
    await session.workbench.openFile('math.ts');
    const before = await openChat(session);
    await askAndWait(before, 'Is add right before the reload?');
    await stopMidAnswer(session, before, 'Explain it all before the reload.');
    // A reload of the code-server page is a window reload: a new workbench and extension host.
    await session.page.reload();
    // The side bar comes back showing the chat, not the explorer that waitForWorkbench looks for.
    await session.page.waitForSelector('.monaco-workbench .statusbar', { timeout: 60000 });
    await session.workbench.runCommandWhenListed('Fast Inference: Focus Chat Input');
    const frame = await chatFrame(session, '.message.assistant');
    const texts = await frame.$$eval('.message', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(texts.some((t) => t.includes('Is add right before the reload?')), 'the prompt is gone');
    assert.ok(texts.some((t) => t.includes('The only change is the operator')), 'the answer is gone');
    assert.ok(texts.some((t) => t.includes('Paragraph 1 ') && t.includes('Stopped')), 'the stopped partial answer is gone');
    await frame.locator('.message.assistant .code-block code .hljs-keyword').first().waitFor({ timeout: 5000 });
  });
});
