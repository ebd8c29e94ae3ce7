import * as assert from 'node:assert/strict';
import { chatContentSecurityPolicy, chatHtml } from '../../../src/chat/core/html';
import { createNonce } from '../../../src/shared/nonce';

describe('chat page shell', () => {
  const source = 'https://file+.vscode-resource.vscode-cdn.net';

  it('allows scripts only by nonce and nothing from the network', () => {
    const csp = chatContentSecurityPolicy(source, 'abc123');
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    assert.equal(directives['default-src'], "'none'");
    assert.equal(directives['script-src'], "'nonce-abc123'");
    assert.equal(directives['style-src'], source, 'no unsafe-inline styles');
    assert.equal(directives['font-src'], source);
    assert.equal(directives['img-src'], `${source} data:`);
    for (const d of ['connect-src', 'frame-src', 'form-action', 'base-uri']) assert.equal(directives[d], "'none'", d);
    assert.equal(directives['require-trusted-types-for'], "'script'");
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval') && !csp.includes('*'));
  });

  it('puts the policy first and loads only the bundle, with the nonce', () => {
    const html = chatHtml({ cspSource: source, nonce: 'n0nce', scriptUri: `${source}/dist/webview/chat.js`, styleUri: `${source}/dist/webview/chat.css` });
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'the policy precedes every resource');
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes(`<script nonce="n0nce" src="${source}/dist/webview/chat.js"></script>`));
    assert.ok(!/style=/.test(html), 'no inline style attribute');
    assert.ok(!/<style/.test(html), 'no inline style element');
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    assert.equal(nonces.size, 100);
    for (const n of nonces) assert.match(n, /^[0-9a-f]{32}$/);
  });
});
