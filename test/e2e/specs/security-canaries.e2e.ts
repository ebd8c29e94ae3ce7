// What may enter a prompt, tried as an attacker would in a real VS Code: a canary planted in
// every kind of file developers keep secrets in (inside the workspace, under .git, in the home
// folder's dotfiles outside it, behind a link, in VS Code's own settings and keybindings), each
// visited as a user does; completions asked in an ordinary file after every few visits; chat
// asked with each of them as the active editor; Explain Selection run on two of them. The fake
// server's log, the extension's output and every VS Code log are then searched for every
// canary: none may be there. An ordinary file (the control) must still reach both prompts, and
// a file with a key in it reaches the ring with the key replaced.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { customProfile, useVsCode, waitUntil, type VsCodeSession } from '../harness';
import type { RequestRecord } from '../../fake-server/types';
import { canariesInLogs } from '../fixtures/canaries';
import { ask, openChat } from '../fixtures/hostile/chatPanel';
import { measured, RowRecorder } from '../../unit/reliability/rows';

const tag = randomBytes(4).toString('hex').toUpperCase();
const canary = (name: string) => `CANARY${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}${tag}`;

/** Workspace files, each holding its own canary where that kind of file keeps a secret. */
const WORKSPACE_SECRETS: Record<string, (c: string) => string> = {
  '.env': (c) => `DATABASE_URL=postgres://app@db/prod\nAPI_TOKEN=${c}\n`,
  '.envrc': (c) => `export API_TOKEN=${c}\n`,
  '.env_prod': (c) => `API_TOKEN=${c}\n`,
  '.env~': (c) => `API_TOKEN=${c}\n`,
  'prod.env': (c) => `API_TOKEN=${c}\n`,
  'secrets.yaml': (c) => `database:\n  password: ${c}\n`,
  '.git/config': (c) => `[remote "origin"]\n\turl = https://x-access-token:${c}@github.com/acme/app.git\n`,
  '.git-credentials': (c) => `https://bob:${c}@github.com\n`,
  '.netrc': (c) => `machine api.example.com login bob password ${c}\n`,
  '.pgpass': (c) => `db.example.com:5432:app:bob:${c}\n`,
  '.pypirc': (c) => `[pypi]\nusername = __token__\npassword = ${c}\n`,
  '.npmrc': (c) => `//registry.npmjs.org/:_authToken=${c}\n`,
  'terraform.tfvars': (c) => `db_password = "${c}"\n`,
  'service-account.json': (c) => `{"type": "service_account", "private_key_id": "${c}"}\n`,
  id_ecdsa: (c) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${c}\n-----END OPENSSH PRIVATE KEY-----\n`,
};

/** Files outside the workspace folder, as a home directory has them. */
const HOME_SECRETS: Record<string, (c: string) => string> = {
  '.ssh/config': (c) => `Host prod\n  HostName ${c}.example.com\n  IdentityFile ~/.ssh/id_ed25519\n`,
  '.kube/config': (c) => `users:\n- name: admin\n  user:\n    token: ${c}\n`,
  '.docker/config.json': (c) => `{"auths": {"registry.example.com": {"auth": "${c}"}}}\n`,
  '.config/gh/hosts.yml': (c) => `github.com:\n  oauth_token: ${c}\n  user: bob\n`,
  '.aws/credentials': (c) => `[default]\naws_access_key_id = ${c}\n`,
  'notes-outside.txt': (c) => `Meeting notes ${c}\n`,
};

// The AWS keys in config.js are canaries too: the file may be sent, its keys may not.
const AWS_KEY_ID = `AKIA${tag}CNRYAWS1`;
const AWS_SECRET = `wJalrXUtnFEMI/K7MDENG/${tag}bPxRfiCY9q`;
const CONTROL = `control_marker_${tag.toLowerCase()}`;
const CANARIES: Record<string, string> = {
  ...Object.fromEntries([...Object.keys(WORKSPACE_SECRETS), ...Object.keys(HOME_SECRETS)].map((f) => [f, canary(f)])),
  'config.js (AWS key id)': AWS_KEY_ID,
  'config.js (AWS secret)': AWS_SECRET,
  'user settings.json (another extension’s token)': canary('usersettings'),
  'user settings.json (another profile’s header)': canary('otherprofile'),
  'keybindings.json': canary('keybindings'),
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function whereOf(name: string): string {
  if (name in HOME_SECRETS) return 'outside the workspace (a home folder), opened by its path with Quick Open';
  if (name.startsWith('.git/')) return 'workspace, under `.git/`, opened by its path with Quick Open';
  if (name.startsWith('config.js')) return 'workspace, an ordinary file: sent with the key replaced';
  if (name.startsWith('user settings')) return 'VS Code user data: Preferences: Open User Settings (JSON)';
  if (name === 'keybindings.json') return 'VS Code user data: Preferences: Open Keyboard Shortcuts (JSON)';
  if (name === '.env') return 'workspace, opened with Quick Open and through the link `notes.txt` (`ln -s .env notes.txt`, from the explorer)';
  return 'workspace, opened with Quick Open';
}

const MAIN_PY = 'import os\n\n\ndef connect(url):\n    client = make_client(url)\n    return client\n';
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fi-canary-home-'));
for (const [file, text] of Object.entries(HOME_SECRETS)) {
  fs.mkdirSync(path.dirname(path.join(home, file)), { recursive: true });
  fs.writeFileSync(path.join(home, file), text(canary(file)));
}

/** The three ways other files' snippets travel in a completion prompt, one profile each, used in turn. */
const TRANSPORTS = [
  { id: 'infill', what: 'llama.cpp `/infill` (`input_extra`)', fields: { fimTransport: 'llama-infill' }, carries: (r: RequestRecord) => r.path.endsWith('/infill') },
  {
    id: 'raw',
    what: 'a raw Qwen prompt (`<|file_sep|>` blocks) at `/v1/completions`',
    fields: { fimTransport: 'raw-template', fimTemplate: 'qwen' },
    carries: (r: RequestRecord) => r.path.endsWith('/completions') && !r.path.endsWith('/chat/completions'),
  },
  { id: 'hole', what: 'the chat hole-filler at `/v1/chat/completions`', fields: { fimTransport: 'chat' }, carries: (r: RequestRecord) => r.path.endsWith('/chat/completions') },
] as const;
type Transport = (typeof TRANSPORTS)[number];

function userSettings(baseUrl: string): Record<string, unknown> {
  return {
    'fastInference.profiles': [
      ...TRANSPORTS.map((t) => customProfile(t.id, baseUrl, t.fields)),
      customProfile('other', 'http://127.0.0.1:9/v1', { headers: { 'X-Team': CANARIES['user settings.json (another profile’s header)'] } }),
    ],
    'fastInference.completionProfile': 'infill',
    'fastInference.chatProfile': 'infill',
    'fastInference.completions.debounce': 'fixed',
    'fastInference.completions.fixedDebounceMs': 50,
    'otherExtension.apiToken': CANARIES['user settings.json (another extension’s token)'],
  };
}

describe('Security: canaries in every file kind never reach a prompt', () => {
  const vscode = useVsCode({
    files: {
      ...Object.fromEntries(Object.entries(WORKSPACE_SECRETS).map(([file, text]) => [file, text(canary(file))])),
      'config.js': `module.exports = {\n  accessKeyId: '${AWS_KEY_ID}',\n  secretAccessKey: '${AWS_SECRET}',\n  region: 'us-east-1',\n};\n`,
      'helpers.py': `def ${CONTROL}(client):\n    return client.ping()\n`,
      'main.py': MAIN_PY,
    },
    fakeServers: { main: { ttftMs: 20, tokensPerSecond: 2000, response: { kind: 'oracle', documents: [{ text: MAIN_PY }] } } },
    settings: (fake) => userSettings(fake.main.baseUrl),
  });
  const rows = new RowRecorder('canaries');
  let visits = 0;
  let chatsAsked = 0;
  after(() => {
    rows.write({ canaries: Object.keys(CANARIES).length });
    fs.rmSync(home, { recursive: true, force: true });
  });

  const requests = () => vscode().fake.main.requests();
  /** The completion requests of the first test, by transport (the chat hole-filler's go to the chat route too). */
  const completions = new Map<number, Transport>();
  const completionRequests = (t?: Transport) => requests().filter((r) => completions.has(r.id) && (!t || completions.get(r.id) === t));
  const chatRequests = () => requests().filter((r) => r.path.endsWith('/chat/completions') && !completions.has(r.id));

  /**
   * Opens a file through Quick Open, as a user does: by its name for a file of the
   * workspace, by its absolute path for any other (then `folder`, the folder holding it, tells
   * apart files of the same name).
   */
  async function openPath(session: VsCodeSession, query: string, folder?: string): Promise<void> {
    const { workbench, page } = session;
    // F1 reaches the workbench from the chat panel too (a webview keeps Ctrl+P); without its `>`, the query names files.
    await workbench.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(query);
    const name = path.basename(query);
    let row = page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
    if (folder) row = row.filter({ has: page.locator('.label-description', { hasText: folder }) });
    await row.first().waitFor({ timeout: 15000 });
    // As the harness picks rows: Enter on the focused one (a click can land while the list re-renders).
    if (await row.first().evaluate((r) => r.classList.contains('focused'))) await input.press('Enter');
    else await row.first().click();
    await waitForActiveTab(session, name);
  }

  const openInWorkspace = (session: VsCodeSession, file: string) =>
    file.includes('/') ? openPath(session, path.join(session.dirs.workspace, file), path.basename(path.dirname(file))) : openPath(session, file);

  async function waitForActiveTab(session: VsCodeSession, name: string): Promise<void> {
    await waitUntil(
      () => session.page.evaluate((n) => document.querySelector('.tabs-container .tab.active')?.getAttribute('data-resource-name') === n, name),
      { what: `the editor for ${name} to be active`, timeoutMs: 15000 },
    );
  }

  /** Makes `t`'s profile the completion profile, as the user does with Switch Completion Provider. */
  async function useTransport(session: VsCodeSession, t: Transport): Promise<void> {
    await session.workbench.runCommand('Fast Inference: Switch Completion Provider');
    await session.workbench.pickQuickPickItem(t.id);
    await session.workbench.waitForQuickInputClosed();
  }

  /**
   * A user types a new line in main.py; resolves once a completion request has gone out
   * through `t`. A request through the previous profile (asked before the switch reached the
   * engine) is answered, counted, and followed by another line.
   */
  let rounds = 0;
  async function completeInMain(session: VsCodeSession, t: Transport): Promise<void> {
    // From the explorer, which waits until the editor has the keyboard.
    await session.workbench.openFile('main.py');
    for (let line = 1; ; line++) {
      const seen = new Set(requests().map((r) => r.id));
      const fresh = () => requests().filter((r) => !seen.has(r.id) && TRANSPORTS.some((other) => other.carries(r)));
      await session.workbench.cursorToEnd();
      // A new line each time: the same text at the same spot would be answered from the cache.
      await session.workbench.type(`\nresult_${++rounds} = connect(`);
      await waitUntil(() => fresh().length > 0, { what: `a completion request from main.py (${t.id})`, timeoutMs: 15000 });
      for (const r of fresh()) completions.set(r.id, TRANSPORTS.find((other) => other.carries(r))!);
      await session.workbench.press('Escape');
      if (fresh().some((r) => t.carries(r))) break;
      assert.ok(line < 5, `completions still go elsewhere than ${t.id} after ${line} lines`);
    }
    // Unsaved, the explorer's badge would sit over the button that shows it.
    await session.workbench.save();
  }

  /** With the current editor active: no chip for it; a question to chat gets its answer. */
  async function askChat(session: VsCodeSession, name: string): Promise<string[]> {
    const frame = await openChat(session);
    const chips = await frame.locator('.context-bar .chip').allTextContents();
    // The panel takes a prompt once the previous answer is over (Send shown instead of Stop).
    await frame.locator('.composer .button.send').waitFor({ state: 'visible', timeout: 20000 });
    await ask(frame, `What is in ${name}?`);
    chatsAsked++;
    return chips;
  }

  const visitors: Array<{ name: string; open: (s: VsCodeSession) => Promise<void> }> = [
    // ln -s .env notes.txt, made once VS Code runs (as a user would in its terminal).
    {
      name: 'notes.txt → .env',
      open: async (s) => {
        const link = path.join(s.dirs.workspace, 'notes.txt');
        if (!fs.existsSync(link)) fs.symlinkSync('.env', link);
        // Quick Open's file index may not list a link made after it was built; the explorer does.
        await s.workbench.openFile('notes.txt');
      },
    },
    ...Object.keys(WORKSPACE_SECRETS).map((file) => ({
      name: file,
      open: (s: VsCodeSession) => openInWorkspace(s, file),
    })),
    ...Object.keys(HOME_SECRETS).map((file) => ({ name: `~/${file}`, open: (s: VsCodeSession) => openPath(s, path.join(home, file), path.basename(path.dirname(path.join(home, file)))) })),
    {
      name: 'user settings.json',
      open: async (s) => {
        await s.workbench.runCommand('Preferences: Open User Settings (JSON)');
        await waitForActiveTab(s, 'settings.json');
      },
    },
    {
      name: 'keybindings.json',
      open: async (s) => {
        await s.workbench.runCommand('Preferences: Open Keyboard Shortcuts (JSON)');
        await waitForActiveTab(s, 'keybindings.json');
      },
    },
  ];

  before(() => {
    const keybindings = path.join(vscode().dirs.userData, 'User', 'keybindings.json');
    fs.writeFileSync(keybindings, JSON.stringify([{ key: 'ctrl+alt+k', command: 'type', args: { text: CANARIES['keybindings.json'] } }]));
  });

  it('visits every planted file, and asks for completions in main.py after every few', async function () {
    this.timeout(600000);
    const session = vscode();
    const batch = 5;
    for (let i = 0; i < visitors.length; i += batch) {
      const transport = TRANSPORTS[(i / batch) % TRANSPORTS.length]!;
      await useTransport(session, transport);
      // The control and config.js are visited in every round, like the secrets around them.
      await openInWorkspace(session, 'helpers.py');
      await openInWorkspace(session, 'config.js');
      for (const visitor of visitors.slice(i, i + batch)) {
        await visitor.open(session);
        visits++;
      }
      await completeInMain(session, transport);
    }
    for (const t of TRANSPORTS) {
      assert.ok(completionRequests(t).some((r) => JSON.stringify(r.body ?? '').includes(CONTROL)), `the control file reached a completion prompt through ${t.id}`);
    }
    const configChunks = completionRequests(TRANSPORTS[0]).flatMap((r) => ((r.body as { input_extra?: { filename: string; text: string }[] }).input_extra ?? []).filter((e) => e.filename === 'config.js'));
    assert.ok(configChunks.length > 0, 'config.js reached the ring');
    assert.ok(configChunks.every((e) => e.text.includes('[redacted]') && e.text.includes('us-east-1')), 'config.js arrived with its keys replaced and its code kept');
    for (const r of completionRequests()) {
      for (const e of (r.body as { input_extra?: { filename: string }[] }).input_extra ?? []) {
        assert.ok(!path.isAbsolute(e.filename) && !e.filename.includes(os.homedir()), `a path sent as ${e.filename}`);
      }
    }
  });

  it('asks chat with each planted file as the active editor: no chip for it, nothing of it sent', async function () {
    this.timeout(600000);
    const session = vscode();
    const offered: string[] = [];
    for (const visitor of visitors) {
      await visitor.open(session);
      const chips = await askChat(session, visitor.name);
      if (chips.length > 0) offered.push(`${visitor.name}: ${chips.join(', ')}`);
    }
    assert.deepEqual(offered, [], 'chips offered for planted files');
    // The control: an ordinary file is attached by itself and reaches the chat prompt.
    await openInWorkspace(session, 'helpers.py');
    const frame = await openChat(session);
    await frame.locator('.context-bar .chip', { hasText: 'helpers.py' }).waitFor({ timeout: 10000 });
    await ask(frame, 'Explain this file.');
    chatsAsked++;
    assert.ok(JSON.stringify(chatRequests().at(-1)?.body).includes(CONTROL), 'the control file reached the chat prompt');
  });

  it('refuses Explain Selection on a secret file and on VS Code’s settings, saying why, and sends nothing', async () => {
    const session = vscode();
    const before = chatRequests().length;
    for (const open of [(s: VsCodeSession) => openInWorkspace(s, '.env'), visitors.find((v) => v.name === 'user settings.json')!.open]) {
      await open(session);
      await session.workbench.press('Control+A');
      await session.workbench.runCommand('Fast Inference: Explain Selection');
      await session.page.locator('.notification-toast', { hasText: 'never sent to a model' }).first().waitFor({ timeout: 10000 });
      await session.workbench.press('Escape');
    }
    assert.equal(chatRequests().length, before, 'chat requests after Explain Selection on refused files');
  });

  it('no canary in any request, the extension’s output or any VS Code log', () => {
    const session = vscode();
    const all = requests();
    assert.ok(completionRequests().length > 0 && chatRequests().length > 0);
    const found: string[] = [];
    for (const r of all) {
      const text = `${JSON.stringify(r.body)}\n${JSON.stringify(r.headers)}`;
      for (const [name, value] of Object.entries(CANARIES)) if (text.includes(value)) found.push(`${name} in ${r.path} #${r.id}`);
      // Files are named by their path inside the workspace: no folder of this machine is sent.
      for (const folder of [session.dirs.root, home]) if (text.includes(folder)) found.push(`the path ${folder} in ${r.path} #${r.id}`);
    }
    assert.deepEqual(found, [], 'canaries and absolute paths at the endpoint');

    const logs = canariesInLogs(session, CANARIES);
    assert.deepEqual(logs.found, [], 'canaries in the logs');
    console.log(`      (${Object.keys(CANARIES).length} canaries; ${visits} visits; ${completionRequests().length} completion and ${chatRequests().length} chat requests for ${chatsAsked} questions; ${logs.files} log files)`);

    TRANSPORTS.forEach((t, i) =>
      rows.add({ order: i / 10, table: 'searched', check: `completion requests through ${t.what}`, items: `${measured(completionRequests(t).length)} requests`, found: 0 }),
    );
    rows.add({ order: 1, table: 'searched', check: 'chat requests, one with each planted file as the active editor', items: `${measured(chatRequests().length)} requests`, found: 0 });
    rows.add({ order: 1.5, table: 'searched', check: 'every request body and header, for the absolute path of the workspace or of the home folder', items: `${measured(all.length)} requests`, found: 0 });
    rows.add({ order: 2, table: 'searched', check: 'VS Code’s log folder: extension host, the Fast Inference output channel, all others', items: `${measured(logs.files)} files`, found: 0 });
    Object.keys(CANARIES).forEach((name, i) => rows.add({ order: 10 + i, table: 'planted', file: name, where: whereOf(name), found: 0 }));
  });
});
