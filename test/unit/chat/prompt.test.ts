import * as assert from 'node:assert/strict';
import type { StoredMessage } from '../../../src/chat/core/conversation';
import { estimateTokens } from '../../../src/shared/tokens';
import {
  assemblePrompt,
  fitBlocks,
  formatContextBlock,
  type ContextBlock,
} from '../../../src/chat/core/prompt';

const SYSTEM = 'You are a coding assistant.';

function message(role: 'user' | 'assistant', content: string, extra: Partial<StoredMessage> = {}): StoredMessage {
  return { id: `${role}-${content.slice(0, 8)}`, role, content, reasoning: '', status: 'done', createdAt: 0, context: [], ...extra };
}

const selection: ContextBlock = {
  kind: 'selection',
  path: 'src/math.ts',
  languageId: 'typescript',
  text: 'export const add = (a: number, b: number) => a - b;\n',
  startLine: 3,
  endLine: 3,
};

describe('prompt assembly', () => {
  it('puts the system prompt first and the new prompt with its context last', () => {
    const out = assemblePrompt({ systemPrompt: SYSTEM, history: [], prompt: 'Fix this', context: [selection], maxPromptTokens: 8000 });
    assert.equal(out.messages.length, 2);
    assert.deepEqual(out.messages[0], { role: 'system', content: SYSTEM });
    const last = out.messages[1];
    assert.equal(last.role, 'user');
    assert.ok(last.content.startsWith('Selected code from `src/math.ts` (typescript, lines 3-3):\n```typescript\n'));
    assert.ok(last.content.includes('a - b;\n```\n\nFix this'));
    assert.equal(out.contextTruncated, false);
  });

  it('fences context with more backticks than the code contains', () => {
    const block: ContextBlock = { kind: 'file', path: 'README.md', languageId: 'markdown', text: '```js\nx\n```\n' };
    const formatted = formatContextBlock(block);
    assert.ok(formatted.includes('````markdown\n```js\nx\n```\n````'), formatted);
  });

  it('replays earlier turns with their attached files, oldest first', () => {
    const history = [
      message('user', 'What does add do?', { contextBlocks: [selection] }),
      message('assistant', 'It subtracts: a bug.'),
    ];
    const out = assemblePrompt({ systemPrompt: SYSTEM, history, prompt: 'Fix it', context: [], maxPromptTokens: 8000 });
    assert.deepEqual(out.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.ok(out.messages[1].content.includes('a - b'));
    assert.equal(out.messages[3].content, 'Fix it');
    assert.equal(out.droppedMessages, 0);
  });

  it('leaves out failed turns (question and empty answer), so roles alternate', () => {
    const history = [message('user', 'hi'), message('assistant', '', { status: 'error' })];
    const out = assemblePrompt({ systemPrompt: SYSTEM, history, prompt: 'hi again', context: [], maxPromptTokens: 8000 });
    assert.deepEqual(out.messages.map((m) => m.role), ['system', 'user']);
    assert.equal(out.messages[1].content, 'hi again');
  });

  it('alternates roles after several failed turns, keeping the answered ones and partial answers', () => {
    const history = [
      message('user', 'first'),
      message('assistant', 'first answer'),
      message('user', 'failed one'),
      message('assistant', '', { status: 'error' }),
      message('user', 'failed two'),
      message('assistant', '', { status: 'error' }),
      message('user', 'stopped'),
      message('assistant', 'half an answer', { status: 'stopped' }),
      // A question whose answer never got stored (the window closed first).
      message('user', 'orphan'),
    ];
    const out = assemblePrompt({ systemPrompt: SYSTEM, history, prompt: 'now', context: [], maxPromptTokens: 8000 });
    assert.deepEqual(
      out.messages.map((m) => `${m.role}:${m.content}`),
      ['system:' + SYSTEM, 'user:first', 'assistant:first answer', 'user:stopped', 'assistant:half an answer', 'user:now'],
    );
    for (let i = 2; i < out.messages.length; i++) assert.notEqual(out.messages[i].role, out.messages[i - 1].role, `messages ${i - 1} and ${i}`);
  });

  it('drops the oldest turns first, and old attachments before old turns, to fit the budget', () => {
    const big: ContextBlock = { kind: 'file', path: 'big.ts', languageId: 'typescript', text: 'x'.repeat(7000) };
    const history = [
      message('user', 'first question '.repeat(40)),
      message('assistant', 'first answer '.repeat(40)),
      message('user', 'second question', { contextBlocks: [big] }),
      message('assistant', 'second answer'),
    ];
    const out = assemblePrompt({ systemPrompt: SYSTEM, history, prompt: 'third', context: [], maxPromptTokens: 300 });
    assert.ok(out.estimatedTokens <= 300, `${out.estimatedTokens}`);
    const text = out.messages.map((m) => m.content).join('\n');
    assert.ok(!text.includes('xxxxxxxx'), 'the big attachment is dropped');
    assert.ok(text.includes('(Attached earlier: big.ts)'), 'but the turn says it had one');
    assert.ok(text.includes('second answer'));
    assert.ok(!text.includes('first answer'), 'the oldest turn goes');
    assert.equal(out.messages[1].role, 'user', 'history never starts with an answer');
    assert.ok(out.droppedMessages >= 2);
  });

  it('cuts the largest context block to fit and says so', () => {
    const huge: ContextBlock = { kind: 'file', path: 'huge.ts', languageId: 'typescript', text: 'const line = 1;\n'.repeat(5000) };
    const out = assemblePrompt({ systemPrompt: SYSTEM, history: [], prompt: 'Review', context: [selection, huge], maxPromptTokens: 2000 });
    assert.equal(out.contextTruncated, true);
    assert.ok(out.estimatedTokens <= 2000, `${out.estimatedTokens}`);
    const last = out.messages[1].content;
    assert.ok(last.includes('a - b'), 'the small selection survives whole');
    assert.match(last, /… \(\d+ more lines not sent\)/);
  });

  it('fitBlocks leaves blocks untouched when they fit and drops blocks that cannot shrink enough', () => {
    assert.deepEqual(fitBlocks([selection], 1000), [selection]);
    const huge: ContextBlock = { kind: 'file', path: 'h.ts', languageId: 'ts', text: 'y'.repeat(10_000) };
    const fitted = fitBlocks([huge], 20);
    assert.ok(fitted.length === 0 || estimateTokens(fitted.map(formatContextBlock).join('')) <= 20);
  });
});
