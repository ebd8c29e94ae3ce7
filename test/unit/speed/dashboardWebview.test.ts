// The dashboard's browser bundle in headless Chromium, outside VS Code: it asks for its
// state, draws every chart with uPlot under a strict CSP, follows a theme switch, and sends
// only well-formed requests. Screenshots go to test-results/dashboard-webview/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CompareResult } from '../../../src/speed/core/compare';
import { summarizeComparison } from '../../../src/speed/core/compare';
import { parseDashboardRequest, type DashboardUpdate } from '../../../src/shared/dashboardProtocol';
import { until } from '../support/until';
import { sample } from './fakes';

const CHROMIUM = process.env.FI_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '../../..');
const OUT = path.join(ROOT, 'test-results', 'dashboard-webview');

const DARK = {
  '--vscode-foreground': '#cccccc',
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-orange': '#d18616',
  '--vscode-button-background': '#0e639c',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-font-family': 'sans-serif',
  '--vscode-font-size': '13px',
};
const LIGHT = { ...DARK, '--vscode-foreground': '#333333', '--vscode-editor-background': '#ffffff', '--vscode-charts-blue': '#1a85ff' };


async function bundle(): Promise<{ js: string; css: string }> {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/webview/dashboard/main.ts')],
    bundle: true,
    write: false,
    outdir: '/virtual',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    logLevel: 'silent',
  });
  const text = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: text('.js'), css: text('.css') + fs.readFileSync(path.join(ROOT, 'media/dashboard.css'), 'utf8') };
}

function history(): DashboardUpdate {
  const samples = [];
  const t0 = Date.UTC(2025, 4, 1, 9);
  for (let i = 0; i < 30; i++) {
    samples.push(sample({ profileId: 'groq', providerName: 'Groq', model: 'llama-3.1-8b-instant', startedAt: t0 + i * 60_000, ttftMs: 90 + (i % 7) * 12, tokensPerSecond: 600 + (i % 5) * 30 }));
    samples.push(sample({ profileId: 'local', providerName: 'llama.cpp', model: 'qwen2.5-coder-7b', startedAt: t0 + i * 60_000 + 20_000, ttftMs: 250 + (i % 4) * 40, tokensPerSecond: 70 + (i % 3) * 8 }));
  }
  return { type: 'history', samples, limit: 2000 };
}

function comparison(): CompareResult {
  const samples = [
    sample({ profileId: 'groq', providerName: 'Groq', kind: 'completion', tokensPerSecond: 640, ttftMs: 95 }),
    sample({ profileId: 'groq', providerName: 'Groq', kind: 'chat', tokensPerSecond: 700, ttftMs: 120 }),
    sample({ profileId: 'local', providerName: 'llama.cpp', kind: 'completion', tokensPerSecond: 80, ttftMs: 240 }),
    sample({ profileId: 'local', providerName: 'llama.cpp', kind: 'chat', tokensPerSecond: 75, ttftMs: 300 }),
  ];
  const targets = [
    { profileId: 'groq', providerName: 'Groq' },
    { profileId: 'local', providerName: 'llama.cpp' },
  ];
  return { startedAt: 0, finishedAt: 1, runsPerProvider: 1, cancelled: false, samples, failures: [], rows: summarizeComparison(targets, ['completion', 'chat'], samples, []) };
}

describe('dashboard webview in Chromium', function () {
  this.timeout(60000);
  let browser: Browser | undefined;
  let page: Page;
  const sent: unknown[] = [];

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`      skipped: no Chromium at ${CHROMIUM} (set FI_CHROMIUM)`);
      this.skip();
    }
    const { js, css } = await bundle();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.exposeFunction('__fromWebview', (m: unknown) => sent.push(m));
    await page.route('http://dashboard.test/**', (route) => {
      const url = route.request().url();
      if (url.endsWith('/dashboard.js')) return route.fulfill({ contentType: 'text/javascript', body: js });
      if (url.endsWith('/dashboard.css')) return route.fulfill({ contentType: 'text/css', body: css });
      // The same CSP as the panel: scripts only by nonce, styles only from the resource origin.
      return route.fulfill({
        contentType: 'text/html',
        body: `<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src http://dashboard.test; img-src http://dashboard.test data:; script-src 'nonce-abc'">
<link rel="stylesheet" href="http://dashboard.test/dashboard.css"></head>
<body class="vscode-dark"><main id="app"></main>
<script nonce="abc">
// VS Code sets the theme variables through the CSSOM, which the CSP allows; so does this page.
for (const [k, v] of Object.entries(${JSON.stringify(DARK)})) document.documentElement.style.setProperty(k, v);
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__fromWebview(m) });
</script>
<script nonce="abc" src="http://dashboard.test/dashboard.js"></script></body></html>`,
      });
    });
    await page.goto('http://dashboard.test/index.html');
    await page.waitForFunction(() => document.getElementById('app') !== null);
    assert.deepEqual(errors, []);
  });

  after(async () => {
    await browser?.close();
  });

  const post = (m: DashboardUpdate) => page.evaluate((msg) => window.postMessage(msg, '*'), m);

  it('says ready first, then draws the history charts and the summary table', async () => {
    await until(() => sent.length > 0, 'the webview sent nothing');
    assert.deepEqual(sent[0], { type: 'ready' });
    await post(history());
    await until(() => sent.some((m) => (m as { type: string }).type === 'rendered'), 'no rendered message');
    assert.deepEqual(sent.filter((m) => (m as { type: string }).type === 'rendered').at(-1), { type: 'rendered', charts: 4 });
    assert.equal(await page.locator('.uplot canvas').count(), 4);
    const rows = await page.locator('table.summary tbody tr').allTextContents();
    assert.equal(rows.length, 2);
    assert.match(rows.join('\n'), /Groq.*llama-3\.1-8b-instant.*30/);
    // The status bar's pooled figure, with what it is made from.
    assert.match(rows.join('\n'), /[\d,]+ tok\/s \((client|server)\)/);
    // Something was painted: the canvas is not blank.
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('#chart-rate-time canvas')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let opaque = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) opaque++;
      return opaque;
    });
    assert.ok(painted > 500, `only ${painted} painted pixels`);
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'history-dark.png'), fullPage: true });
  });

  it('adds live samples and draws Compare Providers bars', async () => {
    const before = sent.length;
    await post({ type: 'sample', sample: sample({ profileId: 'cerebras', providerName: 'Cerebras', model: 'qwen-3-32b', startedAt: Date.UTC(2025, 4, 1, 9, 31), ttftMs: 40, tokensPerSecond: 1900 }) });
    await post({ type: 'compareResult', result: comparison() });
    await until(() => sent.slice(before).some((m) => (m as { type: string; charts?: number }).charts === 6), 'no render with six charts');
    assert.equal(await page.locator('table.summary tbody tr').count(), 3 + 4);
    assert.match((await page.locator('#compare').textContent()) ?? '', /Groq.*completion/);
    await page.screenshot({ path: path.join(OUT, 'compare-dark.png'), fullPage: true });
  });

  it('redraws in the new colours when the theme changes', async () => {
    const pixels = () => page.evaluate(() => document.querySelector<HTMLCanvasElement>('#chart-rate-time canvas')!.toDataURL());
    const dark = await pixels();
    const before = sent.length;
    await page.evaluate((vars) => {
      document.body.className = 'vscode-light';
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    }, LIGHT);
    await until(() => sent.slice(before).some((m) => (m as { type: string }).type === 'rendered'), 'no redraw after the theme change');
    assert.equal(await page.locator('.uplot canvas').count(), 6);
    assert.notEqual(await pixels(), dark, 'the chart looks the same in the light theme');
    await page.screenshot({ path: path.join(OUT, 'history-light.png'), fullPage: true });
  });

  it('sends only requests the host accepts', async () => {
    await page.getByRole('button', { name: 'Export CSV' }).first().click();
    await page.getByRole('button', { name: 'Clear History' }).click();
    await until(() => sent.some((m) => (m as { type: string }).type === 'clearHistory'), 'no clearHistory');
    for (const m of sent) assert.ok(parseDashboardRequest(m), `rejected: ${JSON.stringify(m)}`);
    assert.ok(sent.some((m) => JSON.stringify(m) === JSON.stringify({ type: 'export', what: 'history', format: 'csv' })));
  });
});
