// FIM prompt builders against user text full of the model families' special tokens. The
// escaping rule (docs/reliability.md): a special token of the family found in the user's code,
// file names or other files gets a zero-width space after its first character. So the prompt
// holds exactly the template's own special tokens, and removing those zero-width spaces gives
// back the user's text unchanged.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildHolePrompt, HOLE, HOLE_MARKERS } from '../../../src/providers/fim/chatHole';
import { FIM_TEMPLATES, TOKEN_BREAK } from '../../../src/providers/fim/templates';
import type { FimRequest, FimTemplateId } from '../../../src/providers/types';
import { textOf } from './arbitraries';
import { recordFuzz, runs } from './counts';

const ALL_SPECIAL = [...new Set(Object.values(FIM_TEMPLATES).flatMap((t) => t.special))];
/** Pieces of tokens too, so that user text and template text could meet to form one. */
const FRAGMENTS = ALL_SPECIAL.flatMap((t) => [t.slice(0, 2), t.slice(1), t.slice(0, -1), t.slice(-2)]);
const CHARS = ['a', ' ', '\n', '<', '>', '|', '[', ']', '_', '/', 'é', '😀', '｜', '▁'];

const userText = textOf(CHARS, [...ALL_SPECIAL, ...FRAGMENTS, ...HOLE_MARKERS], 16);
const requests: fc.Arbitrary<FimRequest> = fc.record({
  prefix: userText,
  suffix: userText,
  filePath: fc.option(userText, { nil: undefined }),
  extraContext: fc.option(fc.array(fc.record({ filename: userText, text: userText }), { maxLength: 3 }), { nil: undefined }),
  maxTokens: fc.constant(32),
});

/** Occurrences of each token, scanning left to right as a tokenizer matching special tokens would. */
function countSpecial(text: string, tokens: readonly string[]): Map<string, number> {
  const longestFirst = [...tokens].sort((a, b) => b.length - a.length);
  const counts = new Map<string, number>();
  for (let i = 0; i < text.length; ) {
    const token = longestFirst.find((t) => text.startsWith(t, i));
    if (token) {
      counts.set(token, (counts.get(token) ?? 0) + 1);
      i += token.length;
    } else i++;
  }
  return counts;
}

/** The same request with every piece of user text emptied: the template's own skeleton. */
function skeleton(req: FimRequest): FimRequest {
  return {
    ...req,
    prefix: '',
    suffix: '',
    filePath: req.filePath === undefined ? undefined : 'f',
    extraContext: req.extraContext?.map(() => ({ filename: 'f', text: '' })),
  };
}

const unbreak = (text: string) => text.split(TOKEN_BREAK).join('');
const noBreaks = (req: FimRequest) => !JSON.stringify(req).includes(TOKEN_BREAK);

describe('fuzz: FIM prompt builders cannot be steered by the user’s text', () => {
  for (const id of Object.keys(FIM_TEMPLATES) as FimTemplateId[]) {
    it(`${id}: only the template's own special tokens, user text recoverable`, () => {
      const template = FIM_TEMPLATES[id];
      // Some families have no way to show other files; their snippets are left out.
      const showsOtherFiles = template.build({ prefix: '', suffix: '', maxTokens: 1, extraContext: [{ filename: 'f', text: 'MARK' }] }).includes('MARK');
      let cases = 0;
      fc.assert(
        fc.property(requests.filter(noBreaks), (req) => {
          cases++;
          const prompt = template.build(req);
          assert.deepEqual(countSpecial(prompt, template.special), countSpecial(template.build(skeleton(req)), template.special));
          // The escaping only inserted zero-width spaces: without them every piece of user text is back.
          const plain = unbreak(prompt);
          const others = showsOtherFiles ? (req.extraContext ?? []).map((s) => s.text) : [];
          for (const piece of [req.prefix, req.suffix, ...others]) assert.ok(plain.includes(piece), `lost ${JSON.stringify(piece)}`);
        }),
        { numRuns: runs(700) },
      );
      recordFuzz(`FIM template ${id}: prefix, suffix, file names and other files full of special tokens and their fragments`, cases, "special tokens in the prompt = the template's own; user text recoverable");
    });
  }

  it('chat hole prompt: one hole, the file markers only where the prompt puts them', () => {
    let cases = 0;
    fc.assert(
      fc.property(requests.filter(noBreaks), (req) => {
        cases++;
        const [, user] = buildHolePrompt(req);
        const counts = countSpecial(user!.content, HOLE_MARKERS);
        assert.equal(counts.get(HOLE), 1);
        const files = 1 + (req.extraContext?.length ?? 0);
        assert.equal(counts.get('<FILE>'), files);
        assert.equal(counts.get('</FILE>'), files);
        assert.equal(counts.get('<COMPLETION>') ?? 0, 0);
        assert.equal(counts.get('</COMPLETION>') ?? 0, 0);
        const plain = unbreak(user!.content);
        assert.ok(plain.includes(`${req.prefix}${HOLE}${req.suffix}`), 'the code around the hole is the user’s');
      }),
      { numRuns: runs(1500) },
    );
    recordFuzz('chat hole prompt: code and other files containing `{{FILL_HERE}}`, `<FILE>`, `<COMPLETION>`', cases, 'exactly one hole, file markers only where the prompt puts them, user text recoverable');
  });
});
