// What reaches the network and the screen, in a real VS Code, against a logging endpoint that
// behaves badly: canaries in a profile's credential headers and in its base URL's query; the
// endpoint echoes whole requests in 403 and 400 errors, and redirects to a second local server.
// Nothing of the canaries may show in the chat, the workbench, the extension's output or any
// log, and the second server must receive nothing. Then a 2 MB code block streams into chat:
// the panel keeps answering input, memory stays bounded and the answer is there after a reload.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { customProfile, useProfile, useVsCode, waitUntil } from '../harness';
import { findFiles } from '../harness/codeServer';
import { ask, openChat } from '../fixtures/hostile/chatPanel';
import { startLoggingEndpoint, type LoggingEndpoint } from '../fixtures/network/loggingEndpoint';
import { browserMemoryMb, startInputProbe, stopInputProbe } from '../fixtures/network/pageMetrics';
import { measured, RowRecorder } from '../../unit/reliability/rows';

const tag = randomBytes(4).toString('hex').toUpperCase();
const CANARY = {
  header: `CANARYXAPIKEY${tag}`,
  basic: `CANARYBASIC${tag}`,
  query: `CANARYQUERY${tag}`,
};
/** The 2 MB answer: a TypeScript file in one fence, with a last line to find after the reload. */
const BIG_END = `// end of the generated file ${tag}`;
const BIG_LINE = 'export const value_0000000 = computeSomething(0000000, "a string that pads the line to eighty chars");\n';
const BIG_LINES = Math.ceil((2 * 1024 * 1024) / BIG_LINE.length);
const BIG_CODE = Array.from({ length: BIG_LINES }, (_, i) => BIG_LINE.replaceAll('0000000', String(i).padStart(7, '0'))).join('') + BIG_END + '\n';
const BIG_ANSWER = `Here is the file:\n\n\`\`\`ts\n${BIG_CODE}\`\`\`\n\nThat is all.\n`;

describe('Security: credentials on the network, and a 2 MB answer', () => {
  let main: LoggingEndpoint;
  let other: LoggingEndpoint;
  // Started before VS Code so that the profile can point at it.
  before(async () => {
    main = await startLoggingEndpoint({ kind: 'echo-error', status: 403 });
    other = await startLoggingEndpoint({ kind: 'stream', text: 'the other server answered', pieceChars: 8 });
  });
  after(async () => {
    await main?.close();
    await other?.close();
  });
  const vscode = useVsCode({
    settings: () =>
      useProfile(
        customProfile('gateway', `${main.origin}/v1?api-version=2024-10-21&api_key=${CANARY.query}`, {
          headers: { 'x-api-key': CANARY.header, Authorization: `Basic ${CANARY.basic}`, 'X-Team': 'blue' },
          chatMaxTokens: 1_000_000,
        }),
      ),
  });
  const rows = new RowRecorder('network');
  after(() => rows.write({ canaries: Object.keys(CANARY).length }));
  let frame: Frame;

  const userSettings = () => fs.readFileSync(path.join(vscode().dirs.userData, 'User', 'settings.json'), 'utf8');
  const lastAssistant = () => frame.locator('.message.assistant').last();

  async function askForError(prompt: string): Promise<string> {
    await ask(frame, prompt);
    const box = lastAssistant().locator('.error-box');
    await box.waitFor({ timeout: 10000 });
    return (await box.textContent()) ?? '';
  }

  const canariesIn = (text: string) => Object.entries(CANARY).filter(([, v]) => text.includes(v)).map(([k]) => k);

  it('moves the credential headers out of settings.json into secret storage', async () => {
    const settled = await waitUntil(
      () => {
        const text = userSettings();
        if (text.includes(CANARY.header) || text.includes(CANARY.basic)) return undefined;
        try {
          return JSON.parse(text) as Record<string, unknown>;
        } catch {
          return undefined; // VS Code rewrites the file in place
        }
      },
      { what: 'the credential headers to leave settings.json', timeoutMs: 20000, describe: userSettings },
    );
    const profiles = settled['fastInference.profiles'] as Record<string, unknown>[];
    assert.deepEqual(profiles[0].headers, { 'X-Team': 'blue' });
    frame = await openChat(vscode());
  });

  for (const status of [403, 400]) {
    it(`never shows what an endpoint echoes in a ${status}: the headers (sent from secret storage) and the base URL's key`, async () => {
      main.chat = { kind: 'echo-error', status };
      const before = main.requests.length;
      const shown = await askForError(`echo test ${status}`);
      assert.match(shown, new RegExp(`\\(${status}\\)`), shown);
      assert.deepEqual(canariesIn(shown), [], shown);
      const sent = main.requests.slice(before).find((r) => r.url.includes('/chat/completions'));
      assert.ok(sent, 'the chat request reached the endpoint');
      assert.equal(sent.headers['x-api-key'], CANARY.header, 'the header is sent from secret storage');
      assert.equal(sent.headers.authorization, `Basic ${CANARY.basic}`);
      assert.equal(new URL(sent.url, main.origin).searchParams.get('api_key'), CANARY.query);
      assert.equal(new URL(sent.url, main.origin).pathname, '/v1/chat/completions');
      rows.add({ order: status === 403 ? 0 : 1, vector: `the endpoint echoes the whole request (headers, URL) in a ${status}`, shown: 'the status and a redacted echo', found: 0 });
    });
  }

  it('refuses a 307 to another origin: the other server receives nothing, the chat says why', async () => {
    main.chat = { kind: 'redirect', status: 307, location: `${other.origin}/v1/chat/completions?from=${CANARY.query}` };
    const shown = await askForError('redirect test');
    assert.ok(shown.includes(`redirect to another server (${other.origin})`), shown);
    assert.deepEqual(canariesIn(shown), [], shown);
    assert.equal(other.requests.length, 0, 'the other origin received a request');
    rows.add({ order: 2, vector: 'a 307 from the endpoint to a second local server', shown: 'the redirect and the other origin, nothing sent there', found: 0 });
  });

  it('shows a right-to-left override in an answer as its code point, and flags it on Copy', async () => {
    main.chat = { kind: 'stream', text: 'Rename it:\n\n```sh\nmv invoice\u202egnp.exe done\u001b[2J\n```\n', pieceChars: 8 };
    await ask(frame, 'bidi test');
    const mark = lastAssistant().locator('.code-block .bidi-control');
    // The answer is rendered once more when it ends: read one element that is in the page.
    const shown = await waitUntil(
      () => mark.evaluate((el) => (el.isConnected ? { codePoint: el.getAttribute('data-code-point'), unicodeBidi: getComputedStyle(el).unicodeBidi } : undefined)),
      { what: 'the marked bidi character', timeoutMs: 5000 },
    );
    assert.deepEqual(shown, { codePoint: 'U+202E', unicodeBidi: 'isolate' });
    await lastAssistant().locator('button.code-action[data-action="copy"]').click();
    const notice = frame.locator('.notice.visible.warning');
    await notice.waitFor({ timeout: 5000 });
    assert.match((await notice.textContent()) ?? '', /U\+202E RIGHT-TO-LEFT OVERRIDE on line 1/);
  });

  it('streams a 2 MB code block while the panel keeps answering input, within bounded memory', async function () {
    this.timeout(240000);
    const session = vscode();
    // About 200 KB a second: the answer streams for about ten seconds.
    main.chat = { kind: 'stream', text: BIG_ANSWER, pieceChars: 2048, piecesPerWrite: 4, intervalMs: 40 };
    const memoryBefore = await browserMemoryMb(session, [frame]);
    const input = frame.locator('textarea.prompt-input');
    await input.fill('2 MB answer please');
    await input.press('Enter');
    await lastAssistant().and(frame.locator('.is-streaming')).waitFor({ timeout: 15000 });
    await startInputProbe(frame);
    const streamStart = Date.now();
    // Type into the panel's input for as long as the answer streams; the page records how long each key took to be handled and painted.
    let keys = 0;
    while (await lastAssistant().evaluate((el) => el.classList.contains('is-streaming'))) {
      await input.press(keys % 2 === 0 ? 'x' : 'Backspace');
      keys++;
    }
    const streamSeconds = (Date.now() - streamStart) / 1000;
    const probe = await stopInputProbe(frame);
    await input.fill('');
    const code = lastAssistant().locator('.code-block code').first();
    const shownChars = await code.evaluate((el) => el.textContent?.length ?? 0);
    assert.equal(shownChars, BIG_CODE.length, 'the whole block is shown');
    assert.equal(await lastAssistant().locator('.error-box').count(), 0);
    const memoryAfter = await browserMemoryMb(session, [frame]);
    const growth = memoryAfter - memoryBefore;
    console.log(
      `      (${(BIG_ANSWER.length / 1024 / 1024).toFixed(2)} MB answer in ${streamSeconds.toFixed(1)} s; ${probe.keys} keys typed while it streamed, slowest answered in ${probe.maxMs.toFixed(0)} ms, ` +
        `median ${probe.medianMs.toFixed(0)} ms; longest task ${probe.longestTaskMs.toFixed(0)} ms; browser memory ${memoryBefore.toFixed(0)} → ${memoryAfter.toFixed(0)} MB)`,
    );
    assert.ok(probe.keys >= 10, `only ${probe.keys} keys were typed while the answer streamed`);
    assert.ok(probe.maxMs < 500, `a key took ${probe.maxMs.toFixed(0)} ms to be answered`);
    assert.ok(growth < 200, `memory grew by ${growth.toFixed(0)} MB`);
    rows.add({ order: 9, measure: 'time the answer streamed', value: measured(`${streamSeconds.toFixed(1)} s`), limit: '(shown)' });
    rows.add({ order: 10, measure: 'keys typed into the panel while it streamed', value: measured(probe.keys), limit: 'at least 10' });
    rows.add({ order: 11, measure: 'slowest key, from the key event to the next frame painted', value: measured(`${probe.maxMs.toFixed(0)} ms`), limit: 'under 500 ms' });
    rows.add({ order: 12, measure: 'longest task on the panel’s page', value: measured(`${probe.longestTaskMs.toFixed(0)} ms`), limit: '(shown)' });
    rows.add({ order: 13, measure: 'memory of the session’s processes (Chromium, code-server, extension host; PSS), growth', value: measured(`${growth.toFixed(0)} MB`), limit: 'under 200 MB' });
  });

  it('shows the 2 MB answer again after the window reloads', async function () {
    this.timeout(180000);
    const session = vscode();
    await session.page.reload();
    await session.page.waitForSelector('.monaco-workbench .statusbar', { timeout: 60000 });
    await session.workbench.runCommandWhenListed('Fast Inference: Focus Chat Input');
    frame = await session.workbench.webviewFrame('fast-inference.fast-inference', { selector: '.message.assistant', timeoutMs: 60000 });
    const code = await waitUntil(
      () => frame.evaluate(() => [...document.querySelectorAll('.message.assistant .code-block code')].map((c) => c.textContent ?? '').find((t) => t.length > 1_000_000)),
      { what: 'the 2 MB block after the reload', timeoutMs: 60000 },
    );
    assert.equal(code.length, BIG_CODE.length);
    assert.ok(code.endsWith(`${BIG_END}\n`));
    rows.add({ order: 14, measure: 'the answer after a window reload', value: `all ${(BIG_CODE.length / 1024 / 1024).toFixed(1)} MB of the block`, limit: 'all of it' });
  });

  it('no canary in the chat panel, the workbench, the extension output or any log; nothing reached the other server', async () => {
    const session = vscode();
    const panel = await frame.evaluate(() => document.body.innerText + document.body.outerHTML.slice(0, 200_000));
    const workbench = await session.page.evaluate(() => document.body.innerText);
    const logDir = path.join(session.dirs.userData, 'logs');
    const logs = findFiles(logDir, () => true).map((file) => ({ file: path.relative(logDir, file), text: fs.readFileSync(file, 'utf8') }));
    const found: string[] = [];
    for (const [where, text] of [['chat panel', panel], ['workbench', workbench], ['output channel', session.extensionOutput()], ...logs.map((l) => [l.file, l.text])]) {
      for (const name of canariesIn(text)) found.push(`${name} in ${where}`);
    }
    // The endpoint may see its own credentials where they belong, and nowhere else (no body carries them).
    for (const r of main.requests) for (const name of canariesIn(r.body)) found.push(`${name} in a request body`);
    assert.deepEqual(found, []);
    assert.equal(other.requests.length, 0);
    assert.ok(session.extensionOutput().includes('redirect'), 'the output channel was read and logged the refused redirect');
    rows.add({ order: 3, vector: 'the chat panel, the workbench, the output channel and every log file', shown: `${measured(logs.length)} log files`, found: 0 });
  });
});
