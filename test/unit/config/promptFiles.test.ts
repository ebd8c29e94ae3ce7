// The gate against a real folder: links made with fs.symlink, real paths from fs.realpath.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PromptFileGate } from '../../../src/config/core/promptFiles';

describe('prompt gate on disk', () => {
  let root: string;
  let ws: string;
  let gate: PromptFileGate;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fi-gate-'));
    ws = path.join(root, 'project');
    fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
    fs.mkdirSync(path.join(ws, '.git'));
    fs.writeFileSync(path.join(ws, '.env'), 'TOKEN=x\n');
    fs.writeFileSync(path.join(ws, '.git', 'config'), '[remote]\n');
    fs.writeFileSync(path.join(ws, 'src', 'app.ts'), 'export {};\n');
    fs.writeFileSync(path.join(root, 'outside.txt'), 'home\n');
    // ln -s .env notes.txt, and friends.
    fs.symlinkSync('.env', path.join(ws, 'notes.txt'));
    fs.symlinkSync('../outside.txt', path.join(ws, 'outside-link.txt'));
    fs.symlinkSync('.git/config', path.join(ws, 'remote.txt'));
    fs.symlinkSync('src/app.ts', path.join(ws, 'main.ts'));
    fs.symlinkSync('missing.ts', path.join(ws, 'dangling.ts'));
    fs.symlinkSync('notes.txt', path.join(ws, 'chain.md'));
    // The workspace opened through a link to it.
    fs.symlinkSync(ws, path.join(root, 'linked-project'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  beforeEach(() => {
    gate = new PromptFileGate((p) => fs.promises.realpath(p));
    gate.setFolders([ws]);
  });

  const refusal = async (p: string) => {
    const v = await gate.verdict('file', p);
    return v.allowed ? `allowed as ${v.relativePath}` : `${v.refusal}${v.link ? ' (link)' : ''}`;
  };

  it('judges a link by its target: .env, a file outside the workspace, .git/config, a chain of links', async () => {
    assert.equal(await refusal(path.join(ws, 'notes.txt')), 'excluded (link)');
    assert.equal(await refusal(path.join(ws, 'outside-link.txt')), 'outside-workspace (link)');
    assert.equal(await refusal(path.join(ws, 'remote.txt')), 'version-control (link)');
    assert.equal(await refusal(path.join(ws, 'chain.md')), 'excluded (link)');
  });

  it('allows a link to a workspace file under the name it was opened by, and refuses a dangling one', async () => {
    assert.equal(await refusal(path.join(ws, 'main.ts')), 'allowed as main.ts');
    assert.equal(await refusal(path.join(ws, 'src', 'app.ts')), 'allowed as src/app.ts');
    assert.equal(await refusal(path.join(ws, 'dangling.ts')), 'unresolved');
  });

  it('follows a workspace folder that is itself a link', async () => {
    gate.setFolders([path.join(root, 'linked-project')]);
    assert.equal(await refusal(path.join(root, 'linked-project', 'src', 'app.ts')), 'allowed as src/app.ts');
    assert.equal(await refusal(path.join(root, 'linked-project', 'notes.txt')), 'excluded (link)');
  });

  it('applies the exclude globs as they are now, and reports a malformed one without throwing', async () => {
    assert.deepEqual(gate.setExcludeGlobs(['src/**', '[z-a]']).map((i) => i.glob), ['[z-a]']);
    assert.equal(await refusal(path.join(ws, 'src', 'app.ts')), 'excluded');
    assert.equal(await refusal(path.join(ws, 'main.ts')), 'excluded (link)', 'the link’s target is excluded');
    assert.ok(gate.excludes('src/app.ts'));
    gate.setExcludeGlobs([]);
    assert.equal(await refusal(path.join(ws, 'src', 'app.ts')), 'allowed as src/app.ts');
  });

  it('reports each malformed glob once, however often the settings are read', () => {
    assert.deepEqual(gate.setExcludeGlobs(['{', '**/*.log']).map((i) => i.glob), ['{']);
    assert.deepEqual(gate.setExcludeGlobs(['{', '**/*.log']), [], 'the same settings again');
    assert.deepEqual(gate.setExcludeGlobs(['{', '**/*.{pem']).map((i) => i.glob), ['**/*.{pem'], 'only the new one');
    assert.ok(gate.excludes('logs/debug.log') === false && gate.excludes('a/.env'), 'the valid globs and the secret patterns still apply');
  });

  it('reads no disk for an untitled editor', async () => {
    const blind = new PromptFileGate(() => Promise.reject(new Error('no disk')));
    assert.deepEqual(await blind.verdict('untitled', 'Untitled-1'), { allowed: true, relativePath: 'Untitled-1' });
  });
});
