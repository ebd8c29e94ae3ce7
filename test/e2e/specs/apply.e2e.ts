// Smart Apply and inline edit in a real VS Code: a chat answer with a changed
// function lands in the right place of a 300-line file (one change, the rest
// untouched); of two changes one can be rejected while the other is accepted;
// Stop during a model merge leaves the file as it was and the fake server sees
// the connection closed; an inline edit on a selection streams into the diff
// and is accepted; another is refined with a follow-up instruction first.
import * as assert from 'node:assert/strict';
import { ask, openChat } from '../fixtures/hostile/chatPanel';
import { customProfile, useProfile, useVsCode, waitUntil } from '../harness';
import type { VsCodeSession } from '../harness';

/** A 300-line file of small functions, `scale0` … `scale41`. */
function scaleFile(change: (i: number, lines: string[]) => string[] = (_i, lines) => lines): string {
  const out = ['// Scaling helpers.', "import { strict as assert } from 'node:assert';", ''];
  for (let i = 0; i < 42; i++) {
    out.push(
      ...change(i, [
        `export function scale${i}(values: number[], factor = ${i + 1}): number[] {`,
        '  assert(values.length >= 0);',
        '  const result: number[] = [];',
        `  for (const value of values) result.push(value * factor + ${i});`,
        '  return result;',
        '}',
      ]),
      '',
    );
  }
  return out.join('\n') + '\n';
}

const ORIGINAL = scaleFile();
const CLAMP_24 = [
  'export function scale24(values: number[], factor = 25): number[] {',
  '  assert(values.length >= 0);',
  '  return values.map((value) => Math.max(0, value) * factor + 24);',
  '}',
];
const WITH_CLAMP = scaleFile((i, lines) => (i === 24 ? CLAMP_24 : lines));
const chatAnswer = (code: string) => `Clamp negative values first:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nThe rest of the file stays as it is.`;

/** Two changes in one block: scale3's offset and scale30's assertion, with the rest left out. */
const TWO_CHANGES = [
  '// ... existing code ...',
  'export function scale3(values: number[], factor = 4): number[] {',
  '  assert(values.length >= 0);',
  '  const result: number[] = [];',
  '  for (const value of values) result.push(value * factor + 300);',
  '  return result;',
  '}',
  '// ... existing code ...',
  'export function scale30(values: number[], factor = 31): number[] {',
  '  assert(values.length > 0, "no values");',
  '  const result: number[] = [];',
  '  for (const value of values) result.push(value * factor + 30);',
  '  return result;',
  '}',
  '// ... existing code ...',
].join('\n');

describe('Smart Apply and inline edit in a real VS Code', () => {
  const vscode = useVsCode({
    files: { 'scale.ts': ORIGINAL, 'notes.ts': 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\n', 'sizes.ts': 'const width = 1;\nconst height = 2;\n' },
    fakeServers: { main: { ttftMs: 20, tokensPerSecond: 2000, response: { kind: 'text', text: chatAnswer(CLAMP_24.join('\n')) } } },
    settings: (fake) => useProfile(customProfile('fake', fake.main.baseUrl)),
  });

  /**
   * Opens a workspace file through Quick Open (the explorer's rows can sit under the
   * activity bar's hover after a click there), and waits for its editor to take focus.
   */
  async function open(session: VsCodeSession, name: string): Promise<void> {
    await session.page.mouse.move(600, 400);
    await session.workbench.press('Control+P');
    await session.workbench.pickQuickPickItem(name);
    await waitUntil(
      () =>
        session.page.evaluate(
          (tabName) => document.querySelector('.tabs-container .tab.active')?.getAttribute('data-resource-name') === tabName && document.querySelector('.monaco-editor.focused') !== null,
          name,
        ),
      { what: `the editor for ${name} to open and take focus`, timeoutMs: 30000 },
    );
  }

  /** Opens scale.ts, asks the chat, waits for the answer and clicks its code block's Apply button. */
  async function askAndApply(session: VsCodeSession, prompt: string, beforeApply?: () => void): Promise<void> {
    await open(session, 'scale.ts');
    const frame = await openChat(session);
    await ask(frame, prompt, 30000);
    beforeApply?.();
    await frame.locator('.message.assistant').last().locator('.code-block button[data-action="apply"]').first().click();
  }

  function notificationText(session: VsCodeSession): Promise<string> {
    return session.page.evaluate(() => [...document.querySelectorAll('.notification-list-item-message')].map((n) => n.textContent ?? '').join('\n'));
  }

  async function waitForDiff(session: VsCodeSession): Promise<void> {
    await session.page.locator('.tabs-container .tab', { hasText: 'Proposed Change' }).first().waitFor({ timeout: 15000 });
    await session.page.locator('.monaco-diff-editor').first().waitFor({ timeout: 10000 });
  }

  async function acceptAll(session: VsCodeSession): Promise<void> {
    await session.page.locator('.editor-actions .action-label[aria-label="Accept Proposed Change"]').first().click({ timeout: 15000 });
    await session.page.locator('.tabs-container .tab', { hasText: 'Proposed Change' }).first().waitFor({ state: 'detached', timeout: 10000 });
  }

  /** Selects two lines of `file` from `line` (1-based), asks Edit with Instruction and waits for the diff. */
  async function editTwoLines(session: VsCodeSession, file: string, line: number, instruction: string): Promise<void> {
    await open(session, file);
    await session.workbench.goTo(line);
    await session.workbench.press('Shift+ArrowDown');
    await session.workbench.press('Shift+End');
    await session.workbench.runCommand('Fast Inference: Edit with Instruction…');
    await session.workbench.answerInputBox(instruction);
    await waitForDiff(session);
  }

  /** The request whose body carries `text` (an instruction). */
  function requestWith(session: VsCodeSession, text: string, what: string, timeoutMs = 10000) {
    return waitUntil(() => session.fake.main.requests().find((r) => JSON.stringify(r.body ?? '').includes(text)), { what, timeoutMs });
  }

  it('applies a changed function into its place in a 300-line file: one change, nothing else touched', async () => {
    const session = vscode();
    assert.equal(ORIGINAL.split('\n').length - 1, 297);
    await askAndApply(session, 'Clamp negative values in scale24.');
    await waitForDiff(session);
    // Nothing changed yet: the diff is only a proposal, of one change placed by the function's lines.
    assert.equal(session.workbench.readWorkspaceFile('scale.ts'), ORIGINAL);
    const message = await waitUntil(async () => {
      const text = await notificationText(session);
      return /Apply 1 change to scale\.ts/.test(text) ? text : undefined;
    }, { what: 'the apply notification naming one change', timeoutMs: 30000, describe: () => notificationText(session) });
    assert.match(message, /placed by matching lines in \d+ ms/);
    assert.equal(session.fake.main.requests().filter((r) => r.path === '/v1/chat/completions').length, 1, 'no model call for a placeable block');
    await acceptAll(session);
    await waitUntil(async () => (await session.workbench.documentText('scale.ts')) === WITH_CLAMP, {
      what: 'scale.ts with only scale24 changed',
      timeoutMs: 10000,
      describe: async () => (await session.workbench.documentText('scale.ts')).slice(0, 400),
    });
  });

  it('of two changes, one is rejected while the other is accepted', async () => {
    const session = vscode();
    session.fake.main.configure({ response: { kind: 'text', text: chatAnswer(TWO_CHANGES) } });
    const start = await session.workbench.documentText('scale.ts');
    await askAndApply(session, 'Change scale3 and scale30.');
    await waitForDiff(session);
    await session.page.locator('.editor-actions .action-label[aria-label="Choose Changes to Accept…"]').first().click({ timeout: 15000 });
    const rows = session.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await waitUntil(async () => (await rows.count()) === 2, { what: 'two changes in the pick list', timeoutMs: 10000 });
    // Uncheck the first change (scale3), keep the second (scale30).
    await rows.first().click();
    await waitUntil(() => session.page.evaluate(() => document.querySelector('.quick-input-widget .quick-input-list .monaco-list-row[aria-checked="false"]') !== null), {
      what: 'the first change unchecked',
      timeoutMs: 5000,
    });
    await session.page.locator('.quick-input-widget .quick-input-box input').press('Enter');
    await session.workbench.waitForQuickInputClosed();
    await session.page.locator('.tabs-container .tab', { hasText: 'Proposed Change' }).first().waitFor({ state: 'detached', timeout: 10000 });
    const expected = start.replace('  assert(values.length >= 0);\n  const result: number[] = [];\n  for (const value of values) result.push(value * factor + 30);', '  assert(values.length > 0, "no values");\n  const result: number[] = [];\n  for (const value of values) result.push(value * factor + 30);');
    assert.notEqual(expected, start);
    await waitUntil(async () => (await session.workbench.documentText('scale.ts')) === expected, {
      what: 'scale30 changed and scale3 as it was',
      timeoutMs: 10000,
      describe: async () => {
        const text = await session.workbench.documentText('scale.ts');
        return JSON.stringify({ scale3: text.includes('factor + 300'), scale30: text.includes('"no values"') });
      },
    });
  });

  it('Stop during a model merge leaves the file untouched and closes the connection', async () => {
    const session = vscode();
    // A block that matches no line of the file: only the model can place it.
    session.fake.main.configure({ response: { kind: 'text', text: chatAnswer('export function clampAll(values: number[]): number[] {\n  return values.map((v) => Math.max(0, v));\n}') } });
    const start = await session.workbench.documentText('scale.ts');
    // The merge: the whole file rewritten, slowly enough to be stopped half-way.
    await askAndApply(session, 'Add a clampAll helper.', () => session.fake.main.configure({ tokensPerSecond: 150, response: { kind: 'text', text: start } }));
    const merge = await requestWith(session, 'You rewrite one region', 'the merge request at the fake server', 15000);
    await waitForDiff(session);
    await session.workbench.runCommand('Fast Inference: Stop Apply');
    await waitUntil(() => session.fake.main.requests().find((r) => r.id === merge.id)?.clientClosedAt !== undefined, {
      what: 'the fake server to see the merge connection closed',
      timeoutMs: 10000,
    });
    assert.equal(session.fake.main.requests().find((r) => r.id === merge.id)?.completed, false);
    await session.page.locator('.tabs-container .tab', { hasText: 'Proposed Change' }).first().waitFor({ state: 'detached', timeout: 10000 });
    assert.equal(await session.workbench.documentText('scale.ts'), start);
  });

  it('inline edit rewrites the selected lines through a streamed diff that is accepted', async () => {
    const session = vscode();
    session.fake.main.configure({ tokensPerSecond: 400, response: { kind: 'text', text: 'export const b = 20;\nexport const c = 30;' } });
    await editTwoLines(session, 'notes.ts', 2, 'multiply b and c by ten');
    const request = await requestWith(session, 'multiply b and c by ten', 'the inline edit request');
    const prompt = JSON.stringify(request.body);
    assert.ok(prompt.includes('multiply b and c by ten'), 'the instruction is in the prompt');
    assert.ok(prompt.includes('export const b = 2;\\nexport const c = 3;'), 'the selected lines are the region');
    assert.ok(!prompt.includes('export const a = 1;'), 'lines outside the selection are not sent');
    await acceptAll(session);
    await waitUntil(async () => (await session.workbench.documentText('notes.ts')) === 'export const a = 1;\nexport const b = 20;\nexport const c = 30;\n', {
      what: 'notes.ts with the two lines rewritten',
      timeoutMs: 10000,
      describe: () => session.workbench.documentText('notes.ts'),
    });
  });

  it('an inline edit is refined with a follow-up instruction before it is accepted', async () => {
    const session = vscode();
    session.fake.main.configure({ tokensPerSecond: 2000, response: { kind: 'text', text: 'const width = 10;\nconst height = 20;' } });
    await editTwoLines(session, 'sizes.ts', 1, 'multiply both by ten');
    await waitUntil(async () => (/Apply 1 change to sizes\.ts/.test(await notificationText(session)) ? true : undefined), {
      what: 'the first proposal complete',
      timeoutMs: 30000,
      describe: () => notificationText(session),
    });
    // The follow-up: the model is asked again about the proposal's lines, and the file is still untouched.
    session.fake.main.configure({ response: { kind: 'text', text: 'const width = 10;\nconst height = 20;\nconst area = width * height;' } });
    await session.page.locator('.editor-actions .action-label[aria-label="Refine Edit…"]').first().click({ timeout: 15000 });
    await session.workbench.answerInputBox('and add their area');
    const request = await requestWith(session, 'and add their area', 'the follow-up request');
    assert.ok(JSON.stringify(request.body).includes('const width = 10;\\nconst height = 20;'), 'the follow-up starts from the proposal');
    assert.equal(session.workbench.readWorkspaceFile('sizes.ts'), 'const width = 1;\nconst height = 2;\n');
    const diffText = async () => ((await session.page.locator('.monaco-diff-editor').first().textContent()) ?? '').replace(/\u00a0/g, ' ');
    await waitUntil(async () => ((await diffText()).includes('const area') ? true : undefined), {
      what: 'the refined proposal in the diff',
      timeoutMs: 30000,
      describe: diffText,
    });
    // (Accept is offered once the proposal is complete.)
    await acceptAll(session);
    await waitUntil(async () => (await session.workbench.documentText('sizes.ts')) === 'const width = 10;\nconst height = 20;\nconst area = width * height;\n', {
      what: 'sizes.ts with the refined edit',
      timeoutMs: 10000,
      describe: () => session.workbench.documentText('sizes.ts'),
    });
  });
});
