// The foundation in a real VS Code: the packaged VSIX installs and activates,
// the status bar item and the chat view show, and ghost text served by the
// fake endpoint is accepted with Tab into the document.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXTENSION_ID, customProfile, extensionActivationLine, extensionVsix, useProfile, useVsCode } from '../harness';

const MAX_VSIX_BYTES = 1.5 * 1024 * 1024;
/** What the fake "model" knows: it completes the rest of whichever line the prefix ends on. */
const GREET_PY = 'def greet(name):\n    message = "Hello, " + name\n    return message\n';

describe('Foundation in a real VS Code', () => {
  const vscode = useVsCode({
    files: { 'greet.py': 'def greet(name):\n    ' },
    fakeServers: {
      main: { ttftMs: 20, tokensPerSecond: 2000, response: { kind: 'oracle', documents: [{ text: GREET_PY }] } },
    },
    settings: (fake) => useProfile(customProfile('fake', fake.main.baseUrl)),
  });

  it('packages a VSIX of at most 1.5 MB that code-server installs', () => {
    const vsix = extensionVsix();
    const size = fs.statSync(vsix).size;
    assert.ok(size <= MAX_VSIX_BYTES, `${path.basename(vsix)} is ${size} bytes`);
    const installed = fs.readdirSync(vscode().dirs.extensions).find((d) => d.startsWith(`${EXTENSION_ID}-`));
    assert.ok(installed, `no ${EXTENSION_ID} folder in the extensions dir`);
    const root = path.join(vscode().dirs.extensions, installed);
    assert.ok(fs.existsSync(path.join(root, 'dist', 'extension.js')), 'the installed extension has no dist/extension.js');
    assert.ok(!fs.existsSync(path.join(root, 'src')), 'the VSIX ships sources');
  });

  it('activates on startup without an activation error', () => {
    const line = extensionActivationLine(vscode().dirs.userData, EXTENSION_ID);
    assert.match(line ?? '', /activationEvent: 'onStartupFinished'/);
    const hostLog = vscode().extensionHostLog();
    assert.doesNotMatch(hostLog, new RegExp(`Activating extension '?${EXTENSION_ID.replace('.', '\\.')}'? failed`, 'i'));
  });

  it('shows the Fast Inference status bar item', async () => {
    const item = await vscode().workbench.waitForStatusBarItem('fastInference.status');
    assert.ok(item.text.length > 0 || item.ariaLabel.length > 0, 'the status bar item is empty');
  });

  it('shows ghost text from the endpoint while typing and accepts it with Tab', async () => {
    const { workbench, fake } = vscode();
    await workbench.openFile('greet.py');
    await workbench.cursorToEnd();
    fake.main.clearLog();
    await workbench.type('message = ');
    const ghost = await workbench.waitForGhostText();
    assert.equal(ghost, '"Hello, " + name');
    const requests = fake.main.requests();
    assert.ok(requests.length > 0, 'the fake endpoint received no request');
    assert.ok(
      requests.some((r) => JSON.stringify(r.body ?? '').includes('message = ')),
      `no request carried the typed prefix: ${JSON.stringify(requests.map((r) => r.body))}`,
    );
    await workbench.press('Tab');
    // Once accepted the suggestion leaves; the next one (Tab-Tab) may already be showing.
    await workbench.waitForGhostText({ accept: (now) => now !== ghost, timeoutMs: 5000 });
    const text = await workbench.documentText('greet.py');
    assert.equal(text, 'def greet(name):\n    message = "Hello, " + name');
  });

  it('opens the chat view from the activity bar', async () => {
    const { workbench, page } = vscode();
    await workbench.focusView('Fast Inference');
    // A container with one view shows the view's name in the side bar title instead of a pane header.
    await page.locator('.part.sidebar .composite.title', { hasText: /chat/i }).waitFor({ timeout: 10000 });
    const prompt = 'textarea[aria-label="Chat prompt"]';
    const frame = await workbench.webviewFrame(EXTENSION_ID, { selector: prompt });
    assert.ok(await frame.locator(prompt).isVisible(), 'the chat prompt is not visible');
  });

  it('answers a question in the chat view with the endpoint\'s reply as markdown', async () => {
    const { workbench, page, fake } = vscode();
    fake.main.configure({ response: { kind: 'text', text: 'Call **greet** with a name.' } });
    fake.main.clearLog();
    await workbench.focusView('Fast Inference');
    const frame = await workbench.webviewFrame(EXTENSION_ID, { selector: 'textarea[aria-label="Chat prompt"]' });
    await frame.locator('textarea[aria-label="Chat prompt"]').click();
    await page.keyboard.type('How do I use greet?', { delay: 20 });
    await page.keyboard.press('Enter');
    const reply = frame.locator('.message.assistant .message-body').last();
    await reply.filter({ hasText: 'Call greet with a name.' }).waitFor({ timeout: 15000 });
    assert.equal(await reply.locator('strong').textContent(), 'greet', 'the reply is not rendered as markdown');
    const chat = fake.main.requests().filter((r) => r.path === '/v1/chat/completions');
    assert.ok(
      chat.some((r) => JSON.stringify(r.body ?? '').includes('How do I use greet?')),
      `no chat request carried the question: ${JSON.stringify(fake.main.requests().map((r) => r.path))}`,
    );
  });
});
