// VS Code's own Chat with Fast Inference's models: open it, look for "fake-coder · Fast" in its
// model picker, pick it and see the fake server's answer stream in. Where VS Code's chat
// needs a GitHub sign-in before it offers any model (code-server ships no Copilot Chat),
// the test is pending and says what the picker offered; screenshots of each step are kept
// under test-results/vscode-chat either way.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { customProfile, useVsCode, waitUntil } from '../harness';

const SHOTS = path.resolve(process.env.FI_E2E_RESULTS ?? 'test-results', 'vscode-chat');
const ANSWER = 'Hello from the fake server, answering in VS Code chat.';
const MODEL = 'fake-coder · Fast';

describe("VS Code's own Chat with Fast Inference models", () => {
  const vscode = useVsCode({
    files: { 'a.ts': 'export const a = 1;\n' },
    fakeServers: { main: { ttftMs: 40, tokensPerSecond: 200, response: { kind: 'text', text: ANSWER } } },
    settings: (fake) => ({
      'fastInference.profiles': [customProfile('fast', fake.main.baseUrl, { label: 'Fast' })],
      'fastInference.chatProfile': 'fast',
      'fastInference.completionProfile': 'fast',
    }),
  });

  it(`lists "${MODEL}" in the model picker and streams the fake server's answer`, async function () {
    this.timeout(120_000);
    const session = vscode();
    const page = session.workbench.page;
    fs.mkdirSync(SHOTS, { recursive: true });
    await session.workbench.runCommand('Chat: Open Chat');
    const input = page.locator('.interactive-input-part .monaco-editor').first();
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, '1-chat-open.png') });

    const picker = page.locator('.interactive-input-part [aria-label^="Models"], .interactive-input-part [aria-label^="Pick Model"]').first();
    await picker.click();
    const rows = page.locator('.action-widget .monaco-list-row');
    const offered = await waitUntil(
      async () => {
        const labels = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
        return labels.length > 0 ? labels : undefined;
      },
      { what: 'the model picker to open', timeoutMs: 20_000 },
    );
    await page.screenshot({ path: path.join(SHOTS, '2-model-picker.png') });
    const ours = rows.filter({ hasText: MODEL }).first();
    if ((await ours.count()) === 0) {
      await page.keyboard.press('Escape');
      // What a user meets who sends anyway: VS Code's sign-in dialog, kept as a screenshot.
      await input.click();
      await page.keyboard.type('Say hello');
      await page.keyboard.press('Enter');
      await page.locator('.monaco-dialog-box').first().waitFor({ state: 'visible', timeout: 20_000 }).catch(() => undefined);
      await page.screenshot({ path: path.join(SHOTS, '3-send-without-sign-in.png') });
      // Pending, with what VS Code offered instead in the test's title (the run's output shows it).
      if (this.test) this.test.title += ` — pending: the picker offered only "${offered.join('", "')}"`;
      this.skip();
    }
    await ours.click();
    await input.click();
    await page.keyboard.type('Say hello');
    await page.keyboard.press('Enter');
    const answer = await waitUntil(
      async () => {
        const text = await page.locator('.interactive-session .interactive-response').last().innerText().catch(() => '');
        return text.includes(ANSWER) ? text : undefined;
      },
      { what: "the fake server's answer in VS Code's chat", timeoutMs: 60_000 },
    );
    await page.screenshot({ path: path.join(SHOTS, '3-answer.png') });
    assert.ok(answer.includes(ANSWER));
    const chat = session.fake.main.requests().find((r) => r.path === '/v1/chat/completions');
    assert.ok(chat, 'the answer came from the fake server');
    assert.equal((chat.body as { model?: string }).model, 'fake-coder');
  });
});
