// The chat adapters on the vscode stand-in: registerChat wires the locked-down view, its
// commands and the controller; the editor tracker, the context chips, the code block actions
// (Copy, Insert, Apply through a diff, New file), the host dialogs and the provider picker
// behave as a user sees them in VS Code.
import * as assert from 'node:assert/strict';
import type * as vscodeTypes from 'vscode';
import {
  commands,
  EventEmitter,
  events,
  FakeMemento,
  FakeWebviewView,
  installVscodeStandIn,
  openDocument,
  openTab,
  Position,
  recorded,
  resetVscode,
  script,
  Selection,
  setUserSetting,
  settingsFile,
  TabInputText,
  TabInputTextDiff,
  Uri,
  window,
  workspace,
} from '../support/vscode';
import { until } from '../support/until';
import { ScriptedClient } from './fakes';

installVscodeStandIn();
const { registerChat } = require('../../../src/chat') as typeof import('../../../src/chat');
const { PromptGate } = require('../../../src/config/promptGate') as typeof import('../../../src/config/promptGate');
const { silentLogger } = require('../../../src/shared/log') as typeof import('../../../src/shared/log');
const { ApplyPreview, PROPOSED_SCHEME } = require('../../../src/chat/applyPreview') as typeof import('../../../src/chat/applyPreview');
const { CHAT_VIEW_ID } = require('../../../src/chat/chatView') as typeof import('../../../src/chat/chatView');
const { EditorActions } = require('../../../src/chat/editorActions') as typeof import('../../../src/chat/editorActions');
const { EditorContextSource } = require('../../../src/chat/editorContext') as typeof import('../../../src/chat/editorContext');
const { EditorTracker, isEditableDocument } = require('../../../src/chat/editorTracker') as typeof import('../../../src/chat/editorTracker');
const { vscodeHostUi } = require('../../../src/chat/hostUi') as typeof import('../../../src/chat/hostUi');
const { SettingsProviderSource } = require('../../../src/chat/providerSource') as typeof import('../../../src/chat/providerSource');
const { SettingsStore } = require('../../../src/config/settingsStore') as typeof import('../../../src/config/settingsStore');

const CODE = 'function add(a, b) {\n  return a - b;\n}\n';

function endpointsWith(client: ScriptedClient) {
  const changed = new EventEmitter<void>();
  return {
    changed,
    endpoints: {
      clientFor: async (id: string) => {
        if (id === 'broken') throw new Error('no key');
        return client;
      },
      onDidChange: changed.event as unknown as vscodeTypes.Event<void>,
    },
  };
}

const select = (fromLine: number, fromChar: number, toLine: number, toChar: number) => new Selection(new Position(fromLine, fromChar), new Position(toLine, toChar));

describe('chat adapters (stand-in vscode)', () => {
  let settings: InstanceType<typeof SettingsStore>;
  let disposables: { dispose(): unknown }[];

  beforeEach(() => {
    resetVscode();
    settingsFile.user.profiles = [
      { id: 'local', preset: 'custom', baseUrl: 'http://127.0.0.1:9/v1', chatModel: 'fake-chat' },
      { id: 'groq', preset: 'groq', chatModel: 'llama' },
    ];
    settingsFile.user.chatProfile = 'local';
    settings = new SettingsStore();
    disposables = [settings];
  });
  afterEach(() => disposables.forEach((d) => d.dispose()));

  describe('registerChat and the view', () => {
    function setup() {
      const client = new ScriptedClient();
      const logged: string[] = [];
      const logger = { trace() {}, debug() {}, info() {}, warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
      const context = { workspaceState: new FakeMemento(), extensionUri: Uri.file('/ext') } as unknown as vscodeTypes.ExtensionContext;
      const gate = new PromptGate(settings, logger, async (p) => p);
      const apply = { applyBlock: async () => 'applied' };
      disposables.push(gate, registerChat(context, { settings, endpoints: endpointsWith(client).endpoints, gate, logger, apply }));
      const view = new FakeWebviewView();
      recorded.viewProviders.get(CHAT_VIEW_ID)!.resolveWebviewView(view);
      const posted = (type: string) => view.webview.posted.filter((m) => (m as { type: string }).type === type);
      return { client, view, logged, posted };
    }

    it('serves a locked-down page and answers the page once it is ready', async () => {
      const { view, posted } = setup();
      const html = view.webview.html;
      const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
      assert.ok(nonce && html.includes(`<script nonce="${nonce}" src="https://webview.test/ext/dist/webview/chat.js">`));
      assert.match(html, /default-src 'none'/);
      assert.deepEqual(view.webview.options, { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: [Uri.file('/ext/dist'), Uri.file('/ext/media')] });
      assert.equal(posted('init').length, 0, 'nothing before ready');
      view.webview.received.fire({ type: 'ready' });
      await until(() => posted('init').length === 1, 'the snapshot after ready');
    });

    it('drops a malformed message with a log line and streams an answer to a prompt', async () => {
      const { view, client, logged, posted } = setup();
      view.webview.received.fire({ type: 'ready' });
      view.webview.received.fire({ type: 'send', text: 42 });
      assert.match(logged.join('\n'), /ignored a malformed message/);
      client.scripts.push({ deltas: [{ kind: 'content', text: 'Hello' }] });
      view.webview.received.fire({ type: 'send', text: 'hi' });
      await until(() => posted('messageFinished').length === 1, 'the answer to finish');
      assert.equal(client.requests.length, 1);
      // Hidden and shown again: a new page, fed by the same controller.
      view.dispose();
      const again = new FakeWebviewView();
      recorded.viewProviders.get(CHAT_VIEW_ID)!.resolveWebviewView(again);
      again.webview.received.fire({ type: 'ready' });
      await until(() => again.webview.posted.some((m) => (m as { type: string }).type === 'init'), 'the new page to get its snapshot');
    });

    it('Explain Selection sends the selection as a chip; without an editor, in Restricted Mode or for a secret file it says why not', async () => {
      const { client } = setup();
      await commands.executeCommand('fastInference.chat.explain');
      assert.match(recorded.shown.at(-1)!.message, /Select some code in an editor first/);
      openDocument('math.ts', CODE, { languageId: 'typescript', selection: select(0, 0, 3, 0) });
      await commands.executeCommand('fastInference.chat.explain');
      assert.ok(recorded.executed.includes(`${CHAT_VIEW_ID}.focus`), 'the panel was shown');
      await until(() => client.requests.length === 1, 'the Explain request');
      const sent = JSON.stringify(client.requests[0]!.req.messages);
      assert.ok(sent.includes('Explain what this code does') && sent.includes('return a - b;'), sent.slice(0, 300));
      openDocument('.env', 'KEY=1\n', { selection: select(0, 0, 0, 5) });
      await commands.executeCommand('fastInference.chat.fix');
      assert.match(recorded.shown.at(-1)!.message, /secret pattern/);
      workspace.isTrusted = false;
      await commands.executeCommand('fastInference.chat.writeTests');
      assert.match(recorded.shown.at(-1)!.message, /Restricted Mode/);
      assert.equal(client.requests.length, 1);
    });

    it('Focus Chat and New Conversation show the panel', async () => {
      setup();
      await commands.executeCommand('fastInference.chat.focus');
      await commands.executeCommand('fastInference.chat.newConversation');
      assert.equal(recorded.executed.filter((id) => id === `${CHAT_VIEW_ID}.focus`).length, 2);
    });

    it('Show Chat History shows the panel and opens its history list', async () => {
      const { view, posted } = setup();
      view.webview.received.fire({ type: 'ready' });
      await until(() => posted('init').length === 1, 'the snapshot after ready');
      await commands.executeCommand('fastInference.chat.showHistory');
      assert.ok(recorded.executed.includes(`${CHAT_VIEW_ID}.focus`), 'the panel was shown');
      await until(() => posted('showHistory').length === 1, 'the history list to be opened');
    });
  });

  describe('EditorTracker', () => {
    it('remembers the last editable editor, ignores other panes, and forgets a closed document', () => {
      const tracker = new EditorTracker();
      disposables.push(tracker);
      let changes = 0;
      tracker.onDidChange(() => changes++);
      const { editor, document } = openDocument('a.ts', 'x');
      assert.equal(tracker.editor, editor);
      openDocument('log', 'output', { scheme: 'output' });
      assert.equal(tracker.editor, editor, 'an output pane is not an editor to act on');
      events.selection.fire({ textEditor: editor, selections: [select(0, 0, 0, 1)] });
      assert.equal(changes, 2);
      // A stale editor object is re-found among the visible ones by its document.
      const fresh = { ...editor, document } as typeof editor;
      window.visibleTextEditors.splice(0, window.visibleTextEditors.length, fresh);
      assert.equal(tracker.editor, fresh);
      events.documentClosed.fire(document);
      assert.equal(tracker.editor, undefined);
      assert.equal(isEditableDocument(openDocument('u', '', { scheme: 'untitled' }).document as never), true);
      assert.equal(isEditableDocument({ uri: Uri.from({ scheme: PROPOSED_SCHEME, path: '/1/a.ts' }) } as never), false);
    });
  });

  describe('EditorContextSource', () => {
    function setup() {
      const tracker = new EditorTracker();
      // Links resolve to themselves: the stand-in's files exist only in memory.
      const gate = new PromptGate(settings, silentLogger, async (p) => p);
      const source = new EditorContextSource(tracker, settings, gate);
      disposables.push(tracker, source, gate);
      let fired = 0;
      source.onDidChange(() => fired++);
      return { source, gate, fired: () => fired };
    }

    it('offers the active editor as a chip that follows it: whole file, then the selection', async () => {
      const { source, fired } = setup();
      const { editor } = openDocument('src/math.ts', CODE, { languageId: 'typescript' });
      await until(() => source.chips().length > 0, 'the gate to allow the active file');
      assert.deepEqual(source.chips(), [{ id: 'auto', kind: 'file', label: 'math.ts', path: 'src/math.ts', languageId: 'typescript', auto: true }]);
      editor.selection = select(1, 0, 3, 0);
      events.selection.fire({ textEditor: editor, selections: [editor.selection] });
      assert.equal(source.chips()[0]!.label, 'math.ts:2-3', 'a selection ending at a line start leaves that line out');
      assert.ok(fired() >= 2);
      const [block] = await source.resolve(source.chips());
      assert.deepEqual(block, { kind: 'selection', path: 'src/math.ts', languageId: 'typescript', text: '  return a - b;\n}\n', startLine: 2, endLine: 3 });
      source.remove('auto');
      assert.deepEqual(source.chips(), [], 'dismissed until the editor or selection changes');
    });

    it('adds only files open in a tab, never secrets; lists the others; forgets them once sent', async () => {
      const { source, gate } = setup();
      const a = openDocument('a.ts', 'const a = 1;', { languageId: 'typescript', editor: false }).document;
      const secret = openDocument('.env', 'KEY=1', { editor: false }).document;
      openDocument('b.py', 'b = 2', { languageId: 'python', editor: false });
      openTab('a.ts', new TabInputText(a.uri));
      openTab('.env', new TabInputText(secret.uri));
      assert.deepEqual(await source.listOpenFiles(), [{ uri: a.uri.toString(), label: 'a.ts', description: '' }]);
      await source.add(secret.uri.toString());
      await source.add('file:///ws/b.py');
      await source.add('::not a uri::');
      assert.deepEqual(source.chips(), [], 'not open in a tab, or a secret');
      await source.add(a.uri.toString());
      assert.deepEqual(source.chips().map((c) => c.label), ['a.ts']);
      assert.deepEqual(await source.listOpenFiles(), [], 'an added file is not listed again');
      assert.equal((await gate.check(secret.uri as never)).allowed, false);
      const blocks = await source.resolve(source.chips());
      assert.equal(blocks[0]!.text, 'const a = 1;');
      source.consumed();
      assert.deepEqual(source.chips(), []);
      source.remove(`file:${a.uri.toString()}`);
    });

    it('reads nothing in Restricted Mode unless allowed, and a selection chip is resolved once', async () => {
      const { source } = setup();
      const { editor } = openDocument('m.ts', CODE, { languageId: 'typescript', selection: select(0, 0, 0, 8) });
      const chosen = await source.selectionChip(editor as never);
      assert.ok('chip' in chosen, 'a selection in a workspace file makes a chip');
      const chip = chosen.chip;
      assert.equal(chip.label, 'm.ts:1-1');
      workspace.isTrusted = false;
      assert.equal(source.restricted(), true);
      assert.deepEqual(await source.resolve([chip]), []);
      await setUserSetting('allowInRestrictedMode', true);
      assert.equal(source.restricted(), false);
      assert.equal((await source.resolve([chip]))[0]!.text, 'function');
      assert.deepEqual(await source.resolve([chip]), [], 'used once');
      assert.ok('refused' in (await source.selectionChip(openDocument('id_rsa', 'k').editor as never)), 'a secret file is refused');
    });
  });

  describe('EditorActions and ApplyPreview', () => {
    function setup() {
      const tracker = new EditorTracker();
      const preview = new ApplyPreview();
      disposables.push(tracker, preview);
      return { actions: new EditorActions(tracker, { applyBlock: (editor, code) => preview.propose(editor, code) }), preview };
    }

    it('Copy, Insert at the cursor (never over the selection), New file with the language', async () => {
      const { actions } = setup();
      assert.match((await actions.run('insert', 'x', 'ts'))!, /Open a file and place the cursor/);
      assert.equal(await actions.run('copy', 'let x;', 'ts'), 'Copied to the clipboard.');
      assert.equal(recorded.clipboard, 'let x;');
      const { document, editor } = openDocument('a.ts', 'ab\ncd\n', { selection: select(1, 1, 1, 2) });
      assert.equal(await actions.run('insert', 'X', 'ts'), 'Inserted at line 2 of a.ts.');
      assert.equal(document.getText(), 'ab\ncdX\n');
      assert.equal(editor.revealed.length, 1);
      editor.acceptsEdits = false;
      assert.match((await actions.run('insert', 'Y', 'ts'))!, /did not accept the insert/);
      assert.equal(await actions.run('newFile', 'print(1)', 'py'), undefined);
      assert.equal(recorded.shownDocuments.at(-1)!.languageId, 'python');
      await actions.run('newFile', 'x', 'klingon');
      assert.equal(recorded.shownDocuments.at(-1)!.languageId, 'plaintext');
    });

    it('Apply shows a diff and changes nothing until accepted; the whole file or the selection', async () => {
      const { actions, preview } = setup();
      assert.match((await actions.run('apply', 'x', 'ts'))!, /Open the file to change first/);
      const { document, editor } = openDocument('a.ts', CODE, { languageId: 'typescript' });
      const fixed = 'function add(a, b) {\n  return a + b;\n}';
      assert.match((await actions.run('apply', fixed, 'ts'))!, /Review the change to the whole file of a\.ts/);
      const diff = recorded.executedWith.find((c) => c.id === 'vscode.diff')!;
      const proposed = diff.args[1] as Uri;
      assert.equal(proposed.scheme, PROPOSED_SCHEME);
      assert.equal(recorded.contentProviders.get(PROPOSED_SCHEME)!.provideTextDocumentContent(proposed), `${fixed}\n`, 'the final newline is kept');
      assert.equal(document.getText(), CODE, 'nothing changed yet');
      assert.ok(preview.pending);
      await commands.executeCommand('fastInference.chat.acceptApply');
      assert.equal(document.getText(), `${fixed}\n`);
      assert.equal(preview.pending, false);
      // A selection: only it is replaced; Reject leaves the file alone.
      editor.selection = select(1, 2, 1, 15);
      await preview.propose(editor as never, 'return 0;');
      await commands.executeCommand('fastInference.chat.rejectApply');
      assert.equal(document.getText(), `${fixed}\n`);
      assert.equal(await preview.accept(), false, 'nothing to accept');
    });

    it('closing the diff rejects it; a file changed since the diff is not overwritten', async () => {
      const { preview } = setup();
      const { document, editor } = openDocument('a.ts', CODE, { languageId: 'typescript' });
      await preview.propose(editor as never, 'one');
      const proposed = recorded.executedWith.find((c) => c.id === 'vscode.diff')!.args[1] as Uri;
      const tab = openTab('a.ts ↔ Proposed Change', new TabInputTextDiff(document.uri, proposed));
      await window.tabGroups.close([tab]);
      await until(() => !preview.pending, 'the closed diff to count as rejected');
      await preview.propose(editor as never, 'two');
      document.replace(select(0, 0, 0, 8), 'const f =');
      assert.equal(await preview.accept(), false);
      assert.match(recorded.shown.at(-1)!.message, /changed after the diff was made/);
      // Answering the notification accepts the next proposal.
      script.messages.push('Accept');
      await preview.propose(editor as never, 'three');
      await until(() => document.getText() === 'three\n', 'the notification to accept');
    });
    it('a streamed proposal grows in place, asks nothing until done, then Choose Changes applies only the kept hunks', async () => {
      const { preview } = setup();
      const base = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
      const { document } = openDocument('letters.ts', base, { languageId: 'typescript' });
      await preview.show(document as never, base, { streaming: true, status: 'merging' });
      const proposed = recorded.executedWith.find((c) => c.id === 'vscode.diff')!.args[1] as Uri;
      const content = () => recorded.contentProviders.get(PROPOSED_SCHEME)!.provideTextDocumentContent(proposed);
      await preview.update('A\nb\nc\nd\ne\nf\ng\nh\ni\nj\n', 'merging');
      assert.equal(content(), 'A\nb\nc\nd\ne\nf\ng\nh\ni\nj\n', 'the diff shows the rewrite so far');
      assert.equal(recorded.shown.filter((m) => m.kind === 'info').length, 0, 'no question while it is written');
      assert.equal(await preview.chooseHunks(), false, 'nothing to choose while streaming');
      script.quickPicks.push((items) => items.filter((item) => item.label.includes('10')));
      await preview.update('A\nb\nc\nd\ne\nf\ng\nh\ni\nJ\n', 'done', true);
      assert.match(recorded.shown.at(-1)!.message, /Apply 2 changes to letters\.ts \(done\)\?/);
      assert.equal(await preview.chooseHunks(), true);
      assert.deepEqual(recorded.quickPickItems.at(-1)!.map((i) => i.picked), [true, true], 'every change starts checked');
      assert.equal(document.getText(), 'a\nb\nc\nd\ne\nf\ng\nh\ni\nJ\n', 'only the change kept in the pick list is applied');
      assert.equal(preview.pending, false);
      await preview.update('x', 'late');
      assert.equal(preview.pending, false, 'an update after the end changes nothing');
    });
  });

  describe('ApplyPreview follow-ups', () => {
    it("Refine runs the edit's follow-up once the proposal is complete, and is offered only for edits", async () => {
      const preview = new ApplyPreview();
      disposables.push(preview);
      const base = 'a\nb\nc\n';
      const { document } = openDocument('letters.ts', base, { languageId: 'typescript' });
      const refined: string[] = [];
      await preview.show(document as never, 'a\nB\nc\n', { streaming: true, status: 'editing', onRefine: async () => void refined.push(preview.proposedText!) });
      const contextSet = (key: string) => recorded.executedWith.filter((c) => c.id === 'setContext' && c.args[0] === key).at(-1)?.args[1];
      assert.equal(contextSet('fastInference.applyRefinable'), true);
      await commands.executeCommand('fastInference.apply.refine');
      assert.deepEqual(refined, [], 'not while the proposal is still written');
      assert.match(recorded.shown.at(-1)!.message, /still being written/);
      await preview.update('a\nB\nC\n', 'done', true);
      assert.deepEqual(recorded.shown.at(-1)!.items, ['Accept', 'Refine…', 'Reject'], 'one change (two lines together)');
      await commands.executeCommand('fastInference.apply.refine');
      assert.deepEqual(refined, ['a\nB\nC\n'], 'the follow-up starts from the proposal shown');
      assert.equal(preview.pending, true, 'the proposal stays until a new one replaces it');
      assert.equal(document.getText(), base);
      // A chat's Apply has no follow-up.
      await preview.show(document as never, 'x\nb\nc\n', { status: 'placed' });
      assert.equal(contextSet('fastInference.applyRefinable'), false);
      assert.deepEqual(recorded.shown.at(-1)!.items, ['Accept', 'Reject']);
      await preview.reject();
      assert.equal(preview.proposedText, undefined);
    });
  });

  describe('ConversationFiles', () => {
    it('keeps conversations as files written in call order, everything else and older copies in workspace state', async () => {
      const fs = require('node:fs') as typeof import('node:fs');
      const os = require('node:os') as typeof import('node:os');
      const path = require('node:path') as typeof import('node:path');
      const { ConversationFiles } = require('../../../src/chat/conversationFiles') as typeof import('../../../src/chat/conversationFiles');
      const { conversationKey } = require('../../../src/chat/core/store') as typeof import('../../../src/chat/core/store');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fi-conversations-'));
      try {
        const state = new FakeMemento();
        const key = conversationKey('0b6f2c1e-1111-4a4a-9c9c-123456789abc');
        await state.update(key, { title: 'from an earlier version' });
        const files = new ConversationFiles(path.join(dir, 'chats'), state);
        assert.deepEqual(files.get(key), { title: 'from an earlier version' }, 'read from state until a file exists');
        const writes = [files.update(key, { title: 'one' }), files.update(key, { title: 'two' })];
        await Promise.all(writes);
        assert.deepEqual(files.get(key), { title: 'two' }, 'the last write wins');
        assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'chats', '0b6f2c1e-1111-4a4a-9c9c-123456789abc.json'), 'utf8')), { title: 'two' });
        assert.equal(state.get(key), undefined, 'the older copy in state is dropped');
        await files.update('fastInference.draft', 'hello');
        assert.equal(state.get('fastInference.draft'), 'hello', 'other keys stay in state');
        const odd = conversationKey('../../escape');
        await files.update(odd, { title: 'odd' });
        assert.deepEqual(state.get(odd), { title: 'odd' }, 'an id that is not a plain name never becomes a path');
        await files.update(key, undefined);
        assert.equal(files.get(key), undefined);
        assert.deepEqual(fs.readdirSync(path.join(dir, 'chats')), [], 'deleting removes the file');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('vscodeHostUi', () => {
    it('runs the host actions, opens links through VS Code, asks for a title and confirms deletes', async () => {
      for (const action of ['set-key', 'open-settings', 'show-log'] as const) await vscodeHostUi.run(action);
      assert.deepEqual(recorded.executed, ['fastInference.setApiKey', 'workbench.action.openSettings', 'fastInference.showLog']);
      await vscodeHostUi.openExternal('https://example.com/docs');
      assert.deepEqual(recorded.openedExternally, ['https://example.com/docs']);
      script.inputs.push('Renamed');
      assert.equal(await vscodeHostUi.askTitle('Old'), 'Renamed');
      assert.equal(recorded.inputBoxes[0]!.value, 'Old');
      script.messages.push('Delete', undefined);
      assert.equal(await vscodeHostUi.confirmDelete('Chat'), true);
      assert.equal(await vscodeHostUi.confirmDelete('Chat'), false);
    });
  });

  describe('SettingsProviderSource', () => {
    it('lists profiles with their labels and the model in use, and writes the choices to user settings', async () => {
      const client = new ScriptedClient();
      const { endpoints, changed } = endpointsWith(client);
      const source = new SettingsProviderSource(settings, endpoints);
      disposables.push(source);
      let fired = 0;
      const unsubscribe = source.onDidChange(() => fired++);
      // local is a Custom profile: its preset names no chat model, so the server may pick one.
      assert.deepEqual(await source.state(), {
        profiles: [{ id: 'local', label: 'local' }, { id: 'groq', label: 'Groq' }],
        profileId: 'local',
        model: 'fake-chat',
        serverDefault: {},
      });
      assert.equal(await source.clientFor('local'), client);
      await source.selectProfile('nope');
      assert.equal(settingsFile.user.chatProfile, 'local');
      await source.selectProfile('groq');
      assert.equal(settingsFile.user.chatProfile, 'groq');
      await source.selectModel('groq', 'llama-big');
      assert.equal((settingsFile.user.profiles as { chatModel?: string }[])[1]!.chatModel, 'llama-big');
      await source.selectModel('nope', 'x');
      // An empty model hands the choice back to the server: the field goes, the rest stays.
      await source.selectModel('local', '');
      const local = (settingsFile.user.profiles as Record<string, unknown>[])[0]!;
      assert.equal('chatModel' in local, false);
      assert.equal(local.id, 'local');
      changed.fire();
      assert.ok(fired >= 3, `${fired} change events`);
      unsubscribe.dispose();
      // A profile whose client cannot be built still shows, with its configured model.
      settingsFile.user.profiles = [{ id: 'broken', preset: 'groq', chatModel: 'm1' }];
      await setUserSetting('chatProfile', 'broken');
      assert.deepEqual(await source.state(), { profiles: [{ id: 'broken', label: 'broken' }], profileId: 'broken', model: 'm1' });
    });
  });
});
