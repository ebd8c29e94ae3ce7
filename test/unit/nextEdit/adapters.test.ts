// The next-edit adapters on the vscode stand-in, with the fake server as the
// model: an edit schedules a prediction, the hunk elsewhere is drawn as
// decorations with the context key set, Tab goes to it and takes it, Esc
// dismisses, and nothing is asked in Restricted Mode or while turned off.
import * as assert from 'node:assert/strict';
import type * as vscodeTypes from 'vscode';
import { createInferenceClient } from '../../../src/providers';
import { OwnInlineTriggers } from '../../../src/shared/inlineTriggers';
import { silentLogger } from '../../../src/shared/log';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { endpoint } from '../providers/helpers';
import { until } from '../support/until';
import { commands, EventEmitter, installVscodeStandIn, openDocument, Position, Range, recorded, resetVscode, Selection, setUserSetting, Uri, workspace, type FakeTextEditor } from '../support/vscode';

installVscodeStandIn();
const { registerNextEdits } = require('../../../src/nextEdit') as typeof import('../../../src/nextEdit');
const { SettingsStore } = require('../../../src/config/settingsStore') as typeof import('../../../src/config/settingsStore');

const AREA = ['function area(width: number, height: number): number {', '  // Both sides are clamped at zero.', '  const w = Math.max(0, width);', '  return w;', '}', ''].join('\n');
const RENAMED = AREA.replace(/width/g, 'size');

function contextKey(): boolean | undefined {
  const set = recorded.executedWith.filter((c) => c.id === 'setContext' && c.args[0] === 'fastInference.nextEditShown');
  return set.at(-1)?.args[1] as boolean | undefined;
}

/** Every decoration range drawn in the editor now. */
function drawn(editor: FakeTextEditor): { range: Range; renderOptions?: { after?: { contentText?: string } } }[] {
  return [...editor.decorations.values()].flat().filter((d): d is { range: Range } => d instanceof Range || (typeof d === 'object' && d !== null && 'range' in d)) as never;
}

/** Types `text` over the word at `offset` the way a person does: the first key replaces it. */
function typeOver(editor: FakeTextEditor, offset: number, length: number, text: string): void {
  const doc = editor.document;
  [...text].forEach((ch, i) => {
    const at = doc.positionAt(offset + i);
    doc.replace(new Range(at, i === 0 ? doc.positionAt(offset + length) : at), ch);
  });
}

describe('next edit adapters', function () {
  this.timeout(20_000);
  let server: FakeServer;
  let disposable: (vscodeTypes.Disposable & { readonly engine: { readonly streamsInFlight: number } }) | undefined;
  before(async () => {
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 20_000, tokensPerChunk: 4, response: { kind: 'text', text: `<|region_start|>\n${RENAMED}\n<|region_end|>` } });
  });
  after(() => server.close());
  afterEach(() => disposable?.dispose());

  let ownTriggers: OwnInlineTriggers;

  async function start(enabled: 'on' | 'off' = 'on'): Promise<void> {
    resetVscode();
    ownTriggers = new OwnInlineTriggers();
    server.clearLog();
    await setUserSetting('profiles', [{ id: 'fake', preset: 'custom', baseUrl: server.baseUrl }]);
    await setUserSetting('nextEdits.enabled', enabled);
    await setUserSetting('nextEdits.eagerness', 'high');
    const settings = new SettingsStore();
    const client = createInferenceClient(endpoint({ baseUrl: server.baseUrl, chatModel: 'fake-chat', completionModel: 'fake-coder' }));
    const gate = { peek: () => ({ allowed: true }), check: async () => ({ allowed: true }), onDidChange: new EventEmitter<void>().event };
    const context = { extensionUri: Uri.file('/ext'), subscriptions: [] as vscodeTypes.Disposable[] };
    disposable = registerNextEdits(context as never, {
      settings,
      endpoints: { clientFor: async () => client, observe: () => ({ dispose() {} }), onDidChange: new EventEmitter<void>().event, rateLimits: { remainingMs: () => 0 } } as never,
      gate: gate as never,
      log: silentLogger,
      ownTriggers,
    });
  }

  it('draws the hunk below as decorations, Tab goes there and Tab takes it', async () => {
    await start();
    const { editor, document } = openDocument('area.ts', AREA, { languageId: 'typescript' });
    typeOver(editor, AREA.indexOf('width'), 'width'.length, 'size');
    await until(() => contextKey() === true, "the suggestion shown");
    await until(() => drawn(editor).length > 0, 'the suggestion drawn');
    assert.equal(contextKey(), true);
    const struck = drawn(editor).find((d) => !d.renderOptions && !(d instanceof Range) && d.range.start.line === 2);
    assert.ok(struck, JSON.stringify(drawn(editor)));
    assert.equal(document.getText(struck.range), 'width');
    assert.ok(drawn(editor).some((d) => d.renderOptions?.after?.contentText === 'size'), 'the new text is drawn after it');
    assert.ok(server.requests().length >= 1);

    editor.selection = new Selection(new Position(0, 0), new Position(0, 0));
    await commands.executeCommand('fastInference.nextEdit.acceptOrJump');
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [2, AREA.split('\n')[2].indexOf('width')], 'Tab goes to the hunk');
    assert.equal(document.getText(), AREA.replace('width', 'size'), 'going there changes nothing');
    await commands.executeCommand('fastInference.nextEdit.acceptOrJump');
    assert.equal(document.getText(), RENAMED, 'Tab takes it');
    assert.equal(contextKey(), false, 'nothing left to show');
  });

  it('Esc dismisses the suggestion and keeps the file', async () => {
    await start();
    const { editor, document } = openDocument('area.ts', AREA, { languageId: 'typescript' });
    typeOver(editor, AREA.indexOf('width'), 'width'.length, 'size');
    await until(() => contextKey() === true, 'the suggestion shown');
    await commands.executeCommand('fastInference.nextEdit.dismiss');
    assert.equal(contextKey(), false);
    assert.equal(drawn(editor).length, 0);
    assert.equal(document.getText(), AREA.replace('width', 'size'));
  });

  it("a hunk at the cursor asks the editor for ghost text, marked as the extension's own trigger", async () => {
    await start();
    const { editor, document } = openDocument('area.ts', AREA, { languageId: 'typescript' });
    // Half a rename typed: the answer finishes the word at the cursor (an insertion there) and renames below.
    typeOver(editor, AREA.indexOf('width'), 'width'.length, 'si');
    // The editor's command: the user's next key arrives first, then the providers are called.
    const ownDuringTrigger: boolean[] = [];
    const finishTriggers: (() => void)[] = [];
    commands.registerCommand('editor.action.inlineSuggest.trigger', async () => {
      // (The key takes the ghost text's first letter, so the rest is asked for again, once.)
      if (ownDuringTrigger.length === 0) typeOver(editor, AREA.indexOf('width') + 2, 0, 'z');
      ownDuringTrigger.push(ownTriggers.isOwn(document as never));
      await new Promise<void>((resolve) => finishTriggers.push(resolve));
    });
    editor.selection = new Selection(document.positionAt(AREA.indexOf('width') + 2), document.positionAt(AREA.indexOf('width') + 2));
    await until(() => ownDuringTrigger.length > 0, 'the editor asked for ghost text');
    assert.ok(ownDuringTrigger.every((own) => own), 'calls made for the trigger are ours, though the document changed meanwhile');
    assert.equal(ownTriggers.isOwn(openDocument('other.ts', '').document as never), false, 'only for that document');
    for (const finish of finishTriggers) finish();
    await until(() => !ownTriggers.isOwn(document as never), 'the trigger finished');
    assert.equal(ownTriggers.isOwn(document as never), false, "once the editor's command finished, an Invoke is the user's");
  });

  it('asks nothing when turned off or in Restricted Mode', async () => {
    // A prediction is scheduled (its wait started) in the change event itself: none was, so none can go out.
    await start('off');
    const off = openDocument('area.ts', AREA, { languageId: 'typescript' });
    typeOver(off.editor, AREA.indexOf('width'), 'width'.length, 'size');
    assert.equal(disposable?.engine.streamsInFlight, 0, 'turned off');
    disposable?.dispose();
    await start();
    workspace.isTrusted = false;
    const restricted = openDocument('b.ts', AREA, { languageId: 'typescript' });
    typeOver(restricted.editor, AREA.indexOf('width'), 'width'.length, 'size');
    assert.equal(disposable?.engine.streamsInFlight, 0, 'Restricted Mode');
    workspace.isTrusted = true;
    typeOver(restricted.editor, AREA.indexOf('height') - 1, 0, ' ');
    assert.equal(disposable?.engine.streamsInFlight, 1, 'trusted again: the same edit schedules one');
  });
});
