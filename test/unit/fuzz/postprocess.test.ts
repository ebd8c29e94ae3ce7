// Completion post-processing from raw model output to ghost text, as the engine runs it: a
// GenerationSession cleans and cuts the streamed text, and finishSuggestion turns what it
// holds into the text and range the editor shows. For any output, chunking and cursor spot:
//  1. no FIM control token, `<think>` tag or undecodable byte is ever shown;
//  2. the replaced range stays on the cursor's line, and mid-line a suggestion is one line;
//  3. what is shown while streaming is a start of what the finished answer holds, so ghost
//     text only grows (the user never saw text the answer then takes back), except when a
//     stray `</think>` arrives: the lines before it were reasoning and are withdrawn;
//  4. the suffix's closing brackets are never doubled: when the line was balanced with them,
//     and the suggestion closes what it opens and no more than was open, the line after
//     accepting has no closer too many.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MultilineMode } from '../../../src/config/core/settings';
import { openBracketsBefore, scanOptionsFor } from '../../../src/completion/core/brackets';
import { CONTROL_TOKENS } from '../../../src/completion/core/clean';
import { remainingAfter } from '../../../src/completion/core/matching';
import { finishSuggestion, type FinishedSuggestion } from '../../../src/completion/core/postprocess';
import { GenerationSession, type Anchor } from '../../../src/completion/core/session';
import type { StopContext } from '../../../src/completion/core/stopRules';
import { isOnlyClosersRight, lineSuffixOf } from '../../../src/completion/core/text';
import type { FimRequest, GenerationStream, StreamDelta, StreamOutcome } from '../../../src/providers/types';
import { splitText, textOf } from './arbitraries';
import { measured } from '../reliability/rows';
import { recordFuzz, runs } from './counts';

const CODE = ['a', 'b', 'x', ' ', '  ', '\n', '(', ')', '[', ']', '{', '}', ',', ';', '=', '.', '1'];
const NOISE = [...CONTROL_TOKENS, '<think>', '</think>', '<think>\nhmm\n</think>\n', '```js\n', '\n```', '\uFFFD', 'return x;', '\n\n'];
const FORBIDDEN = [...CONTROL_TOKENS, '<think>', '</think>', '\uFFFD'];

const clock = { now: () => 0 };

/** A generation that yields the given pieces of content, then ends. */
function scripted(pieces: string[]): (req: FimRequest, signal: AbortSignal) => GenerationStream {
  return (_req, signal) => {
    let text = '';
    const outcome = (async (): Promise<StreamOutcome> => ({ text, reasoning: '', finishReason: 'stop', aborted: signal.aborted, sample: {} as StreamOutcome['sample'] }))();
    async function* deltas(): AsyncGenerator<StreamDelta> {
      for (const p of pieces) {
        if (signal.aborted) return;
        text += p;
        yield { kind: 'content', text: p };
      }
    }
    return Object.assign(deltas(), { outcome });
  };
}

/** Brackets only (the generators write no quotes or comments): false on any unmatched closer. */
function balancedSoFar(text: string): boolean {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const ch of text) {
    if ('([{'.includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return true;
}

/** A closing think tag with no opening one before it. */
function strayThinkClose(text: string): boolean {
  const close = text.indexOf('</think>');
  const open = text.indexOf('<think>');
  return close >= 0 && (open < 0 || close < open);
}

/** Whether `text` opens a bracket it does not close itself (closers of outer brackets are fine). */
function leavesOpen(text: string): boolean {
  const stack: string[] = [];
  for (const ch of text) {
    if ('([{'.includes(ch)) stack.push(ch);
    else if (')]}'.includes(ch) && stack.length > 0) stack.pop();
  }
  return stack.length > 0;
}

interface Case {
  prefix: string;
  lineSuffix: string;
  rest: string;
  output: string;
  cuts: number[];
  multiline: MultilineMode;
}

const cases: fc.Arbitrary<Case> = fc.record({
  prefix: textOf(CODE, ['foo(', 'if (a) {\n  ', 'x = [', 'f(g('], 30),
  lineSuffix: fc.constantFrom('', ')', '])', ');', ')) {', '}', ' = 1;', 'bar)', '  '),
  rest: textOf(CODE, ['}\n', 'return x;\n'], 20),
  output: textOf(CODE, NOISE, 30),
  cuts: fc.array(fc.nat(), { maxLength: 8 }),
  multiline: fc.constantFrom<MultilineMode>('auto', 'always', 'never'),
});

async function runCase(c: Case): Promise<{ streamed: FinishedSuggestion[]; final: FinishedSuggestion | undefined; output: string; ctx: { suffix: string; singleLine: boolean } }> {
  const suffix = `${c.lineSuffix}\n${c.rest}`;
  const scanOptions = scanOptionsFor('javascript');
  const singleLine = c.multiline === 'never' || (c.multiline === 'auto' && !isOnlyClosersRight(lineSuffixOf(suffix)));
  const stop: StopContext = { prefix: c.prefix, suffix, scanOptions, open: openBracketsBefore(c.prefix, scanOptions), singleLine, maxLines: 12, maxTokens: 64 };
  const anchor: Anchor = { docKey: 'd', offset: c.prefix.length, prefix: c.prefix, suffix, languageId: 'javascript', speculative: false };
  const serve = { prefix: c.prefix, suffix, languageId: 'javascript', multiline: c.multiline };
  const session = new GenerationSession(anchor, stop, clock, scripted(splitText(c.output, c.cuts)), { prefix: c.prefix, suffix, maxTokens: 64 });
  const streamed: FinishedSuggestion[] = [];
  session.onChange(() => {
    if (!session.streaming) return;
    const rest = remainingAfter(session.output, '', true);
    const shown = rest === undefined ? undefined : finishSuggestion(rest, serve);
    if (shown) streamed.push(shown);
  });
  await session.closed;
  const rest = remainingAfter(session.output, '', session.state === 'failed');
  return { streamed, final: rest === undefined ? undefined : finishSuggestion(rest, serve), output: session.output, ctx: { suffix, singleLine } };
}

describe('fuzz: completion post-processing (raw output → ghost text)', function () {
  this.timeout(60_000);

  it('shows a clean, consistent continuation that stays on its line and never doubles closers', async () => {
    let count = 0;
    let balancedChecks = 0;
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        count++;
        const { streamed, final, output, ctx } = await runCase(c);
        for (const shown of [...streamed, ...(final ? [final] : [])]) {
          for (const token of FORBIDDEN) assert.ok(!shown.text.includes(token), `shows ${JSON.stringify(token)} in ${JSON.stringify(shown.text)}`);
          assert.ok(shown.replaceLength >= 0 && shown.replaceLength <= c.lineSuffix.length, `replaces ${shown.replaceLength} of ${JSON.stringify(c.lineSuffix)}`);
          if (ctx.singleLine) assert.ok(!shown.text.includes('\n'), `several lines mid-line: ${JSON.stringify(shown.text)}`);
          assert.notEqual(shown.text.trim(), '');
          // 3. Shown while streaming or at the end: always a start of the finished output, unless a
          // stray `</think>` showed later that the lines before it were reasoning.
          if (!strayThinkClose(c.output)) assert.ok(output.startsWith(shown.text), `shown ${JSON.stringify(shown.text)} is not a start of the answer ${JSON.stringify(output)}`);
        }
        if (final) {
          const replaced = c.lineSuffix.slice(final.replaceLength);
          if (balancedSoFar(c.prefix + c.lineSuffix) && balancedSoFar(c.prefix + final.text) && !leavesOpen(final.text)) {
            balancedChecks++;
            assert.ok(balancedSoFar(c.prefix + final.text + replaced), `doubled closers: ${JSON.stringify(c.prefix)} + ${JSON.stringify(final.text)} + ${JSON.stringify(replaced)}`);
          }
        }
      }),
      { numRuns: runs(4000) },
    );
    recordFuzz(
      'completion post-processing: raw output with control tokens, `<think>`, fences, U+FFFD, chunked anywhere, at cursors before closers / mid-line / line end',
      count,
      `no control token, \`<think>\` or U+FFFD shown; replace range on the line; one line mid-line; shown text only grows; closers never doubled (${measured(balancedChecks.toLocaleString('en'))} cases had balanced premises)`,
    );
  });
});
