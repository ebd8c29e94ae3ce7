// The prompt laid out for servers' prefix caches: its start stays put while the user types.
import * as assert from 'node:assert/strict';
import {
  buildFimRequest, DEFAULT_PROMPT_BUDGET, LOCAL_PROMPT_BUDGET, PREFIX_ANCHOR_CHARS, promptBudgetFor, windowPrefix,
} from '../../../src/completion/core/prompt';
import { isLocalEndpoint } from '../../../src/completion/core/types';

/** A long file of numbered lines, as many as asked. */
const lines = (n: number) => Array.from({ length: n }, (_, i) => `  const value${i} = compute(${i}, "line ${i}");\n`).join('');

describe('prompt layout for prefix caches', () => {
  const document = lines(1500);
  const maxChars = Math.floor(DEFAULT_PROMPT_BUDGET.promptTokens * DEFAULT_PROMPT_BUDGET.prefixShare * 4);

  it('keeps the prefix window’s start in the document while typing, moving once per anchor step', () => {
    const cursor = Math.floor(document.length / 2);
    const typed = 'if (value > limit) { return compute(value - limit, "again"); }\n'.repeat(80);
    const starts: number[] = [];
    for (let n = 0; n <= typed.length; n += 7) {
      const prefix = document.slice(0, cursor) + typed.slice(0, n);
      const window = windowPrefix(prefix, maxChars, 0);
      assert.ok(window.length <= maxChars && window.length >= maxChars - PREFIX_ANCHOR_CHARS - 200, `window of ${window.length}`);
      assert.ok(prefix.endsWith(window));
      starts.push(prefix.length - window.length);
    }
    const moves = starts.filter((s, i) => i > 0 && s !== starts[i - 1]).length;
    // The sliding window of old moved with nearly every line typed.
    assert.ok(moves <= Math.ceil(typed.length / PREFIX_ANCHOR_CHARS), `${moves} moves over ${typed.length} typed characters`);
    assert.ok(moves >= 1, 'the window does follow the cursor in the end');
    const sliding = new Set(starts.map((_, i) => {
      const prefix = document.slice(0, cursor) + typed.slice(0, i * 7);
      return prefix.length - windowPrefix(prefix, maxChars).length;
    }));
    assert.ok(sliding.size > 20 * moves, `the unanchored window moved ${sliding.size} times`);
  });

  it('anchors to the document, not to the part of it the editor passed', () => {
    const cursor = 40_000;
    const whole = windowPrefix(document.slice(0, cursor), maxChars, 0);
    // The editor passes at most the last 32,000 characters; the window is the same.
    const passed = document.slice(cursor - 32_000, cursor);
    assert.equal(windowPrefix(passed, maxChars, cursor - 32_000), whole);
  });

  it('sends other files first in a fixed order, and a shorter suffix to a local server', () => {
    const request = (budget = DEFAULT_PROMPT_BUDGET) =>
      buildFimRequest(
        { prefix: 'f(', suffix: lines(200), filePath: '/a.ts', languageId: 'typescript', offset: 2 },
        { budget, maxTokens: 64, singleLine: false, snippets: () => [{ filename: '/z.ts', text: 'z' }, { filename: '/b.ts', text: 'b' }] },
      );
    assert.deepEqual(request().extraContext?.map((s) => s.filename), ['/b.ts', '/z.ts']);
    assert.ok(request(LOCAL_PROMPT_BUDGET).suffix.length < request().suffix.length);
    assert.equal(promptBudgetFor(true), LOCAL_PROMPT_BUDGET);
    assert.equal(promptBudgetFor(false), DEFAULT_PROMPT_BUDGET);
  });

  it('tells a server on this machine from a cloud', () => {
    assert.equal(isLocalEndpoint({ baseUrl: 'http://127.0.0.1:8080/v1' }), true);
    assert.equal(isLocalEndpoint({ baseUrl: 'http://localhost:11434/v1' }), true);
    assert.equal(isLocalEndpoint({ baseUrl: 'http://gpu-box.lan:8000/v1', presetLocal: true }), true);
    assert.equal(isLocalEndpoint({ baseUrl: 'https://api.groq.com/openai/v1' }), false);
    assert.equal(isLocalEndpoint({ baseUrl: 'not a url' }), false);
  });

  it('gives the prefix the room of other files when there are none to send, and keeps its start while typing', () => {
    const cursor = Math.floor(document.length / 2);
    const input = (typed: string) => ({ prefix: document.slice(0, cursor) + typed, suffix: document.slice(cursor), filePath: 'a.ts', languageId: 'typescript', offset: cursor + typed.length });
    const options = (snippets: { filename: string; text: string }[]) => ({ budget: DEFAULT_PROMPT_BUDGET, maxTokens: 16, singleLine: false, snippets: () => snippets });
    const alone = buildFimRequest(input(''), options([]));
    const withOther = buildFimRequest(input(''), options([{ filename: 'b.ts', text: 'export const b = 1;\n' }]));
    assert.equal(withOther.extraContext?.length, 1);
    assert.equal(alone.extraContext, undefined);
    assert.ok(alone.prefix.length > withOther.prefix.length + 1000, `prefix alone ${alone.prefix.length}, beside a snippet ${withOther.prefix.length}`);
    assert.ok(alone.prefix.length <= (DEFAULT_PROMPT_BUDGET.promptTokens - Math.ceil(alone.suffix.length / 3.5)) * 3.5);
    const later = buildFimRequest(input('const next = 1;\n'), options([]));
    assert.equal(cursor + 16 - later.prefix.length, cursor - alone.prefix.length, 'the prompt starts where it did');
  });
});
