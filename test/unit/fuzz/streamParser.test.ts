// The stream parser end to end: SSE bytes, delivered in arbitrary pieces (inside multi-byte
// characters, inside `data:` lines, inside `<think>` tags), read by the real client (fetch →
// line guard → the openai SDK's SSE reader → chunk reader → think-tag splitter). Whatever the
// cuts, the answer and the reasoning come out exactly as the server meant them.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createInferenceClient } from '../../../src/providers';
import { ThinkTagSplitter } from '../../../src/providers/stream/thinkTags';
import { testEndpoint } from '../reliability/rigs';
import { splitBytes, splitText, textOf, TRICKY_CHARS } from './arbitraries';
import { recordFuzz, runs } from './counts';

const THINK_PIECES = ['<think>', '</think>', '<', '</', 'think', '>', '<thi', 'nk>'];

interface StreamPlan {
  reasoningFields: string[];
  thinkBlock: string | null;
  afterThink: string;
  content: string[];
  keepAlive: boolean[];
  crlf: boolean;
  cuts: number[];
  /** Chat chunks (`delta.content`) or legacy completion chunks (`text`, read by the FIM path). */
  route: 'chat' | 'completions';
}

/** Text that cannot end a think block early or open another one. */
const innerText = textOf(TRICKY_CHARS, ['<think>', '<', '>', 'think'], 20).filter((t) => !t.includes('</think>'));
const answerText = textOf(TRICKY_CHARS, ['</think>', '<', '>', 'think', '<thi'], 20).filter((t) => !t.includes('<think>'));

const plans: fc.Arbitrary<StreamPlan> = fc.record({
  reasoningFields: fc.array(textOf(TRICKY_CHARS, [], 8), { maxLength: 3 }),
  thinkBlock: fc.option(innerText, { nil: null }),
  afterThink: fc.constantFrom('', '\n', '\n\n', ' '),
  content: fc.array(answerText, { minLength: 1, maxLength: 5 }),
  keepAlive: fc.array(fc.boolean(), { maxLength: 8 }),
  crlf: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 30 }),
  route: fc.constantFrom('chat', 'completions'),
});

function sseBody(plan: StreamPlan): { bytes: Uint8Array; content: string; reasoning: string } {
  const head = plan.thinkBlock === null ? '' : `<think>${plan.thinkBlock}</think>${plan.afterThink}`;
  const whole = head + plan.content.join('');
  // Content pieces are re-cut so tags fall across events too.
  const contentEvents = splitText(whole, plan.cuts.slice(0, 6).map((c) => c % (whole.length + 1)));
  const nl = plan.crlf ? '\r\n' : '\n';
  const events: string[] = [];
  const chat = plan.route === 'chat';
  const event = (delta: Record<string, unknown>) =>
    chat
      ? `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}${nl}${nl}`
      : `data: ${JSON.stringify({ id: 'x', object: 'text_completion', choices: [{ index: 0, text: delta.content ?? '', finish_reason: null }] })}${nl}${nl}`;
  events.push(event({ role: 'assistant', content: '' }));
  if (chat) for (const r of plan.reasoningFields) events.push(event({ reasoning_content: r }));
  contentEvents.forEach((c, i) => {
    if (plan.keepAlive[i]) events.push(`: keep-alive${nl}${nl}`);
    events.push(event({ content: c }));
  });
  events.push(`data: {"id":"x","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}${nl}${nl}`, `data: [DONE]${nl}${nl}`);
  // FIM routes take the text as it is: reasoning there is the completion cleaner's business.
  if (!chat) return { bytes: new TextEncoder().encode(events.join('')), content: whole, reasoning: '' };
  // The reference: the splitter on the whole text at once.
  const splitter = new ThinkTagSplitter();
  const segments = [...splitter.push(whole), ...splitter.end()];
  const content = segments.filter((s) => s.kind === 'content').map((s) => s.text).join('');
  const reasoning = plan.reasoningFields.join('') + segments.filter((s) => s.kind === 'reasoning').map((s) => s.text).join('');
  return { bytes: new TextEncoder().encode(events.join('')), content, reasoning };
}

function fetchServing(pieces: Uint8Array[]): typeof fetch {
  return (async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const p of pieces) controller.enqueue(p.slice());
          controller.close();
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    )) as typeof fetch;
}

describe('fuzz: stream parser (SSE bytes in arbitrary pieces through the real client)', function () {
  this.timeout(60_000);

  it('gives the same answer and reasoning whatever the byte boundaries', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(plans, async (plan) => {
        cases++;
        const { bytes, content, reasoning } = sseBody(plan);
        const pieces = splitBytes(bytes, plan.cuts);
        const client = createInferenceClient(testEndpoint('http://127.0.0.1:9/v1'), { fetch: fetchServing(pieces) });
        const signal = new AbortController().signal;
        const stream = plan.route === 'chat' ? client.streamChat({ messages: [{ role: 'user', content: 'hi' }] }, signal) : client.streamFim({ prefix: 'a', suffix: '', maxTokens: 64 }, signal);
        let gotContent = '';
        let gotReasoning = '';
        for await (const delta of stream) {
          if (delta.kind === 'content') gotContent += delta.text;
          else gotReasoning += delta.text;
        }
        const outcome = await stream.outcome;
        assert.equal(gotContent, content);
        assert.equal(gotReasoning, reasoning);
        assert.equal(outcome.text, content);
        assert.equal(outcome.finishReason, 'stop');
      }),
      { numRuns: runs(1500) },
    );
    recordFuzz('stream parser: chat and completion SSE bytes cut anywhere (UTF-8, lines, `<think>` tags, CRLF, keep-alives) through the real client', cases, 'no throw; answer and reasoning identical to the uncut stream');
  });

  it('splits think tags the same way however the text is chunked', () => {
    let cases = 0;
    fc.assert(
      fc.property(textOf(TRICKY_CHARS, THINK_PIECES, 40), fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
        cases++;
        const whole = new ThinkTagSplitter();
        const expected = [...whole.push(text), ...whole.end()];
        const pieces = new ThinkTagSplitter();
        const got = [...splitText(text, cuts).flatMap((p) => pieces.push(p)), ...pieces.end()];
        const join = (segments: typeof got, kind: string) => segments.filter((s) => s.kind === kind).map((s) => s.text).join('');
        assert.equal(join(got, 'content'), join(expected, 'content'));
        assert.equal(join(got, 'reasoning'), join(expected, 'reasoning'));
        // Nothing is lost or invented: every character is content, reasoning or a tag.
        assert.ok(join(got, 'content').length + join(got, 'reasoning').length <= text.length);
      }),
      { numRuns: runs(3000) },
    );
    recordFuzz('think-tag splitter: text with `<think>` pieces chunked anywhere', cases, 'content and reasoning identical to one whole push');
  });
});
