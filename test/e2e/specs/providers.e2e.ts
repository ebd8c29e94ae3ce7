// The provider commands in a real VS Code, as a user runs them from the command palette:
// a key typed into Set API Key reaches the endpoint as a Bearer header and is written to no
// setting and no log; Pick Model lists the endpoint's /v1/models and writes the choice.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { customProfile, useProfile, useVsCode, waitUntil } from '../harness';
import { findFiles } from '../harness/codeServer';

const KEY = `fi-e2e-key-${randomBytes(6).toString('hex')}`;
const CALC_TS = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';

describe('Provider commands in a real VS Code', () => {
  const vscode = useVsCode({
    files: { 'calc.ts': 'export function add(a: number, b: number): number {\n  ' },
    fakeServers: {
      main: {
        ttftMs: 20,
        tokensPerSecond: 2000,
        models: ['fake-coder', 'fake-chat', 'fake-large'],
        response: { kind: 'oracle', documents: [{ text: CALC_TS }] },
      },
    },
    settings: (fake) => useProfile(customProfile('fake', fake.main.baseUrl)),
  });

  const userSettings = () => fs.readFileSync(path.join(vscode().dirs.userData, 'User', 'settings.json'), 'utf8');

  it('sends no Authorization header before a key is set', async () => {
    const { workbench, fake } = vscode();
    await workbench.openFile('calc.ts');
    await workbench.cursorToEnd();
    fake.main.clearLog();
    await workbench.type('return ');
    // The event that matters is a completion request at the endpoint; when typing has not asked
    // for one (the first keys can come before the client is built), Trigger Now does.
    const asked = () => fake.main.requests().some((r) => r.path !== '/v1/models');
    try {
      await waitUntil(() => (asked() ? true : undefined), { what: 'a completion request', timeoutMs: 10000 });
    } catch {
      await workbench.runCommand('Fast Inference: Trigger Inline Completion Now');
      await waitUntil(() => (asked() ? true : undefined), { what: 'a completion request after Trigger Now', timeoutMs: 20000 });
    }
    const requests = fake.main.requests().filter((r) => r.path !== '/v1/models');
    assert.ok(requests.length > 0, 'no completion request reached the endpoint');
    assert.deepEqual(
      requests.map((r) => r.headers.authorization),
      requests.map(() => undefined),
      'a keyless local profile sends no Authorization header',
    );
    await workbench.press('Escape');
  });

  it('Set API Key: the typed key reaches the endpoint as a Bearer header', async () => {
    const { workbench, fake } = vscode();
    await workbench.runCommand('Fast Inference: Set API Key…');
    // One profile: the command goes straight to the password box.
    await workbench.answerInputBox(KEY);
    await workbench.waitForQuickInputClosed();
    fake.main.clearLog();
    await workbench.openFile('calc.ts');
    await workbench.cursorToEnd();
    // Each round types a new line, so the answer cannot come from the suggestions already cached.
    let round = 0;
    const authorizations = await waitUntil(
      async () => {
        await workbench.press('Enter');
        await workbench.type(`const v${round++} = `);
        const seen = fake.main.requests().filter((r) => r.path !== '/v1/models').map((r) => r.headers.authorization);
        return seen.includes(`Bearer ${KEY}`) ? seen : undefined;
      },
      { what: 'a completion request carrying the new key', timeoutMs: 20000, describe: () => JSON.stringify(fake.main.requests().map((r) => r.headers.authorization)) },
    );
    assert.ok(authorizations.length > 0);
    await workbench.press('Escape');
  });

  it('the key is in no setting, no log and not in the output channel', () => {
    const session = vscode();
    assert.ok(!userSettings().includes(KEY), 'the key was written to settings.json');
    const logDir = path.join(session.dirs.userData, 'logs');
    const holding = findFiles(logDir, () => true).filter((file) => fs.readFileSync(file, 'utf8').includes(KEY));
    assert.deepEqual(holding.map((f) => path.relative(logDir, f)), []);
    const output = session.extensionOutput();
    assert.match(output, /API key set for profile "fake"/, 'the output channel records that a key was set');
    assert.ok(!output.includes(KEY), 'the key is in the output channel');
  });

  it('Pick Model lists the endpoint\'s models and writes the choice to the profile', async () => {
    const { workbench, fake } = vscode();
    fake.main.clearLog();
    await workbench.runCommand('Fast Inference: Pick Model…');
    const items = await waitUntil(
      async () => {
        const labels = await workbench.quickPickItems();
        return labels.some((l) => l.includes('fake-large')) ? labels : undefined;
      },
      { what: 'the model list from /v1/models', timeoutMs: 15000 },
    );
    assert.ok(['fake-coder', 'fake-chat', 'fake-large'].every((m) => items.some((l) => l.includes(m))), `offered: ${items.join(', ')}`);
    assert.ok(fake.main.requests().some((r) => r.path === '/v1/models' && r.headers.authorization === `Bearer ${KEY}`), 'the model list was asked with the key');
    await workbench.pickQuickPickItem('fake-large');
    await workbench.pickQuickPickItem('Chat');
    const profiles = await waitUntil(
      () => {
        const list = JSON.parse(userSettings())['fastInference.profiles'] as Record<string, unknown>[];
        return list[0]?.chatModel === 'fake-large' ? list : undefined;
      },
      { what: 'chatModel fake-large in the user settings', timeoutMs: 10000, describe: userSettings },
    );
    assert.equal(profiles[0].completionModel, 'fake-coder', 'the completion model is unchanged');
  });
});
