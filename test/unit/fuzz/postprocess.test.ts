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
// And, at cursors after spaces, in words, on lines that repeat and in brackets:
//  5. never a doubled space at the cursor: after a space mid-line the suggestion does not
//     start with another;
//  6. never two identical consecutive lines (from the line above the cursor to the end of the
//     cursor's line after accepting) that the document does not already have;
//  7. a mid-line suggestion never leaves a bracket it opened unclosed at its line end, unless
//     that line ends asking for the next one (an opener, a comma, an operator).
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

/** Lines before the cursor line, the cursor line's start, its rest and the lines after: cursors after spaces, in words, under equal lines. */
const shapedCases: fc.Arbitrary<Case> = fc.record({
  prefix: fc
    .tuple(
      fc.array(fc.constantFrom('x = 1;', 'a', '}', '  b();', '', 'f(a,'), { maxLength: 3 }),
      fc.constantFrom('', '  ', '    ', 'x = ', 'foo(', 'ab', 'if (a) {', 'x(1, ', 'a ', '  ab'),
    )
    .map(([lines, line]) => [...lines, line].join('\n')),
  lineSuffix: fc.constantFrom('', ')', ');', ' = 1;', 'bar)'),
  rest: fc.array(fc.constantFrom('x = 1;', 'a', '}', '  b();', ''), { maxLength: 3 }).map((l) => l.join('\n')),
  output: textOf(['a', 'b', 'x', ' ', '  ', '\n', '(', ')', '{', '}', ',', ';', '=', '1'], ['x = 1;\n', 'a\n', '  b();\n', ' a', '  x', 'ab', 'x = 1;'], 24),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
  multiline: fc.constantFrom<MultilineMode>('auto', 'always'),
});

/** Pairs of equal consecutive non-blank lines, trailing spaces aside. */
function equalNeighbours(lines: string[]): Set<string> {
  const pairs = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line.trim() !== '' && line === lines[i - 1]!.trimEnd()) pairs.add(line);
  }
  return pairs;
}

/** Brackets the suggestion opened on the cursor's line and left open there (the generators write no quotes or comments). */
function leftOpenOnItsLine(linePrefix: string, text: string): boolean {
  const stack: boolean[] = [];
  const line = linePrefix + text.split('\n', 1)[0]!;
  for (let i = 0; i < line.length; i++) {
    if ('([{'.includes(line[i]!)) stack.push(i >= linePrefix.length);
    else if (')]}'.includes(line[i]!)) stack.pop();
  }
  return stack.includes(true) && !/[([{,=+\-*/<>&|.:]$/.test(line.trimEnd());
}

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

  it('never doubles a space at the cursor, never writes a line twice, never breaks a line inside a bracket it opened', async () => {
    let count = 0;
    const checked = { space: 0, lines: 0, brackets: 0 };
    await fc.assert(
      fc.asyncProperty(shapedCases, async (c) => {
        count++;
        const { streamed, final, ctx } = await runCase(c);
        const linePrefix = c.prefix.slice(c.prefix.lastIndexOf('\n') + 1);
        const midLine = linePrefix.trim() !== '';
        const documentPairs = equalNeighbours((c.prefix + ctx.suffix).split('\n'));
        for (const shown of [...streamed, ...(final ? [final] : [])]) {
          // 5. After a space mid-line, no second one.
          if (midLine && /[ \t]$/.test(linePrefix)) {
            checked.space++;
            assert.ok(!/^[ \t]/.test(shown.text), `doubled space: ${JSON.stringify(linePrefix)} + ${JSON.stringify(shown.text)}`);
          }
          // 6. From the line above to the end of the cursor's line, no line twice in a row the document does not have.
          const above = c.prefix.includes('\n') ? [c.prefix.slice(0, c.prefix.length - linePrefix.length - 1).split('\n').pop()!] : [];
          const lines = [...above, ...(linePrefix + shown.text + c.lineSuffix.slice(shown.replaceLength)).split('\n')];
          for (const pair of equalNeighbours(lines)) {
            checked.lines++;
            assert.ok(documentPairs.has(pair), `${JSON.stringify(pair)} twice in a row: ${JSON.stringify(c.prefix)} + ${JSON.stringify(shown.text)}`);
          }
          // 7. Mid-line, what the suggestion opens on the cursor's line is closed there, unless the line asks for more.
          if (midLine) {
            checked.brackets++;
            assert.ok(!leftOpenOnItsLine(linePrefix, shown.text), `leaves a bracket open at its line end: ${JSON.stringify(linePrefix)} + ${JSON.stringify(shown.text)}`);
          }
        }
      }),
      { numRuns: runs(3000), seed: 0x14c0de },
    );
    recordFuzz(
      'completion post-processing: answers after spaces, in words, under equal lines and in brackets',
      count,
      `no doubled space after a space mid-line (${measured(checked.space.toLocaleString('en'))} suggestions); no line twice in a row the document lacks; no bracket the suggestion opened left open at a mid-line suggestion's line end (${measured(checked.brackets.toLocaleString('en'))} suggestions)`,
    );
  });
});
