// Hostile model output in the real chat panel (VS Code in Chromium): the fake server answers
// with each payload of the corpus. Nothing the model writes may run script, load anything
// (the payloads point at a local server that counts requests, and Chromium's own network log
// is watched), or open a link without VS Code asking first.
import * as assert from 'node:assert/strict';
import type { Frame, Request } from 'playwright-core';
import { customProfile, useProfile, useVsCode, waitUntil, type VsCodeSession } from '../harness';
import { ask, openChat } from '../fixtures/hostile/chatPanel';
import { startExfilServer, type ExfilServer } from '../fixtures/hostile/exfilServer';
import { HOSTILE_PAYLOADS } from '../fixtures/hostile/payloads';
import { RowRecorder } from '../../unit/reliability/rows';

/** Cannot resolve (RFC 2606), so a click that VS Code lets through reaches nobody. */
const REMOTE = 'http://exfil.invalid';
/** Elements and attributes that must never survive into the rendered answer. */
const FORBIDDEN_TAGS = ['script', 'img', 'svg', 'math', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'style', 'link', 'meta', 'base', 'video', 'audio', 'source'];
const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'formaction', 'ping', 'poster', 'background', 'style', 'xlink:href', 'srcdoc'];

describe('Security: hostile model output in the chat panel', () => {
  const vscode = useVsCode({
    fakeServers: { main: { ttftMs: 20, tokensPerSecond: 2000, response: { kind: 'text', text: 'ready' } } },
    settings: (fake) => useProfile(customProfile('fake', fake.main.baseUrl)),
  });
  let exfil: ExfilServer;
  const network: string[] = [];
  const popups: string[] = [];
  const rows = new RowRecorder('webview');
  let frame: Frame;

  before(async () => {
    exfil = await startExfilServer();
  });
  after(async () => {
    await exfil.close();
    rows.write({ payloads: HOSTILE_PAYLOADS.length });
  });

  const fill = (text: string) => text.replaceAll('{EXFIL}', exfil.url).replaceAll('{REMOTE}', REMOTE);
  const exfilRequests = () => network.filter((u) => u.includes(exfil.host) || u.includes('exfil.invalid'));

  /** Globals a payload would have set, in every frame of the page (the webview's nested frames included). */
  async function pwnedGlobals(session: VsCodeSession): Promise<string[]> {
    const found: string[] = [];
    for (const f of session.page.frames()) {
      const keys = await f.evaluate(() => Object.keys(globalThis).filter((k) => k.startsWith('__pwned'))).catch(() => []);
      found.push(...keys.map((k) => `${k} in ${f.url().slice(0, 60)}`));
    }
    return found;
  }

  /** The chat page counts Content-Security-Policy violations: any means something tried to load or run. */
  async function watchCsp(f: Frame): Promise<void> {
    await f.evaluate(() => {
      const w = window as unknown as { __cspViolations?: string[] };
      if (w.__cspViolations) return;
      w.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  }

  it('opens the chat panel and starts watching the network', async () => {
    const session = vscode();
    session.browser.on('request', (r: Request) => void network.push(r.url()));
    session.browser.on('page', (p) => void popups.push(p.url()));
    frame = await openChat(session);
    await watchCsp(frame);
    await ask(frame, 'hello');
  });

  for (const payload of HOSTILE_PAYLOADS) {
    it(`renders "${payload.id}" (${payload.attack}) inert`, async () => {
      const session = vscode();
      const exfilBefore = exfil.requests.length;
      const networkBefore = exfilRequests().length;
      await watchCsp(frame);
      session.fake.main.configure({ response: { kind: 'text', text: fill(payload.markdown) } });
      await ask(frame, `payload ${payload.id}`);
      // Whatever the answer made the page load has loaded or failed, and the page has painted since.
      await pageSettled(frame);

      const dom = await renderedAnswer(frame);
      assert.deepEqual(dom.forbiddenTags, [], `${payload.id}: forbidden elements rendered`);
      assert.deepEqual(dom.badAttributes, [], `${payload.id}: handler or URL attributes rendered`);
      for (const href of dom.linkTargets) assert.match(href, /^https?:\/\//, `${payload.id}: a link to ${href}`);

      const clicks = await clickEveryLink(session, frame, dom.linkTargets);
      await pageSettled(frame);
      assert.deepEqual(await pwnedGlobals(session), [], `${payload.id}: script ran`);
      assert.deepEqual(exfil.requests.slice(exfilBefore), [], `${payload.id}: the local server was called`);
      assert.deepEqual(exfilRequests().slice(networkBefore), [], `${payload.id}: Chromium requested a payload URL`);
      assert.deepEqual(popups, [], `${payload.id}: a page opened`);
      const csp = await frame.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
      assert.deepEqual(csp, [], `${payload.id}: the page tried something its policy blocked`);

      rows.add({
        order: HOSTILE_PAYLOADS.indexOf(payload),
        payload: payload.id,
        attack: payload.attack,
        rendered: describeRendering(dom),
        clicks,
        scriptRan: 'no',
        requests: 0,
        cspViolations: 0,
      });
    });
  }

  it('made no request to any payload URL in the whole run, seen from Chromium and from the local server', () => {
    assert.deepEqual(exfilRequests(), []);
    assert.deepEqual(exfil.requests, []);
    assert.ok(network.length > 0, 'the network was watched');
    console.log(`      (${HOSTILE_PAYLOADS.length} payloads; ${network.length} requests seen in Chromium, none to a payload URL; the local server got ${exfil.requests.length})`);
  });

  it('the watchers see what they are meant to: a page loading the local server, an image forced into the chat page', async () => {
    const session = vscode();
    // Reaches the local server and shows in Chromium's network log.
    const control = await session.browser.newPage();
    await control.goto(`${exfil.url}/control`);
    await control.close();
    await waitUntil(() => exfil.requests.some((r) => r.url === '/control') && network.some((u) => u.endsWith('/control')), {
      what: 'the control request at the local server and in the network log',
      timeoutMs: 5000,
    });
    // An image put into the chat page behind the sanitiser's back is stopped by the page's policy, and reported.
    await frame.evaluate((url) => {
      const img = document.createElement('img');
      img.src = url;
      document.body.append(img);
    }, `${exfil.url}/control-image`);
    const violations = await waitUntil(
      async () => {
        const v = await frame.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
        return v.length > 0 ? v : undefined;
      },
      { what: 'the policy violation report', timeoutMs: 5000 },
    );
    assert.match(violations[0], /^img-src/);
    // The report comes from the check that stopped the request, so there is nothing left to wait for.
    assert.equal(exfil.requests.filter((r) => r.url === '/control-image').length, 0, 'the policy let the image load');
  });
});

interface RenderedAnswer {
  forbiddenTags: string[];
  badAttributes: string[];
  linkTargets: string[];
  inertLinks: number;
  textLinks: number;
  images: number;
  codeBlocks: number;
}

/**
 * Resolves once every image, frame and media element in the page has loaded or failed (a
 * blocked one fails at once) and two frames have been painted since: what a payload could
 * start by being rendered or clicked has started by then.
 */
function pageSettled(frame: Frame): Promise<void> {
  return frame.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        const pending = [...document.querySelectorAll<HTMLImageElement | HTMLIFrameElement | HTMLMediaElement>('img, iframe, video, audio')].filter((el) =>
          el instanceof HTMLImageElement ? !el.complete : el instanceof HTMLMediaElement ? el.networkState === el.NETWORK_LOADING : false,
        );
        if (pending.length === 0) return painted();
        let left = pending.length;
        const done = () => {
          if (--left === 0) painted();
        };
        for (const el of pending) {
          el.addEventListener('load', done, { once: true });
          el.addEventListener('error', done, { once: true });
        }
      }),
  );
}

function renderedAnswer(frame: Frame): Promise<RenderedAnswer> {
  return frame.evaluate(
    ({ tags, attrs }) => {
      const all = document.querySelectorAll('.message.assistant');
      const body = all[all.length - 1]?.querySelector('.message-body');
      if (!body) throw new Error('no answer');
      const elements = [...body.querySelectorAll('*')];
      return {
        forbiddenTags: elements.filter((e) => tags.includes(e.localName)).map((e) => e.outerHTML.slice(0, 80)),
        badAttributes: elements.flatMap((e) =>
          [...e.attributes].filter((a) => a.name.startsWith('on') || attrs.includes(a.name)).map((a) => `${e.localName}[${a.name}]`),
        ),
        linkTargets: [...body.querySelectorAll<HTMLElement>('.ext-link')].map((e) => e.dataset.href ?? ''),
        inertLinks: body.querySelectorAll('.ext-link').length,
        textLinks: body.querySelectorAll('.link-text').length,
        images: body.querySelectorAll('.image-text, .image-link').length,
        codeBlocks: body.querySelectorAll('.code-block').length,
      };
    },
    { tags: FORBIDDEN_TAGS, attrs: URL_ATTRIBUTES },
  );
}

function describeRendering(dom: RenderedAnswer): string {
  const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
  const parts: string[] = [];
  if (dom.images) parts.push(`${plural(dom.images, 'image')} as a label, never loaded`);
  const links = dom.inertLinks - dom.images;
  if (links > 0) parts.push(`${plural(links, 'web link')} without \`href\` (opened only through VS Code)`);
  if (dom.textLinks) parts.push(`${plural(dom.textLinks, 'link')} shown as plain text`);
  if (dom.codeBlocks) parts.push(`${plural(dom.codeBlocks, 'code block')}, highlighted`);
  return parts.length > 0 ? `text; ${parts.join('; ')}` : 'text only';
}

/**
 * Clicks every link-like element of the answer. A web link on another host must bring up VS
 * Code's own "open external website?" question (cancelled here); links to this machine are
 * not clicked (VS Code trusts localhost and would open them). Text-only links must do nothing.
 */
async function clickEveryLink(session: VsCodeSession, frame: Frame, targets: string[]): Promise<string> {
  const page = session.page;
  const dialog = page.locator('.monaco-dialog-box');
  let asked = 0;
  let inert = 0;
  const links = frame.locator('.message.assistant').last().locator('.ext-link');
  for (let i = 0; i < targets.length; i++) {
    if (new URL(targets[i]).hostname === '127.0.0.1') continue;
    await links.nth(i).click();
    const text = await waitUntil(async () => ((await dialog.isVisible()) ? await dialog.textContent() : undefined), {
      what: `VS Code asking before opening ${targets[i]}`,
      timeoutMs: 10000,
    });
    assert.ok(text?.includes('exfil.invalid'), `the question names the site: ${text}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
    asked++;
  }
  const spans = frame.locator('.message.assistant').last().locator('.link-text, .image-text');
  for (let i = 0; i < (await spans.count()); i++) {
    await spans.nth(i).click();
    await pageSettled(frame);
    assert.equal(await dialog.isVisible(), false, 'a text-only link asked to open something');
    inert++;
  }
  const parts = [asked ? `${asked} asked VS Code, which asked the user` : '', inert ? `${inert} did nothing` : ''].filter(Boolean);
  return parts.join('; ') || '–';
}
