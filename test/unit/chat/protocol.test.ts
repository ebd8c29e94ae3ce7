import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isSafeExternalLink, parseWebviewMessage, MAX_PROMPT_CHARS, type WebviewMessage } from '../../../src/shared/protocol';

describe('webview message validation', () => {
  const valid: WebviewMessage[] = [
    { type: 'ready' },
    { type: 'resync' },
    { type: 'send', text: 'Explain this' },
    { type: 'stop' },
    { type: 'retry', messageId: 'm1' },
    { type: 'newConversation' },
    { type: 'switchConversation', id: 'c1' },
    { type: 'renameConversation', id: 'c1' },
    { type: 'deleteConversation', id: 'c1' },
    { type: 'removeContext', chipId: 'auto' },
    { type: 'addContext', uri: 'file:///w/a.ts' },
    { type: 'selectProfile', profileId: 'groq' },
    { type: 'selectModel', model: 'llama-3.3-70b' },
    { type: 'selectModel', model: '' },
    { type: 'codeAction', action: 'apply', code: 'x = 1', language: 'python' },
    { type: 'openLink', href: 'https://example.com' },
    { type: 'hostAction', action: 'set-key' },
    { type: 'draft', text: '' },
    { type: 'request', requestId: 3, request: { kind: 'listModels', profileId: 'groq' } },
    { type: 'request', requestId: 4, request: { kind: 'listOpenFiles' } },
  ];

  it('accepts every message type of the protocol unchanged', () => {
    for (const message of valid) assert.deepEqual(parseWebviewMessage(message), message, message.type);
  });

  it('keeps only the known fields', () => {
    const parsed = parseWebviewMessage({ type: 'send', text: 'hi', command: 'workbench.action.terminal.new', __proto__: { x: 1 } });
    assert.deepEqual(parsed, { type: 'send', text: 'hi' });
    assert.deepEqual(Object.keys(parsed ?? {}), ['type', 'text']);
  });

  it('refuses unknown types, wrong field types, empty prompts and oversized text', () => {
    const invalid: unknown[] = [
      null,
      'ready',
      [],
      { type: 'runCommand', command: 'x' },
      { type: 'send', text: 42 },
      { type: 'send', text: '   ' },
      { type: 'send', text: 'x'.repeat(MAX_PROMPT_CHARS + 1) },
      { type: 'retry' },
      { type: 'retry', messageId: '' },
      { type: 'selectModel' },
      { type: 'selectModel', model: 'm'.repeat(500) },
      { type: 'switchConversation', id: 'x'.repeat(500) },
      { type: 'codeAction', action: 'exec', code: 'rm -rf /', language: 'sh' },
      { type: 'codeAction', action: 'insert' },
      { type: 'hostAction', action: 'workbench.action.reloadWindow' },
      { type: 'request', requestId: '1', request: { kind: 'listOpenFiles' } },
      { type: 'request', requestId: 1.5, request: { kind: 'listOpenFiles' } },
      { type: 'request', requestId: 1, request: { kind: 'readFile', path: '/etc/passwd' } },
      { type: 'request', requestId: 1, request: { kind: 'listModels' } },
    ];
    for (const raw of invalid) assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw)?.slice(0, 80));
  });

  it('drops a code language that could break out of a class name', () => {
    const parsed = parseWebviewMessage({ type: 'codeAction', action: 'newFile', code: 'x', language: 'js" onload="x' });
    assert.deepEqual(parsed, { type: 'codeAction', action: 'newFile', code: 'x', language: '' });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        parseWebviewMessage(raw);
        if (typeof raw === 'object' && raw !== null) parseWebviewMessage({ ...raw, type: 'send' });
      }),
      { numRuns: 2000 },
    );
  });

  it('lets only web links out', () => {
    assert.ok(isSafeExternalLink('https://example.com/a?b=c'));
    assert.ok(isSafeExternalLink('http://localhost:8080/'));
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd', 'command:workbench.action.reloadWindow', 'vscode://x', 'https://', '//evil.com', 'not a url']) {
      assert.equal(isSafeExternalLink(href), false, href);
    }
  });
});
