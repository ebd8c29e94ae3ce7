// The real chat webview bundle in headless Chromium, under the same HTML and
// Content-Security-Policy the extension serves, with `acquireVsCodeApi`
// provided by the page and the host's messages delivered with postMessage as
// VS Code does. Frame times and the moment the answer's last word is in the
// DOM are recorded in the page.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { chatHtml } from '../../src/chat/core/html';
import { createNonce } from '../../src/shared/nonce';
import type { HostMessage } from '../../src/shared/chatProtocol';

export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CHROMIUM = process.env.FI_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');

/** Runs in the page before the bundle: the VS Code API stand-in and the frame/marker probes. */
const PROBES = `
(() => {
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__toHost(JSON.parse(JSON.stringify(m))),
    getState: () => state,
    setState: (s) => { state = s; },
  });
  const frames = [];
  window.__bench = { frames, marker: null, markerAt: null };
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((t) => {
    const start = performance.now();
    cb(t);
    const end = performance.now();
    frames.push(end - start);
    const b = window.__bench;
    if (b.marker && b.markerAt === null) {
      const tails = document.querySelectorAll('.message.assistant .md-tail');
      const tail = tails[tails.length - 1];
      if (tail && tail.textContent.includes(b.marker)) b.markerAt = performance.timeOrigin + end;
    }
  });
})();`;

export interface WebviewPage {
  page: Page;
  cdp: CDPSession;
  post(message: HostMessage): void;
  close(): Promise<void>;
}

/** Serves the page and the bundle from one local origin, which the CSP names as the webview source. */
async function serve(): Promise<{ server: http.Server; origin: string; setHtml(html: string): void }> {
  let html = '';
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const file = path.join(ROOT, 'dist', 'webview', path.basename(url));
    if (!url.startsWith('/dist/webview/') || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'font/ttf';
    res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, setHtml: (value) => (html = value) };
}

export async function openWebview(onMessage: (raw: unknown) => void): Promise<WebviewPage> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'webview', 'chat.js'))) throw new Error('dist/webview/chat.js is missing: run `node esbuild.js` first');
  const { server, origin, setHtml } = await serve();
  setHtml(chatHtml({ cspSource: origin, nonce: createNonce(), scriptUri: `${origin}/dist/webview/chat.js`, styleUri: `${origin}/dist/webview/chat.css` }));

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy|Trusted Type/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(e.message));
  await page.exposeFunction('__toHost', (raw: unknown) => onMessage(raw));
  await page.addInitScript({ content: PROBES });
  await page.goto(`${origin}/`);
  await page.waitForSelector('textarea.prompt-input');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    page,
    cdp,
    post(message) {
      // Not awaited, like webview.postMessage: calls reach the page in order.
      page.evaluate((m) => window.postMessage(m, '*'), message as unknown).catch(() => undefined);
    },
    async close() {
      if (violations.length > 0) console.warn(`page reported: ${violations.slice(0, 3).join(' | ')}`);
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
