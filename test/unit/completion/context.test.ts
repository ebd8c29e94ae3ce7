import { strict as assert } from 'node:assert';
import { SnippetRing, jaccard } from '../../../src/completion/core/contextRing';
import { GlobSet, compileGlob } from '../../../src/shared/globs';
import { buildFimRequest, DEFAULT_PROMPT_BUDGET, windowPrefix, windowSuffix } from '../../../src/completion/core/prompt';
import { SECRET_FILE_GLOBS } from '../../../src/config/core/settings';

describe('completion context', () => {
  describe('exclusion globs', () => {
    const secrets = new GlobSet(SECRET_FILE_GLOBS);

    it('matches the default secret files anywhere, in any case', () => {
      for (const path of ['/home/u/app/.env', '/home/u/app/.env.local', 'C:\\work\\certs\\server.PEM', '/k/id_rsa.pub', '/p/.npmrc', '/home/u/.aws/credentials', 'config/.ENV']) {
        assert.equal(secrets.matches(path), true, path);
      }
    });

    it('leaves ordinary source files alone', () => {
      for (const path of ['/home/u/app/env.ts', '/home/u/app/src/keys.ts', '/p/environment.py', '/p/envrc.md']) {
        assert.equal(secrets.matches(path), false, path);
      }
    });

    it('supports braces, ? and character classes, and relative paths', () => {
      assert.ok(compileGlob('**/*.{pem,crt}').test('a/b/c.crt'));
      assert.ok(compileGlob('secret?.txt').test('secret1.txt'));
      assert.ok(compileGlob('**/[st]mp/*').test('x/tmp/y'));
      assert.ok(new GlobSet(['private/**']).matches('/abs/ws/private/a.ts', 'private/a.ts'));
      assert.equal(new GlobSet(['private/**']).matches('/abs/ws/public/a.ts', 'public/a.ts'), false);
    });
  });

  describe('snippet ring', () => {
    const file = (n: number, word: string) => Array.from({ length: n }, (_, i) => `const ${word}${i} = ${i};`).join('\n');

    it('keeps chunks of other files, most similar to the code near the cursor first', () => {
      const ring = new SnippetRing({ chunkLines: 8 });
      ring.addAround('/a.ts', file(20, 'alpha'), 5);
      ring.addAround('/b.ts', file(20, 'beta'), 5);
      const picked = ring.pick('/c.ts', 'beta3 + beta4', 10_000, () => false);
      assert.deepEqual(picked.map((s) => s.filename), ['/b.ts', '/a.ts']);
      assert.equal(picked[0]!.text.split('\n').length, 8);
    });

    it('never returns the current file, excluded files, or more than the budget', () => {
      const ring = new SnippetRing({ chunkLines: 8 });
      ring.addAround('/a.ts', file(20, 'alpha'), 5);
      ring.addAround('/.env', 'API_KEY=abc', 0);
      assert.deepEqual(ring.pick('/a.ts', '', 10_000, () => false).map((s) => s.filename), ['/.env']);
      assert.deepEqual(ring.pick('/c.ts', '', 10_000, (f) => f.endsWith('.env')).map((s) => s.filename), ['/a.ts']);
      assert.deepEqual(ring.pick('/c.ts', '', 50, () => false).map((s) => s.filename), ['/.env']);
    });

    it('replaces values shaped like credentials before a chunk is kept', () => {
      const ring = new SnippetRing({ chunkLines: 8 });
      ring.addAround('config.js', "const aws = {\n  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',\n  region: 'us-east-1',\n};", 1);
      const [snippet] = ring.pick('app.js', '', 10_000, () => false);
      assert.ok(snippet && !snippet.text.includes('AKIAIOSFODNN7EXAMPLE'), snippet?.text);
      assert.ok(snippet.text.includes("region: 'us-east-1'"), 'the rest of the code stays');
    });

    it('evicts a nearly identical chunk instead of keeping both, and the oldest when full', () => {
      const ring = new SnippetRing({ chunkLines: 10, capacity: 2 });
      ring.addAround('/a.ts', file(10, 'x'), 5);
      ring.addAround('/a.ts', file(10, 'x'), 5);
      assert.equal(ring.size, 1);
      ring.addAround('/b.ts', file(10, 'y'), 5);
      ring.addAround('/c.ts', file(10, 'z'), 5);
      assert.deepEqual(ring.pick('/none', '', 1e6, () => false).map((s) => s.filename).sort(), ['/b.ts', '/c.ts']);
      assert.equal(jaccard(new Set([1, 2]), new Set([2, 3])), 1 / 3);
    });
  });

  describe('prompt budget', () => {
    it('cuts prefix and suffix at line boundaries', () => {
      assert.equal(windowPrefix('aaaa\nbbbb\ncc', 8), 'bbbb\ncc');
      assert.equal(windowSuffix('aa\nbbbb\ncccc', 8), 'aa\nbbbb\n');
      assert.equal(windowPrefix('short', 100), 'short');
    });

    it('gives the prefix more room than the suffix, and snippets only what is left', () => {
      const long = 'x'.repeat(60) + '\n';
      const prefix = long.repeat(200);
      const suffix = long.repeat(200);
      let offered = 0;
      const req = buildFimRequest(
        { prefix, suffix, filePath: '/a.ts', languageId: 'typescript' },
        { budget: DEFAULT_PROMPT_BUDGET, maxTokens: 64, singleLine: false, snippets: (max) => ((offered = max), [{ filename: '/b.ts', text: 'b' }]) },
      );
      assert.ok(req.prefix.length > 3 * req.suffix.length);
      assert.ok(req.prefix.length <= 2048 * 0.6 * 3.5);
      assert.ok(offered > 0 && offered <= 2048 * (1 - 0.6 - DEFAULT_PROMPT_BUDGET.suffixShare) * 4 + 200);
      assert.deepEqual(req.extraContext, [{ filename: '/b.ts', text: 'b' }]);
      assert.equal(req.stop, undefined);
    });

    it('asks the server to stop at the line end for single-line suggestions', () => {
      const req = buildFimRequest({ prefix: 'f(', suffix: 'x)', filePath: '/a.ts', languageId: 'typescript' }, { budget: DEFAULT_PROMPT_BUDGET, maxTokens: 64, singleLine: true });
      assert.deepEqual(req.stop, ['\n']);
      assert.equal(req.extraContext, undefined);
    });
  });
});
