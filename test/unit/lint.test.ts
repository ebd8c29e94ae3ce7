// The layering rules of eslint.config.mjs and the host tsconfig, run on files that break
// each rule once (test/lint-fixtures, laid out like src/ and left out of `npm run lint`).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/lint-fixtures');

async function lintFixtures(): Promise<Map<string, string[]>> {
  const config = (await import(path.join(root, 'eslint.config.mjs'))) as { layering: Linter.Config[] };
  const eslint = new ESLint({
    cwd: fixtures,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser } }, ...config.layering],
  });
  const results = await eslint.lintFiles(['src/**/*.ts']);
  const byFile = new Map<string, string[]>();
  for (const result of results) {
    const lines = result.messages.map((m) => `${m.line}:${m.ruleId}:${m.message}`);
    byFile.set(path.relative(fixtures, result.filePath).split(path.sep).join('/'), lines);
  }
  return byFile;
}

describe('layering rules', function () {
  // ESLint loads the TypeScript parser once; on a busy machine that is slow, not wrong.
  this.timeout(120_000);
  let byFile: Map<string, string[]>;
  before(async () => {
    byFile = await lintFixtures();
  });

  it('providers/ may import only shared/ and its own files', () => {
    const messages = byFile.get('src/providers/importsFeature.ts') ?? [];
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0], /^2:no-restricted-imports:.*providers\/ imports only shared\//);
    assert.deepEqual(byFile.get('src/providers/allowed.ts'), []);
  });

  it('shared/ imports no feature', () => {
    const messages = byFile.get('src/shared/importsFeature.ts') ?? [];
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0], /^2:no-restricted-imports:.*shared\/ imports no feature/);
  });

  it("a feature's core/ imports no other feature's adapter, but may import its core/", () => {
    const messages = byFile.get('src/chat/core/importsAdapter.ts') ?? [];
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0], /^2:no-restricted-imports:.*may not import a feature's VS Code adapter/);
  });

  it('pure folders do not import vscode', () => {
    const messages = byFile.get('src/completion/core/importsVscode.ts') ?? [];
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0], /^2:no-restricted-imports:.*keep `vscode` in the adapter files/);
  });

  it('host code is compiled without the DOM lib, webview code with it', () => {
    const diagnosticsWith = (configFile: string) => {
      const read = ts.readConfigFile(path.join(root, configFile), (file) => fs.readFileSync(file, 'utf8'));
      const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
      const program = ts.createProgram([path.join(fixtures, 'src/speed/usesDom.ts')], { ...parsed.options, types: [] });
      return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    };
    const host = diagnosticsWith('tsconfig.json');
    assert.ok(host.some((m) => /Cannot find name 'document'/.test(m)), host.join('\n'));
    assert.deepEqual(diagnosticsWith('tsconfig.webview.json'), []);
  });
});
