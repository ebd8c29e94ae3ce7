// The completion adapters on the vscode stand-in: the provider turns documents and cursors into
// the engine's inputs and its answers into inline items, the controller decides which documents
// may get completions (toggle, snooze, Restricted Mode, excluded files) and keeps or rebuilds the
// engine when the endpoint changes, the editor events feed the engine and the snippet ring, and
// the commands toggle, snooze and trigger.
import * as assert from 'node:assert/strict';
import type * as vscodeTypes from 'vscode';
import type { InferenceClient } from '../../../src/providers';
import type { EndpointConfig, FimRequest, GenerationStream, StreamDelta, StreamOutcome } from '../../../src/providers/types';
import { silentLogger } from '../../../src/shared/log';
import {
  commands,
  EndOfLine,
  EventEmitter,
  events,
  FakeMemento,
  InlineCompletionTriggerKind,
  installVscodeStandIn,
  openDocument,
  Position,
  Range,
  recorded,
  resetVscode,
  script,
  Selection,
  setUserSetting,
  settingsFile,
  workspace,
  type FakeTextDocument,
} from '../support/vscode';
import { until } from '../support/until';

installVscodeStandIn();
const { registerInlineCompletions, engineInput, FastInferenceCompletionProvider } = require('../../../src/completion/provider') as typeof import('../../../src/completion/provider');
const { SettingsStore } = require('../../../src/config/settingsStore') as typeof import('../../../src/config/settingsStore');
const { PromptGate } = require('../../../src/config/promptGate') as typeof import('../../../src/config/promptGate');

/** A client whose every FIM request answers `answer` at once, recording the requests. */
function answeringClient(answer: string, endpoint: Partial<EndpointConfig> = {}) {
  const requests: FimRequest[] = [];
  const client = {
    endpoint: { profileId: 'local', providerName: 'Local', baseUrl: 'http://127.0.0.1:9/v1', completionModel: 'coder', chatModel: 'chat', completionMaxTokens: 64, ...endpoint } as EndpointConfig,
    streamFim(req: FimRequest, signal: AbortSignal): GenerationStream {
      requests.push(req);
      let text = '';
      async function* deltas(): AsyncGenerator<StreamDelta> {
        if (signal.aborted) return;
        text = answer;
        yield { kind: 'content', text: answer };
      }
      const iterator = deltas();
      const outcome = (async (): Promise<StreamOutcome> => {
        for (;;) if (text === answer || signal.aborted) break; else await new Promise((r) => setImmediate(r));
        return { text, reasoning: '', finishReason: 'stop', aborted: signal.aborted, sample: {} as StreamOutcome['sample'] };
      })();
      return Object.assign(iterator, { outcome });
    },
    streamChat: () => {
      throw new Error('no chat here');
    },
    listModels: async () => [],
  };
  return { client: client as unknown as InferenceClient, requests };
}

function endpointsFor(initial: InferenceClient) {
  const changed = new EventEmitter<void>();
  const state = { client: initial as InferenceClient | Error };
  return {
    state,
    changed,
    endpoints: {
      completionClient: async () => {
        if (state.client instanceof Error) throw state.client;
        return state.client;
      },
      onDidChange: changed.event as unknown as vscodeTypes.Event<void>,
      rateLimits: { remainingMs: () => 0 },
    },
  };
}

/** The controller's engine, read for identity checks only (the extension reaches it through the controller's methods). */
const engineOf = (completions: object) => (completions as { engine?: unknown }).engine;

const token = (cancelled = false) => ({ isCancellationRequested: cancelled, onCancellationRequested: () => ({ dispose() {} }) });
const invoke: { triggerKind: number } = { triggerKind: InlineCompletionTriggerKind.Invoke };
const automatic: { triggerKind: number } = { triggerKind: InlineCompletionTriggerKind.Automatic };

describe('completion adapters (stand-in vscode)', () => {
  let subscriptions: { dispose(): unknown }[];
  let settings: InstanceType<typeof SettingsStore>;
  const logged: string[] = [];

  beforeEach(() => {
    resetVscode();
    logged.length = 0;
    settingsFile.user['completions.speculative'] = false;
    subscriptions = [];
    settings = new SettingsStore();
  });
  afterEach(() => {
    subscriptions.forEach((d) => d.dispose());
    settings.dispose();
  });

  function register(client: InferenceClient) {
    const ends = endpointsFor(client);
    const context = { subscriptions, globalState: new FakeMemento() } as unknown as vscodeTypes.ExtensionContext;
    const log = { ...silentLogger, warn: (m: string) => logged.push(m) };
    // Links resolve to themselves: the stand-in's files exist only in memory.
    const gate = new PromptGate(settings, log, async (p) => p);
    subscriptions.push(gate);
    const completions = registerInlineCompletions(context, { settings, endpoints: ends.endpoints, log, gate });
    assert.equal(subscriptions.length, 1, 'registerInlineCompletions pushes nothing itself: the caller owns what it returns');
    subscriptions.push(completions);
    const provider = recorded.inlineProviders[0]!.provider as InstanceType<typeof FastInferenceCompletionProvider>;
    return { completions, provider, ...ends };
  }

  const provide = (provider: InstanceType<typeof FastInferenceCompletionProvider>, document: FakeTextDocument, position: Position, context = invoke, cancelled = false) =>
    provider.provideInlineCompletionItems(document as never, position as never, context as never, token(cancelled) as never);

  it('registers for every file and answers a manual trigger with an item ranged at the cursor', async () => {
    const { client, requests } = answeringClient('a + b;');
    const { provider, completions } = register(client);
    assert.deepEqual(recorded.inlineProviders[0]!.selector, { pattern: '**' });
    for (const id of ['fastInference.toggleCompletions', 'fastInference.snoozeCompletions', 'fastInference.triggerCompletion']) assert.ok(commands.isRegistered(id), id);
    const { document } = openDocument('src/add.ts', 'function add(a, b) {\n  return \n}\n', { languageId: 'typescript' });
    const list = await provide(provider, document, new Position(1, 9));
    assert.equal(list?.items[0]?.insertText, 'a + b;');
    const range = list?.items[0]?.range as unknown as { start: Position; end: Position };
    assert.deepEqual([range.start.line, range.start.character, range.end.character], [1, 9, 9]);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.prefix, 'function add(a, b) {\n  return ');
    assert.ok(engineOf(completions), 'the engine was built from the client');
  });

  it('engineInput: a CRLF document is seen with \\n line breaks, offsets on that scale', () => {
    const { document } = openDocument('win.py', 'a = 1\r\nb = 2\r\nc', { languageId: 'python', eol: EndOfLine.CRLF, editor: false });
    const at = new Position(1, 3);
    const input = engineInput(document as never, at as never, 'manual');
    assert.equal(input.prefix, 'a = 1\nb =');
    assert.equal(input.suffix, ' 2\nc');
    assert.equal(input.offset, 9);
    assert.equal(input.filePath, 'win.py');
    assert.equal(input.languageId, 'python');
  });

  it('gives nothing to output panes, secret files, a cancelled call, or automatic calls while off', async () => {
    const { client, requests } = answeringClient('x');
    const { provider } = register(client);
    const output = openDocument('log', 'text', { scheme: 'output' }).document;
    assert.equal(await provide(provider, output, new Position(0, 4)), undefined);
    const secret = openDocument('.env', 'KEY=', { languageId: 'dotenv' }).document;
    assert.equal(await provide(provider, secret, new Position(0, 4)), undefined);
    const code = openDocument('a.ts', 'let a = ', { languageId: 'typescript' }).document;
    assert.equal(await provide(provider, code, new Position(0, 8), invoke, true), undefined);
    await setUserSetting('completions.enabled', false);
    assert.equal(await provide(provider, code, new Position(0, 8), automatic), undefined);
    assert.equal(requests.length, 0, 'nothing was asked');
    // A manual trigger overrides the toggle.
    assert.equal((await provide(provider, code, new Position(0, 8)))?.items[0]?.insertText, 'x');
  });

  it("an Invoke call the extension ran itself (a next edit's ghost text) is not the user asking", async () => {
    const { client, requests } = answeringClient('x');
    const { provider, completions } = register(client);
    const { document } = openDocument('a.ts', 'let a = ', { languageId: 'typescript' });
    await setUserSetting('completions.enabled', false);
    const during = await completions.ownTriggers.run(document, async () => {
      // The user's next key can reach the editor before the providers are called: still ours.
      document.replace(new Range(new Position(0, 8), new Position(0, 8)), '1');
      return provide(provider, document, new Position(0, 9));
    });
    assert.equal(during, undefined, 'completions are off, and nobody asked for one');
    assert.equal(requests.length, 0);
    // Once the trigger finished, an Invoke call is the user's again and overrides the toggle.
    assert.equal((await provide(provider, document, new Position(0, 9)))?.items[0]?.insertText, 'x');
    assert.equal(requests.length, 1);
  });

  it('Restricted Mode blocks completions until the workspace is trusted, unless allowed', async () => {
    workspace.isTrusted = false;
    const { client } = answeringClient('x');
    const { provider, completions } = register(client);
    const code = openDocument('a.ts', 'let a = ', { languageId: 'typescript' }).document;
    assert.equal(completions.state.blockedReason, 'Restricted Mode');
    assert.equal(completions.status.state, 'disabled');
    assert.equal(await provide(provider, code, new Position(0, 8)), undefined);
    const states: string[] = [];
    subscriptions.push(completions.onDidChange((s) => states.push(s.state)));
    await setUserSetting('allowInRestrictedMode', true);
    assert.equal(completions.state.blockedReason, null, 'allowed by the setting');
    await setUserSetting('allowInRestrictedMode', false);
    assert.equal(completions.state.blockedReason, 'Restricted Mode');
    workspace.isTrusted = true;
    events.trustGranted.fire();
    assert.equal(completions.state.blockedReason, null);
    assert.deepEqual(states, ['ready', 'disabled', 'ready']);
    assert.equal(completions.allows(code as never, false), true);
  });

  it('excluded globs and disabled languages: never offered, and the snippet ring forgets on change', async () => {
    const { client } = answeringClient('x');
    const { completions } = register(client);
    await completions.engineReady();
    openDocument('notes/a.md', 'alpha\nbeta\n', { languageId: 'markdown' });
    openDocument('src/b.ts', 'const b = 1;\n', { languageId: 'typescript' });
    await until(() => completions.ring.size > 0, 'visited files to feed the ring once the gate allows them');
    const md = openDocument('notes/c.md', 'x', { languageId: 'markdown', editor: false }).document;
    assert.equal(completions.allows(md as never, true), true);
    await setUserSetting('completions.disabledLanguages', ['markdown']);
    assert.equal(completions.allows(md as never, true), false, 'a disabled language gets no completion, even asked for');
    assert.equal(completions.ring.size, 0, 'snippets taken before the change are dropped');
    assert.equal((await completions.gate.check(openDocument('src/kept.ts', '', { editor: false }).document.uri as never)).allowed, true);
    await setUserSetting('completions.excludeGlobs', ['**/generated/**']);
    assert.equal((await completions.gate.check(openDocument('generated/x.ts', '', { editor: false }).document.uri as never)).allowed, false);
    assert.equal((await completions.gate.check(openDocument('id_rsa', '', { editor: false }).document.uri as never)).allowed, false, 'the secret patterns apply even when the setting replaces the globs');
  });

  it('editor events: changes, cursor moves, editor switches, saves and closes reach the engine and the ring', async () => {
    const { client } = answeringClient('x');
    const { completions } = register(client);
    const engine = (await completions.engineReady())!;
    const seen: string[] = [];
    engine.noteCursor = (key, offset) => void seen.push(`cursor ${key} ${offset}`);
    engine.noteActiveDocument = (key) => void seen.push(`active ${key}`);
    engine.forgetDocument = (key) => void seen.push(`forget ${key}`);
    engine.noteDocumentChange = (key, version) => void seen.push(`change ${key} v${version}`);
    const { document, editor } = openDocument('a.ts', 'let a = 1;\nlet b = 2;\n', { languageId: 'typescript' });
    const key = document.uri.toString();
    document.replace(new Selection(new Position(1, 9), new Position(1, 9)), '0');
    events.selection.fire({ textEditor: editor, selections: [new Selection(new Position(1, 4), new Position(1, 4))] });
    await completions.gate.check(document.uri as never); // what a.ts brought to the ring when it was opened is in by now
    const ringBefore = completions.ring.size;
    openDocument('b.ts', 'let c = 3;\n', { languageId: 'typescript' });
    await until(() => completions.ring.size > ringBefore, 'leaving a.ts to add its edited lines to the ring');
    events.documentSaved.fire(document);
    events.documentClosed.fire(document);
    assert.deepEqual(seen.filter((s) => s.includes(key)), [`active ${key}`, `change ${key} v2`, `cursor ${key} 15`, `forget ${key}`]);
  });

  it('commands: Toggle writes the setting, Snooze pauses and resumes, Trigger Now asks VS Code for an invoked completion', async () => {
    const { client } = answeringClient('x');
    const { completions } = register(client);
    await commands.executeCommand('fastInference.toggleCompletions');
    assert.equal(settingsFile.user['completions.enabled'], false);
    assert.equal(completions.state.enabled, false);
    await commands.executeCommand('fastInference.toggleCompletions');
    assert.equal(settingsFile.user['completions.enabled'], true);
    await commands.executeCommand('fastInference.snoozeCompletions', 15);
    assert.ok(completions.isSnoozed());
    assert.equal(completions.status.state, 'snoozed');
    script.quickPicks.push((items) => items.find((i) => i.label.includes('Resume now')));
    await commands.executeCommand('fastInference.snoozeCompletions');
    assert.equal(completions.isSnoozed(), false);
    assert.ok(recorded.quickPickItems[0]!.some((i) => i.label.includes('5 minutes')));
    // Toggle while snoozed ends the snooze and keeps completions on.
    await commands.executeCommand('fastInference.snoozeCompletions', 5);
    await commands.executeCommand('fastInference.toggleCompletions');
    assert.equal(completions.isSnoozed(), false);
    assert.equal(settingsFile.user['completions.enabled'], true);
    await commands.executeCommand('fastInference.triggerCompletion');
    // VS Code's trigger asks the provider with the Invoke kind, which the provider takes as manual (tested above).
    assert.ok(recorded.executed.includes('editor.action.inlineSuggest.trigger'));
  });

  it('keeps the engine for the same endpoint, builds a new one for another, and reports a missing one', async () => {
    const first = answeringClient('x');
    const { completions, state, changed } = register(first.client);
    const engine = await completions.engineReady();
    state.client = answeringClient('y').client; // same endpoint, new client (a new key)
    changed.fire();
    await until(() => engineOf(completions) === engine, 'the engine kept');
    state.client = answeringClient('z', { completionModel: 'other' }).client;
    changed.fire();
    const rebuilt = await until(() => (engineOf(completions) !== engine ? engineOf(completions) : undefined), 'a new engine for another model');
    assert.notEqual(rebuilt, engine);
    state.client = new Error('no profile "gone"');
    changed.fire();
    await until(() => engineOf(completions) === undefined, 'the engine dropped');
    assert.match(completions.state.lastError?.message ?? '', /no profile "gone"/);
    assert.equal(completions.status.state, 'error');
    assert.match(logged.join('\n'), /Inline completions have no endpoint/);
    // The provider builds it again on the next call.
    state.client = first.client;
    assert.ok(await completions.engineReady());
  });

  it('a provider built by hand answers like the registered one', async () => {
    const { client } = answeringClient('42;');
    const { completions } = register(client);
    const provider = new FastInferenceCompletionProvider(completions);
    const code = openDocument('n.ts', 'const n = ', { languageId: 'typescript' }).document;
    assert.equal((await provide(provider, code, new Position(0, 10)))?.items[0]?.insertText, '42;');
  });
});
