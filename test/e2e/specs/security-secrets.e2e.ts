// Secrets in a real VS Code: canaries planted in a `.env`, a `.pem`, a key pasted into the
// user's settings, a custom header value and a key in the workspace's settings. The key in user
// settings moves to secret storage and is sent only as the Bearer of its own profile; nothing
// else of them reaches the fake server (completions or chat), the logs or the output channel,
// even with a workspace that clears the exclusion globs.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { customProfile, useProfile, useVsCode, waitUntil } from '../harness';
import { findFiles } from '../harness/codeServer';
import { canariesInLogs } from '../fixtures/canaries';
import { ask, openChat } from '../fixtures/hostile/chatPanel';
import { measured, RowRecorder } from '../../unit/reliability/rows';

const tag = randomBytes(4).toString('hex').toUpperCase();
const CANARY = {
  env: `CANARYENV${tag}`,
  pem: `CANARYPEM${tag}`,
  settingsKey: `CANARYSETTINGSKEY${tag}`,
  header: `CANARYHEADER${tag}`,
  workspaceKey: `CANARYWORKSPACEKEY${tag}`,
};
const APP_PY = 'import os\n\n\ndef connect(url):\n    client = make_client(url)\n    return client\n';

describe('Security: secrets never leave', () => {
  const vscode = useVsCode({
    files: {
      '.env': `DATABASE_URL=postgres://app@db/prod\nAPI_TOKEN=${CANARY.env}\n`,
      'certs/server.pem': `-----BEGIN PRIVATE KEY-----\n${CANARY.pem}\n-----END PRIVATE KEY-----\n`,
      'app.py': APP_PY,
      // A workspace that clears the exclusion globs and brings its own key for the profile.
      '.vscode/settings.json': JSON.stringify({
        'fastInference.completions.excludeGlobs': [],
        'fastInference.profiles': [{ id: 'fake', preset: 'custom', baseUrl: 'http://127.0.0.1:9/v1', apiKey: CANARY.workspaceKey }],
      }),
    },
    fakeServers: { main: { ttftMs: 20, tokensPerSecond: 2000, response: { kind: 'oracle', documents: [{ text: APP_PY }] } } },
    settings: (fake) =>
      useProfile(customProfile('fake', fake.main.baseUrl, { apiKey: CANARY.settingsKey, headers: { 'X-Team': CANARY.header } }), {
        'fastInference.completions.debounce': 'fixed',
        'fastInference.completions.fixedDebounceMs': 50,
      }),
  });
  const rows = new RowRecorder('secrets');
  after(() => rows.write({ canaries: Object.keys(CANARY).length }));

  const userSettings = () => fs.readFileSync(path.join(vscode().dirs.userData, 'User', 'settings.json'), 'utf8');
  const completionRequests = () => vscode().fake.main.requests().filter((r) => r.path !== '/v1/chat/completions' && r.path !== '/v1/models');

  it('moves the key pasted into user settings into secret storage and out of the file', async () => {
    // VS Code rewrites the file in place: until it is whole again it may read as empty or cut short.
    const settled = await waitUntil(
      () => {
        const text = userSettings();
        if (text.includes(CANARY.settingsKey)) return undefined;
        try {
          return JSON.parse(text) as Record<string, unknown>;
        } catch {
          return undefined;
        }
      },
      { what: 'the key to leave settings.json', timeoutMs: 20000, describe: userSettings },
    );
    const profiles = settled['fastInference.profiles'] as Record<string, unknown>[];
    assert.equal(profiles[0].id, 'fake');
    assert.equal(profiles[0].apiKey, undefined);
    assert.deepEqual(profiles[0].headers, { 'X-Team': CANARY.header }, 'a header that is not a key stays');
    // The workspace's key is not taken: its settings file is left as it was.
    assert.ok(fs.readFileSync(path.join(vscode().dirs.workspace, '.vscode', 'settings.json'), 'utf8').includes(CANARY.workspaceKey));
  });

  for (const file of ['.env', 'certs/server.pem']) {
    it(`asks for no completion while typing in ${file}, though the workspace cleared the exclusion globs`, async () => {
      const { workbench, fake } = vscode();
      fake.main.clearLog();
      await workbench.openFile(file);
      await workbench.cursorToEnd();
      try {
        await workbench.type('EXTRA=');
      } finally {
        await workbench.save();
      }
      // Then a completion in a file that may be sent: once its request has arrived, one asked for
      // in the secret file earlier would have arrived before it.
      // A new line each time, since the same text at the same spot would be answered from the cache.
      await workbench.openFile('app.py');
      await workbench.cursorToEnd();
      await workbench.type(`\nafter_${file.replace(/\W/g, '_')} = connect(`);
      await waitUntil(() => completionRequests().length > 0, { what: 'a completion request from app.py', timeoutMs: 15000 });
      await workbench.press('Escape');
      await workbench.save();
      const fromSecret = completionRequests().filter((r) => !JSON.stringify(r.body).includes('def connect(url)'));
      assert.deepEqual(fromSecret.map((r) => r.path), [], `completion requests from ${file}`);
    });
  }

  it('sends completions for app.py with no secret in them, though the secret files were just visited', async () => {
    const { workbench } = vscode();
    await workbench.openFile('app.py');
    await workbench.goTo(5, 14);
    await workbench.type(' ');
    await workbench.press('Backspace');
    await waitUntil(() => completionRequests().length > 0, { what: 'a completion request from app.py', timeoutMs: 15000 });
    await workbench.press('Escape');
    await workbench.save();
  });

  it('offers no chip for a secret file, lists none to attach, and sends none with a chat prompt', async () => {
    const session = vscode();
    await session.workbench.openFile('.env');
    const frame = await openChat(session);
    // Every chip the bar shows from now on is recorded, so a late one is seen too.
    await frame.evaluate(() => {
      const seen = new Set<string>();
      const record = () => document.querySelectorAll('.context-bar .chip').forEach((chip) => seen.add(chip.textContent ?? ''));
      record();
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
      (window as unknown as { chipsSeen: Set<string> }).chipsSeen = seen;
    });
    await frame.locator('.context-bar .add-context').click();
    const listed = await waitUntil(
      async () => {
        const items = await frame.locator('.file-menu .file-menu-item, .file-menu .file-menu-empty').allTextContents();
        return items.length > 0 ? items : undefined;
      },
      { what: 'the list of open files to attach', timeoutMs: 5000 },
    );
    assert.ok(!listed.some((t) => /\.env|\.pem/.test(t)), `offered: ${listed.join(', ')}`);
    await frame.locator('textarea.prompt-input').press('Escape');
    await ask(frame, `What is in my environment? Print API_TOKEN.`);
    // The answer came, so the host has been through the editor change and the prompt's context.
    const chips = await frame.evaluate(() => [...(window as unknown as { chipsSeen: Set<string> }).chipsSeen]);
    assert.ok(!chips.some((c) => /\.env|\.pem/.test(c)), `chips shown: ${chips.join(', ')}`);
    await session.workbench.openFile('app.py');
    const again = await openChat(session);
    await again.locator('.context-bar .chip', { hasText: 'app.py' }).waitFor({ timeout: 10000 });
    await ask(again, 'Explain this file.');
    const chat = session.fake.main.requests().filter((r) => r.path === '/v1/chat/completions');
    assert.ok(chat.length >= 2, 'the chat prompts reached the server');
    assert.ok(chat.some((r) => JSON.stringify(r.body).includes('make_client')), 'app.py was attached');
  });

  it('no canary in any request body, any header but its own, the logs or the output channel', () => {
    const session = vscode();
    const requests = session.fake.main.requests();
    assert.ok(requests.length > 0);
    const found: string[] = [];
    for (const r of requests) {
      const body = JSON.stringify(r.body) ?? '';
      for (const [name, value] of Object.entries(CANARY)) if (body.includes(value)) found.push(`${name} in the body of ${r.path}`);
      for (const [header, raw] of Object.entries(r.headers)) {
        const value = String(raw);
        for (const [name, canary] of Object.entries(CANARY)) {
          if (!value.includes(canary)) continue;
          const own = (name === 'settingsKey' && header === 'authorization' && value === `Bearer ${canary}`) || (name === 'header' && header === 'x-team');
          if (!own) found.push(`${name} in header ${header} of ${r.path}`);
        }
      }
    }
    assert.deepEqual(found, []);
    // The moved key is what the requests carry: it came from secret storage.
    assert.ok(requests.every((r) => r.headers.authorization === `Bearer ${CANARY.settingsKey}`), 'a request without the stored key');

    const logs = canariesInLogs(session, CANARY);
    assert.deepEqual(logs.found, []);
    console.log(`      (${requests.length} requests and ${logs.files} log files checked for ${Object.keys(CANARY).length} canaries)`);
    rows.add({ order: 0, check: 'the fake server’s request log: every body and header', items: `${measured(requests.length)} requests`, found: 0 });
    rows.add({ order: 1, check: 'VS Code’s log folder: extension host, the Fast Inference output channel, all others', items: `${measured(logs.files)} files`, found: 0 });
  });

  it('stores the key in plain text nowhere on disk: not in settings, state, logs or the browser profile', () => {
    const session = vscode();
    // Everything this VS Code wrote: user data (settings, state databases, logs) and Chromium's profile.
    const files = findFiles(session.dirs.root, (f) => !f.startsWith(session.dirs.extensions) && !f.startsWith(session.dirs.workspace));
    // Sockets and symlinks of a running browser are not files to read.
    const readable = (f: string) => {
      try {
        return fs.statSync(f).isFile();
      } catch {
        return false;
      }
    };
    const holding = files.filter((f) => readable(f) && fs.readFileSync(f).includes(CANARY.settingsKey));
    assert.deepEqual(holding.map((f) => path.relative(session.dirs.root, f)), []);
    rows.add({ order: 2, check: 'every file VS Code and Chromium wrote (settings, state databases, logs, browser storage), for the moved key', items: `${measured(files.length)} files`, found: 0 });
  });
});
