import * as assert from 'node:assert/strict';
import { formatSpeed, secondsLeft } from '../../../src/webview/chat/format';
import { splice } from '../../../src/webview/chat/offsets';
import { survivesSnapshot, WebviewOutbox } from '../../../src/chat/core/outbox';
import type { HostMessage } from '../../../src/shared/chatProtocol';

describe('webview delta offsets', () => {
  it('appends a piece that starts where the text ends', () => {
    assert.equal(splice('Hello', 5, ' world'), 'Hello world');
  });
  it('drops the part the page already has (after a snapshot)', () => {
    assert.equal(splice('Hello wor', 5, ' world'), 'Hello world');
    assert.equal(splice('Hello world', 5, ' wor'), 'Hello world');
  });
  it('refuses a gap', () => {
    assert.equal(splice('Hel', 5, ' world'), undefined);
  });
});

describe('speed line', () => {
  it('shows first token, client and server rates, tokens and total', () => {
    const text = formatSpeed({ providerName: 'Groq', model: 'm', ttftMs: 142.4, tokensPerSecond: 1950.6, completionTokens: 812, tokensEstimated: false, totalMs: 560, serverTokensPerSecond: 2010 });
    assert.equal(text, 'first token 142 ms · 1,951 tok/s · server 2,010 tok/s · 812 tokens · 560 ms total');
  });
  it('marks estimated token counts and leaves out missing figures', () => {
    const text = formatSpeed({ providerName: 'X', model: 'm', ttftMs: null, tokensPerSecond: null, completionTokens: 3, tokensEstimated: true, totalMs: 12_345 });
    assert.equal(text, '~3 tokens · 12.3 s total');
  });
  it('counts down whole seconds', () => {
    assert.equal(secondsLeft(10_000, 0), 10);
    assert.equal(secondsLeft(10_000, 9_001), 1);
    assert.equal(secondsLeft(10_000, 12_000), 0);
  });
});

describe('webview outbox', () => {
  it('holds only messages a snapshot does not cover, and sends them after it', () => {
    const sent: HostMessage[] = [];
    const outbox = new WebviewOutbox();
    outbox.attach((m) => sent.push(m));
    outbox.post({ type: 'busy', busy: true });
    outbox.post({ type: 'focusInput' });
    outbox.post({ type: 'delta', conversationId: 'c', messageId: 'm', contentOffset: 0, content: 'x', reasoningOffset: 0, reasoning: '' });
    assert.equal(sent.length, 0);
    outbox.open({ type: 'conversations', conversations: [] });
    assert.deepEqual(sent.map((m) => m.type), ['conversations', 'focusInput']);
    outbox.post({ type: 'busy', busy: false });
    assert.equal(sent.length, 3);
    outbox.detach();
    outbox.post({ type: 'busy', busy: true });
    assert.equal(sent.length, 3);
    assert.equal(survivesSnapshot({ type: 'notice', level: 'info', text: 'x' }), true);
  });
});
