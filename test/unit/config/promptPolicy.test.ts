import * as assert from 'node:assert/strict';
import { describeRefusal, promptExclusions, promptVerdict, type PromptFile, type PromptVerdict } from '../../../src/config/core/promptPolicy';

const WS = [{ path: '/home/u/project' }];
const none = promptExclusions([]);
const file = (path: string, realPath: string | undefined = path): PromptFile => ({ scheme: 'file', path, realPath });
const refusal = (v: PromptVerdict) => (v.allowed ? 'allowed' : v.refusal);

describe('prompt policy', () => {
  it('allows workspace files and untitled editors, named by their path inside the workspace', () => {
    assert.deepEqual(promptVerdict(file('/home/u/project/src/app.ts'), WS, none), { allowed: true, relativePath: 'src/app.ts' });
    assert.deepEqual(promptVerdict({ scheme: 'untitled', path: 'Untitled-1', realPath: undefined }, WS, none), { allowed: true, relativePath: 'Untitled-1' });
    const twoRoots = [{ path: '/w/api' }, { path: '/w/web' }];
    assert.deepEqual(promptVerdict(file('/w/web/index.ts'), twoRoots, none), { allowed: true, relativePath: 'index.ts' });
  });

  it('refuses VS Code’s own documents and every scheme but file and untitled', () => {
    for (const scheme of ['vscode-userdata', 'output', 'git', 'vscode-remote', 'vscode-vfs', 'vscode-settings', 'untitled-x']) {
      assert.equal(refusal(promptVerdict({ scheme, path: '/home/u/project/a.ts', realPath: '/home/u/project/a.ts' }, WS, none)), 'scheme', scheme);
    }
  });

  it('refuses files outside the workspace folders, home dotfiles included, and everything when no folder is open', () => {
    for (const path of ['/home/u/.bashrc', '/home/u/.ssh/config', '/home/u/project-other/a.ts', '/home/u', '/home/u/project', '/etc/hosts']) {
      assert.equal(refusal(promptVerdict(file(path), WS, none)), 'outside-workspace', path);
    }
    assert.equal(refusal(promptVerdict(file('/home/u/project/a.ts'), [], none)), 'outside-workspace');
  });

  it('refuses anything under .git (a token in the remote URL lives in .git/config)', () => {
    for (const path of ['/home/u/project/.git/config', '/home/u/project/sub/.git/HEAD', '/home/u/project/.GIT/config', '/home/u/project/.hg/hgrc']) {
      assert.equal(refusal(promptVerdict(file(path), WS, none)), 'version-control', path);
    }
    assert.equal(refusal(promptVerdict(file('/home/u/project/.gitignore'), WS, none)), 'allowed');
    assert.equal(refusal(promptVerdict(file('/home/u/project/docs/.github/ci.yml'), WS, none)), 'allowed');
  });

  it('refuses every file kind developers keep secrets in, at any depth', () => {
    const secrets = [
      '.env', '.env.local', '.envrc', '.env_prod', '.env~', 'prod.env', 'config/.ENV', 'secrets.yaml', 'deploy/secrets.json', '.git-credentials',
      '.netrc', '.pgpass', '.pypirc', '.npmrc', 'terraform.tfvars', 'infra/prod.tfvars.json', 'terraform.tfstate', 'service-account.json',
      'gcp/service-account-prod.json', 'id_rsa', 'id_ecdsa', 'keys/id_ed25519', 'id_ed25519_sk', '.ssh/config', 'dotfiles/.ssh/known_hosts',
      '.kube/config', '.docker/config.json', '.config/gh/hosts.yml', '.aws/credentials', '.aws/config', 'credentials.json', 'certs/server.pem',
      'tls/private.key', 'store.p12', 'User/settings.json', 'User/keybindings.json', 'User/profiles/1a2b/settings.json',
    ];
    for (const path of secrets) assert.equal(refusal(promptVerdict(file(`/home/u/project/${path}`), WS, none)), 'excluded', path);
  });

  it('leaves ordinary source files alone', () => {
    const fine = ['src/env.ts', 'src/environment.py', 'src/keys.ts', 'src/id_utils.py', 'config.js', 'settings.json', '.vscode/settings.json', 'README.md', 'src/secret_santa.py'];
    for (const path of fine) assert.equal(refusal(promptVerdict(file(`/home/u/project/${path}`), WS, none)), 'allowed', path);
  });

  it('matches globs inside the workspace only, so a workspace below a folder named like a secret still works', () => {
    const ws = [{ path: '/home/u/.ssh-tools/secrets' }];
    assert.equal(refusal(promptVerdict(file('/home/u/.ssh-tools/secrets/main.go'), ws, none)), 'allowed');
  });

  it('adds the user’s exclude globs, relative or by name, and an untitled editor’s name is matched too', () => {
    const user = promptExclusions(['**/private/**', 'vault.yaml', 'Untitled-*']);
    assert.equal(refusal(promptVerdict(file('/home/u/project/private/a.ts'), WS, user)), 'excluded');
    assert.equal(refusal(promptVerdict(file('/home/u/project/deploy/vault.yaml'), WS, user)), 'excluded');
    assert.equal(refusal(promptVerdict({ scheme: 'untitled', path: 'Untitled-2', realPath: undefined }, WS, user)), 'excluded');
    assert.equal(refusal(promptVerdict(file('/home/u/project/public/a.ts'), WS, user)), 'allowed');
  });

  it('judges a link twice: as opened and as the file it points to', () => {
    const notes = promptVerdict(file('/home/u/project/notes.txt', '/home/u/project/.env'), WS, none);
    assert.deepEqual(notes, { allowed: false, refusal: 'excluded', link: true });
    assert.match(describeRefusal(notes as Extract<PromptVerdict, { allowed: false }>), /link/);
    assert.deepEqual(promptVerdict(file('/home/u/project/bashrc.txt', '/home/u/.bashrc'), WS, none), { allowed: false, refusal: 'outside-workspace', link: true });
    assert.equal(refusal(promptVerdict(file('/home/u/project/remote.txt', '/home/u/project/.git/config'), WS, none)), 'version-control');
    // A link named like a secret is refused whatever it points to.
    assert.equal(refusal(promptVerdict(file('/home/u/project/.env', '/home/u/project/env.example'), WS, none)), 'excluded');
    // A link to an ordinary workspace file is fine, and named as opened.
    assert.deepEqual(promptVerdict(file('/home/u/project/current.ts', '/home/u/project/v2/main.ts'), WS, none), { allowed: true, relativePath: 'current.ts' });
  });

  it('accepts a workspace folder opened through a link when the file is below its real path', () => {
    const ws = [{ path: '/home/u/project', realPath: '/data/project' }];
    assert.deepEqual(promptVerdict(file('/home/u/project/a.ts', '/data/project/a.ts'), ws, none), { allowed: true, relativePath: 'a.ts' });
    assert.equal(refusal(promptVerdict(file('/home/u/project/a.ts', '/data/other/a.ts'), ws, none)), 'outside-workspace');
    assert.deepEqual(promptVerdict(file('/data/project/b.ts'), ws, none), { allowed: true, relativePath: 'b.ts' }, 'opened by its real path');
  });

  it('refuses a file whose real path is unknown (deleted, dangling link)', () => {
    assert.equal(refusal(promptVerdict({ scheme: 'file', path: '/home/u/project/gone.ts', realPath: undefined }, WS, none)), 'unresolved');
  });

  it('compares Windows paths by folder whatever the slashes and drive letter case', () => {
    const ws = [{ path: 'C:\\Users\\u\\project' }];
    assert.deepEqual(promptVerdict(file('c:\\Users\\u\\project\\src\\a.ts'), ws, none), { allowed: true, relativePath: 'src/a.ts' });
    assert.equal(refusal(promptVerdict(file('C:\\Users\\u\\project\\.env'), ws, none)), 'excluded');
    assert.equal(refusal(promptVerdict(file('C:\\Users\\u\\.aws\\credentials'), ws, none)), 'outside-workspace');
  });

  it('never names a file by an absolute path', () => {
    const paths = ['/home/u/project/a.ts', '/home/u/project/deep/er/b.py', '/home/u/project/c d/e.go'];
    for (const path of paths) {
      const v = promptVerdict(file(path), WS, none);
      assert.ok(v.allowed && !v.relativePath.startsWith('/') && !v.relativePath.includes('/home/'), path);
    }
  });
});
