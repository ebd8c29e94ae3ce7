import * as assert from 'node:assert/strict';
import { parseFimPrompt } from '../../fake-server/fim';
import { draw, locatePrefix, mutateLine, oracleAnswer } from '../../fake-server/oracle';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { countTokens } from '../../fake-server/tokens';
import { chatBody, send, streamedText } from './client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DOC = [
  'export function area(width: number, height: number): number {',
  '  const result = width * height;',
  '  return result;',
  '}',
  '',
  'export function perimeter(width: number, height: number): number {',
  '  return 2 * (width + height);',
  '}',
  '',
].join('\n');
const OTHER = 'def greet(name):\n    print("hello", name)\n';
const documents = [{ text: OTHER }, { text: DOC }];

/** The document up to the middle of "const result = width" on line 2. */
const cursor = DOC.indexOf('width * height;');
const prefix = DOC.slice(0, cursor);
const suffix = DOC.slice(cursor);

describe('fake server: FIM oracle', () => {
  it('answers the rest of the line exactly, then plausible wrong lines', () => {
    const a = oracleAnswer({ documents, wrongLines: 2 }, { prefix, suffix });
    const lines = a.text.split('\n');
    assert.equal(lines[0], 'width * height;');
    assert.equal(lines.length, 3);
    assert.notEqual(lines[1], '  return result;');
    assert.match(lines[1]!, /^ {2}return \w+;$/, 'keeps the shape and indentation of the real next line');
    assert.notEqual(lines[2], '}');
    assert.deepEqual(a.match, { document: 1, offset: cursor, tailLength: prefix.length });
  });

  it('is deterministic', () => {
    const a = oracleAnswer({ documents, wrongLines: 3 }, { prefix, suffix: '' });
    const b = oracleAnswer({ documents, wrongLines: 3 }, { prefix, suffix: '' });
    assert.equal(a.text, b.text);
  });

  it('finds the prefix from its tail when earlier text differs (a partly typed file)', () => {
    const edited = '// a header the document does not have\nimport x from "y";\n' + DOC.slice(0, DOC.indexOf('(width + height)'));
    const m = locatePrefix(edited, documents)!;
    assert.equal(m.document, 1);
    assert.equal(m.offset, DOC.indexOf('(width + height)'));
    assert.equal(oracleAnswer({ documents }, { prefix: edited, suffix: '' }).text, '(width + height);');
  });

  it('proposes the next line when the cursor is at the end of a line', () => {
    const atEol = DOC.slice(0, DOC.indexOf('\n  return result;'));
    assert.equal(oracleAnswer({ documents }, { prefix: atEol, suffix: '' }).text, '\n  return result;');
  });

  it('cuts the answer at maxTokens', () => {
    const a = oracleAnswer({ documents, wrongLines: 5, maxTokens: 3 }, { prefix, suffix });
    assert.equal(a.text, 'width '); // 'widt', 'h', ' '
    assert.equal(countTokens(a.text), 3);
  });

  it('guesses briefly and deterministically when the prefix is in no document', () => {
    const a = oracleAnswer({ documents }, { prefix: 'something entirely different\n  ', suffix: '' });
    assert.equal(a.match, undefined);
    assert.ok(a.text.length > 0 && a.text.length < 40 && !a.text.includes('\n'));
    assert.equal(a.text, oracleAnswer({ documents }, { prefix: 'something entirely different\n  ', suffix: '' }).text);
  });

  it('never returns a wrong line equal to the original', () => {
    for (const line of ['}', '', '  return result;', 'x = 1', '    pass']) assert.notEqual(mutateLine(line, 3), line);
  });

  describe('model behaviours', () => {
    const docLines = DOC.split('\n');
    const nextLine = DOC.indexOf('\n  return result;');
    /** Spots across DOC: every line end and the middle of every line. */
    const spots = docLines.flatMap((line, i) => {
      const start = docLines.slice(0, i).join('\n').length + (i > 0 ? 1 : 0);
      return line.length > 1 ? [start + (line.length >> 1), start + line.length] : [start + line.length];
    });

    it('next-lines: the rest of the line and the next lines all right', () => {
      const a = oracleAnswer({ documents, behaviour: 'next-lines', linesAfter: 3 }, { prefix, suffix });
      assert.equal(a.text, ['width * height;', '  return result;', '}', ''].join('\n'));
      const atEol = oracleAnswer({ documents, behaviour: 'next-lines', linesAfter: 2 }, { prefix: DOC.slice(0, nextLine), suffix: '' });
      assert.equal(atEol.text, '\n  return result;\n}\n');
    });

    it('wrong: differs from the document from its first character, mid-line and at a line end', () => {
      for (const at of spots) {
        const a = oracleAnswer({ documents, behaviour: 'wrong', linesAfter: 2 }, { prefix: DOC.slice(0, at), suffix: DOC.slice(at) });
        const rest = DOC.slice(at);
        if (rest.startsWith('\n')) {
          // At a line end: a line break (the next line), then its indentation, then something else.
          const indent = /^\n[ \t]*/.exec(rest)![0];
          assert.ok(a.text.startsWith(indent), `at ${at}: ${JSON.stringify(a.text)}`);
          assert.notEqual(a.text[indent.length], rest[indent.length], `at ${at}: ${JSON.stringify(a.text)}`);
        } else {
          assert.notEqual(a.text[0], rest[0], `at ${at}: ${JSON.stringify(a.text)}`);
        }
        assert.equal(a.text.replace(/^\n/, '').split('\n').length, 3);
      }
    });

    it('noisy: each line right with about the given chance, the same every time for a seed', () => {
      const spec = { documents, behaviour: 'noisy' as const, linesAfter: 3, rightProbability: 0.6, seed: 7 };
      let right = 0;
      let total = 0;
      for (const at of spots) {
        const parts = { prefix: DOC.slice(0, at), suffix: DOC.slice(at) };
        const text = oracleAnswer(spec, parts).text;
        assert.equal(text, oracleAnswer(spec, parts).text, 'deterministic');
        const expected = oracleAnswer({ ...spec, behaviour: 'next-lines' }, parts).text.replace(/^\n/, '').split('\n');
        const got = text.replace(/^\n/, '').split('\n');
        assert.equal(got.length, expected.length);
        got.forEach((line, i) => {
          total++;
          if (line === expected[i]) right++;
        });
      }
      // 4 lines at each of the spots; a share far from 0.6 would be a broken draw.
      assert.ok(total >= 40, `${total}`);
      assert.ok(right / total > 0.4 && right / total < 0.8, `${right} of ${total}`);
      const other = spots.map((at) => oracleAnswer({ ...spec, seed: 8 }, { prefix: DOC.slice(0, at), suffix: '' }).text);
      assert.notDeepEqual(other, spots.map((at) => oracleAnswer(spec, { prefix: DOC.slice(0, at), suffix: '' }).text), 'another seed draws otherwise');
    });

    it('draws numbers spread over [0, 1)', () => {
      const values = Array.from({ length: 1000 }, (_, i) => draw(1, 0, i));
      assert.ok(values.every((v) => v >= 0 && v < 1));
      assert.equal(values.filter((v) => v < 0.5).length > 400 && values.filter((v) => v < 0.5).length < 600, true);
      assert.equal(draw(3, 1, 2), draw(3, 1, 2));
    });
  });

  describe('raw FIM prompts', () => {
    const P = 'def f():\n    ret';
    const S = '\n\nprint(f())';
    const cases: Array<[string, string]> = [
      ['qwen', `<|repo_name|>demo\n<|file_sep|>a.py\n<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`],
      ['starcoder', `<fim_prefix>${P}<fim_suffix>${S}<fim_middle>`],
      ['deepseek', `<｜fim▁begin｜>${P}<｜fim▁hole｜>${S}<｜fim▁end｜>`],
      ['codellama', `<PRE> ${P} <SUF>${S} <MID>`],
      ['codestral', `[SUFFIX]${S}[PREFIX]${P}`],
    ];
    for (const [family, prompt] of cases) {
      it(`recovers prefix and suffix from a ${family} prompt`, () => {
        assert.deepEqual(parseFimPrompt(prompt), { prefix: P, suffix: S });
      });
    }
    it('returns null for a plain prompt', () => {
      assert.equal(parseFimPrompt('just code'), null);
    });
  });

  describe('over HTTP', () => {
    let server: FakeServer;
    before(async () => {
      server = await startFakeServer({ ttftMs: 1, tokensPerSecond: 10000, response: { kind: 'oracle', documents, wrongLines: 1 } });
    });
    after(() => server.close());

    const expected = oracleAnswer({ documents, wrongLines: 1 }, { prefix, suffix }).text;

    it('answers /v1/completions with prompt + suffix and with raw FIM tokens', async () => {
      const plain = await send(`${server.baseUrl}/completions`, { model: 'm', prompt: prefix, suffix, stream: true });
      assert.equal(streamedText(plain), expected);
      const raw = await send(`${server.baseUrl}/completions`, { model: 'm', prompt: `<|fim_prefix|>${prefix}<|fim_suffix|>${suffix}<|fim_middle|>` });
      assert.equal((JSON.parse(raw.body.toString()) as Json).choices[0].text, expected);
    });

    it('answers llama.cpp /infill from input_prefix + prompt', async () => {
      const cut = prefix.lastIndexOf('\n') + 1;
      const r = await send(`${server.url}/infill`, { input_prefix: prefix.slice(0, cut), prompt: prefix.slice(cut), input_suffix: suffix, stream: true });
      assert.equal(streamedText(r), expected);
    });

    it('answers a chat prompt with a hole marker', async () => {
      const r = await send(`${server.baseUrl}/chat/completions`, chatBody({ messages: [{ role: 'user', content: `${prefix}{{FILL_HERE}}${suffix}` }] }));
      assert.equal(streamedText(r), expected);
    });

    it('answers Mistral FIM with prompt + suffix', async () => {
      server.configure({ capabilities: { mistralFim: true } });
      const r = await send(`${server.baseUrl}/fim/completions`, { model: 'codestral-latest', prompt: prefix, suffix, stream: true });
      assert.equal(streamedText(r), expected);
    });
  });
});
