// Heap growth in the real extension host: inline completions asked for hundreds of times in a
// row, through VS Code's own inline-suggestion machinery, against a fake server started in this
// host; the heap after a full collection must grow by less than 20 MB.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { measured, RowRecorder } from '../../unit/reliability/rows';

const WARM_UP = 30;
const CALLS = 300;
const HEAP_LIMIT_MB = 20;
const MB = 1024 * 1024;

let collect: (() => void) | undefined;
async function settledHeapBytes(): Promise<number> {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  for (let i = 0; i < 2; i++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

describe('reliability in the extension host', function () {
  this.timeout(180_000);
  let server: FakeServer;
  const config = () => vscode.workspace.getConfiguration('fastInference');
  // `npm run` names the package.json it ran from; the results go beside the other suites'.
  const repo = process.env.npm_package_json ? path.dirname(process.env.npm_package_json) : process.cwd();
  const rows = new RowRecorder('extension-host', path.join(repo, 'test-results', 'reliability'));

  before(async () => {
    server = await startFakeServer({ ttftMs: 2, tokensPerSecond: 20_000, tokensPerChunk: 4, response: { kind: 'text', text: 'compute(value)\n' } });
    await config().update('profiles', [{ id: 'host-fake', preset: 'custom', baseUrl: server.baseUrl, completionModel: 'fake-coder', chatModel: 'fake-chat' }], vscode.ConfigurationTarget.Global);
    await config().update('completionProfile', 'host-fake', vscode.ConfigurationTarget.Global);
    await config().update('completions.speculative', false, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const key of ['profiles', 'completionProfile', 'completions.speculative']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server.close();
  });

  it(`${CALLS} inline completions in a row grow the extension host's heap by less than ${HEAP_LIMIT_MB} MB`, async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: 'def main():\n' });
    const editor = await vscode.window.showTextDocument(document);
    let answered = 0;
    const ask = async (i: number) => {
      const end = document.lineAt(document.lineCount - 1).range.end;
      await editor.edit((b) => b.insert(end, `\n    total_${i} = `));
      const at = document.lineAt(document.lineCount - 1).range.end;
      editor.selection = new vscode.Selection(at, at);
      const before = server.requests().length;
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      const asked = await until(() => server.requests().length > before, 5000);
      const ended = await until(() => server.activeResponses() === 0, 5000);
      if (asked && ended) answered++;
    };
    for (let i = 0; i < WARM_UP; i++) await ask(i);
    assert.ok(answered > WARM_UP / 2, `only ${answered} of ${WARM_UP} calls reached the server: is the profile in use?`);
    server.clearLog();
    answered = 0;
    const heapBefore = await settledHeapBytes();
    for (let i = WARM_UP; i < WARM_UP + CALLS; i++) await ask(i);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    server.clearLog();
    const growth = ((await settledHeapBytes()) - heapBefore) / MB;
    assert.equal(answered, CALLS, `${CALLS - answered} calls got no answer`);
    assert.ok(growth < HEAP_LIMIT_MB, `the extension host's heap grew by ${growth.toFixed(1)} MB`);
    console.log(`      ${CALLS} completions through VS Code: all answered; extension host heap growth ${growth.toFixed(2)} MB`);
    rows.add({ order: 0, load: `${CALLS} inline completions triggered through VS Code in a row, in the real extension host (code-server)`, outcome: `${answered} answered`, heapGrowth: `${measured(growth.toFixed(1))} MB` });
    rows.write({ heapLimitMb: HEAP_LIMIT_MB });
  });
});
