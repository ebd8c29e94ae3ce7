// The server's own speed figure in a real VS Code: a llama.cpp profile against the fake
// server in llama.cpp mode, a completion the engine closes before the server's last event
// (the suggestion's line limit), and the status bar tooltip naming the server's figure.
// Screenshots are kept in test-results/server-speed/ whether the test passes or fails.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { customProfile, useVsCode, waitUntil } from '../harness';
import type { VsCodeSession } from '../harness';

const SHOTS = path.resolve(process.env.FI_E2E_RESULTS ?? 'test-results', 'server-speed');
const RATE = 200;
/** Forty lines: far more than the two lines a suggestion may have here, so the engine closes the stream. */
const MANY_LINES = Array.from({ length: 40 }, (_, i) => `    total += step${i}(value)\n`).join('');

async function statusText(session: VsCodeSession): Promise<string> {
  return ((await session.workbench.statusBarItem('fastInference.status').textContent()) ?? '').trim();
}

describe('The server’s own speed figure in the status bar', () => {
  const vscode = useVsCode<'llama'>({
    files: { 'calc.py': 'def total(value):\n    total = 0\n' },
    fakeServers: {
      llama: { flavour: 'llamacpp', ttftMs: 30, tokensPerSecond: RATE, response: { kind: 'text', text: MANY_LINES } },
    },
    settings: (fake) => ({
      'fastInference.profiles': [customProfile('llama', fake.llama.baseUrl, { preset: 'llamacpp' })],
      'fastInference.completionProfile': 'llama',
      'fastInference.chatProfile': 'llama',
      'fastInference.completions.speculative': false,
      'fastInference.completions.maxLines': 2,
    }),
  });

  it('shows the server’s figure for a completion the engine closed early', async () => {
    const session = vscode();
    await session.workbench.waitForStatusBarItem('fastInference.status');
    await session.workbench.openFile('calc.py');
    await session.workbench.cursorToEnd();
    session.fake.llama.clearLog();
    await session.workbench.type('    ');
    const infill = () => session.fake.llama.requests().find((r) => r.path === '/infill');
    try {
      await waitUntil(() => infill(), { what: 'an /infill request', timeoutMs: 3000 });
    } catch {
      await session.workbench.runCommand('Fast Inference: Trigger Inline Completion Now');
      await waitUntil(() => infill(), { what: 'an /infill request', timeoutMs: 10000 });
    }
    const request = await waitUntil(() => {
      const r = infill();
      return r && r.endedAt !== undefined ? r : undefined;
    }, { what: 'the /infill stream to end', timeoutMs: 20000 });
    assert.equal((request.body as { timings_per_token?: unknown }).timings_per_token, true);
    assert.equal(request.completed, false, 'the engine closed the stream before the server finished');
    assert.ok(request.tokensSent < 200, `${request.tokensSent} tokens sent before the close`);
    const idle = await waitUntil(async () => {
      const text = await statusText(session);
      return /tok\/s/.test(text) ? text : undefined;
    }, { what: 'a figure in the status bar', timeoutMs: 20000, describe: () => statusText(session) });
    console.log(`      status bar: "${idle}" (server paced at ${RATE} tok/s, stream closed after ${request.tokensSent} tokens)`);
    await session.workbench.statusBarItem('fastInference.status').hover();
    const hover = session.page.locator('.monaco-hover').filter({ hasText: 'Shown' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10000 });
    const tooltip = (await hover.textContent()) ?? '';
    await session.workbench.screenshot(path.join(SHOTS, 'tooltip-server-figure.png'));
    assert.ok(tooltip.includes('Shown: decode (server)'), `tooltip: ${tooltip}`);
    assert.ok(tooltip.includes('llama.cpp timings (predicted_n − 1)/predicted_ms'), `tooltip: ${tooltip}`);
    const rate = Number((/([\d,.]+) tok\/s/.exec(idle) ?? ['', '0'])[1].replace(/,/g, ''));
    assert.ok(Math.abs(rate - RATE) / RATE <= 0.1, `status bar ${rate} tok/s, server paced at ${RATE}`);
  });
});
