import * as assert from 'node:assert/strict';
import { globToRegExp } from '../../../src/shared/globs';
import { isSecretFile } from '../../../src/chat/core/secretFilter';

describe('secret file filter', () => {
  it('never lets .env, keys, certificates or ssh keys through, whatever the settings say', () => {
    const secrets = [
      '/home/u/project/.env',
      '/home/u/project/.env.local',
      '/home/u/project/config/.env.production',
      'C:\\Users\\u\\project\\.env',
      '/home/u/project/certs/server.pem',
      '/home/u/project/tls/private.key',
      '/home/u/.ssh/id_rsa',
      '/home/u/.ssh/id_rsa.pub',
      '/home/u/.ssh/id_ed25519',
      '/home/u/project/.npmrc',
      '/home/u/project/credentials.json',
      '/home/u/project/.ENV',
    ];
    for (const path of secrets) assert.ok(isSecretFile(path, []), path);
  });

  it('lets ordinary source files through', () => {
    for (const path of ['/home/u/project/src/app.ts', '/home/u/project/env.ts', '/home/u/project/keyboard.ts', '/home/u/project/README.md', 'untitled:Untitled-1']) {
      assert.equal(isSecretFile(path, []), false, path);
    }
  });

  it('adds the user exclude globs, relative or by name', () => {
    const globs = ['**/secrets/**', 'vault.yaml', 'config/*.local.json'];
    assert.ok(isSecretFile('/w/project/secrets/db.ts', globs));
    assert.ok(isSecretFile('/w/project/deploy/vault.yaml', globs));
    assert.ok(isSecretFile('/w/project/config/app.local.json', globs));
    assert.equal(isSecretFile('/w/project/config/app.json', globs), false);
    assert.equal(isSecretFile('/w/project/src/secrets.ts', globs), false);
  });

  it('translates globs: ** spans folders, * stays in one, braces and classes work', () => {
    assert.ok(globToRegExp('**/*.{ts,js}').test('a/b/c.ts'));
    assert.ok(globToRegExp('**/*.{ts,js}').test('c.js'));
    assert.equal(globToRegExp('src/*.ts').test('src/a/b.ts'), false);
    assert.ok(globToRegExp('src/**').test('src/a/b.ts'));
    assert.ok(globToRegExp('file[0-9].txt').test('file7.txt'));
    assert.equal(globToRegExp('file[!0-9].txt').test('file7.txt'), false);
    assert.ok(globToRegExp('a?c').test('abc'));
    assert.ok(globToRegExp('a.b(c)+$').test('a.b(c)+$'));
  });
});
