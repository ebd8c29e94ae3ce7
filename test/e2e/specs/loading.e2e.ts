// A server still loading its model, in a real VS Code, in both ways servers show it: llama.cpp
// answers 503 "Loading model"; Ollama holds the request open and sends nothing until the model
// is in memory. Either way the status bar says "loading model…" while the user types, and the
// ghost text comes by itself once the model is loaded.
import * as assert from 'node:assert/strict';
import { customProfile, useProfile, useVsCode, waitUntil } from '../harness';
import type { VsCodeSession } from '../harness';

const CALC_PY = 'def total(values):\n    result = 0\n';
/** Long enough for any busy machine: the test ends the loading itself. */
const LOADING_MS = 600_000;

async function statusText(session: VsCodeSession): Promise<string> {
  return ((await session.workbench.statusBarItem('fastInference.status').textContent()) ?? '').trim();
}

async function typeWhileLoading(session: VsCodeSession): Promise<string> {
  await session.workbench.waitForStatusBarItem('fastInference.status');
  await session.workbench.openFile('calc.py');
  await session.workbench.cursorToEnd();
  await session.workbench.type('    for value in values:\n        result += ', { delayMs: 60 });
  return waitUntil(
    async () => {
      const text = await statusText(session);
      return /loading model/.test(text) ? text : undefined;
    },
    {
      what: 'the status bar saying the model is loading',
      timeoutMs: 20000,
      describe: async () => `${await statusText(session)}; requests ${JSON.stringify(Object.values(session.fake).flatMap((f) => f.requests().map((r) => `${r.method} ${r.path} ${r.status ?? 'held'}`)))}`,
    },
  );
}

async function ghostTextOnceLoaded(session: VsCodeSession): Promise<void> {
  const ghost = await session.workbench.waitForGhostText({ timeoutMs: 20000 });
  assert.equal(ghost, 'value');
  await waitUntil(async () => (/loading model/.test(await statusText(session)) ? undefined : true), {
    what: 'the loading state gone',
    timeoutMs: 10000,
    describe: () => statusText(session),
  });
}

describe('A server loading its model, in a real VS Code', () => {
  describe('llama.cpp: 503 "Loading model"', () => {
    const vscode = useVsCode<'llama'>({
      files: { 'calc.py': CALC_PY },
      fakeServers: { llama: { flavour: 'llamacpp', ttftMs: 20, tokensPerSecond: 2000, response: { kind: 'text', text: 'value' } } },
      settings: (fake) => useProfile(customProfile('llama', fake.llama.baseUrl, { preset: 'llamacpp' })),
    });

    it('the status bar says loading while every try is answered 503, and ghost text comes once the model is loaded', async () => {
      const session = vscode();
      session.fake.llama.configure({ loadingMs: LOADING_MS });
      const shown = await typeWhileLoading(session);
      console.log(`      status bar while loading: "${shown}"`);
      assert.ok(session.fake.llama.requests().some((r) => r.status === 503), 'the server answered 503');
      session.fake.llama.configure({ loadingMs: 0 });
      await ghostTextOnceLoaded(session);
    });
  });

  describe('Ollama: the request held while the model loads', () => {
    const vscode = useVsCode<'ollama'>({
      files: { 'calc.py': CALC_PY },
      fakeServers: { ollama: { ttftMs: 20, tokensPerSecond: 2000, response: { kind: 'text', text: 'value' } } },
      settings: (fake) => useProfile(customProfile('ollama', fake.ollama.baseUrl, { preset: 'ollama', fimTransport: 'completions-suffix' })),
    });

    it('the status bar says loading while the request waits, and ghost text comes once the model is in memory', async () => {
      const session = vscode();
      session.fake.ollama.configure({ loadOnDemandMs: LOADING_MS });
      const shown = await typeWhileLoading(session);
      console.log(`      status bar while loading: "${shown}"`);
      assert.ok(session.fake.ollama.requests().some((r) => r.path === '/api/ps'), 'the server was asked which models are in memory');
      assert.ok(!session.fake.ollama.requests().some((r) => r.status !== undefined && r.status >= 400), 'nothing failed');
      session.fake.ollama.configure({ loadOnDemandMs: 0 });
      await ghostTextOnceLoaded(session);
    });
  });
});
