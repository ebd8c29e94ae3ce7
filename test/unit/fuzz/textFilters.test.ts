// The streaming text filters must not care how the stream was chunked: pushing a text in
// any pieces gives what pushing it whole gives. Stop strings and the chat-hole answer
// cleaner hold back only what may still become a marker.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CLOSE_TAG, HoleAnswerCleaner, OPEN_TAG } from '../../../src/providers/fim/chatHole';
import { FilterChain, StopFilter, type TextFilter } from '../../../src/providers/stream/textFilters';
import { splitText, textOf, TRICKY_CHARS } from './arbitraries';
import { recordFuzz, runs } from './counts';

function run(filter: TextFilter, pieces: string[]): string {
  let out = '';
  for (const p of pieces) out += filter.push(p);
  return out + filter.end();
}

const STOPS = ['\n\n', '<|endoftext|>', '```', 'END'];
const HOLE_PIECES = [OPEN_TAG, CLOSE_TAG, '<COMP', 'LETION>', '</', '```', '```ts\n', '\n```', 'Here is the code:\n', '<think>', '</think>', 'x = 1'];

describe('fuzz: streaming text filters are chunking-invariant', () => {
  it('stop strings cut at the same place however the text arrives', () => {
    let cases = 0;
    fc.assert(
      fc.property(textOf([...TRICKY_CHARS, 'E', 'N', 'D', '`'], [...STOPS, '<|endof', 'EN'], 40), fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        cases++;
        const whole = run(new StopFilter(STOPS), [text]);
        assert.equal(run(new StopFilter(STOPS), splitText(text, cuts)), whole);
        const first = Math.min(...STOPS.map((s) => text.indexOf(s)).filter((i) => i >= 0), text.length);
        assert.equal(whole, text.slice(0, first));
      }),
      { numRuns: runs(3000) },
    );
    recordFuzz('stop-string filter: text chunked anywhere', cases, 'output = text up to the first stop, whatever the chunks');
  });

  it('the chat-hole answer cleaner gives the same code however the answer arrives', () => {
    let cases = 0;
    fc.assert(
      fc.property(
        textOf(['a', ' ', '\n', '(', ')', 'x', '=', '1', '`', '<', '>'], HOLE_PIECES, 30),
        fc.constantFrom('def f(x):\n    ', 'return x', 'const y = ', ''),
        fc.array(fc.nat(), { maxLength: 10 }),
        (answer, prefix, cuts) => {
          cases++;
          const chain = () => new FilterChain([new HoleAnswerCleaner(prefix), new StopFilter(['\n\n'])]);
          const whole = run(chain(), [answer]);
          assert.equal(run(chain(), splitText(answer, cuts)), whole);
          assert.ok(!whole.includes(OPEN_TAG) && !whole.includes(CLOSE_TAG), `tags leaked: ${JSON.stringify(whole)}`);
        },
      ),
      { numRuns: runs(3000) },
    );
    recordFuzz('chat-hole answer cleaner: answers with tags, fences and prose chunked anywhere', cases, 'same output whatever the chunks; no `<COMPLETION>` tag in it');
  });
});
