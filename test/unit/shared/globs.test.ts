import * as assert from 'node:assert/strict';
import { GlobSet } from '../../../src/shared/globs';

describe('GlobSet', () => {
  it('matches a glob without a slash against the file name in any folder', () => {
    const set = new GlobSet(['secrets.json', 'id_rsa*']);
    assert.ok(set.matches('/home/me/app/config/secrets.json'));
    assert.ok(set.matches('C:\\Users\\me\\.ssh\\id_rsa.pub'));
    assert.ok(!set.matches('/home/me/app/config/secrets.json.md'));
  });

  it('matches a glob with a slash against the whole path or any tail of it', () => {
    const set = new GlobSet(['certs/*.pem']);
    assert.ok(set.matches('/home/me/app/certs/server.pem'), 'absolute path');
    assert.ok(set.matches('certs/server.pem'), 'workspace-relative path');
    assert.ok(!set.matches('/home/me/app/other/server.pem'));
    assert.ok(!set.matches('/home/me/app/certs/deep/server.pem'), '* stays inside one folder');
  });

  it('treats ** as any number of folders and ignores case', () => {
    const set = new GlobSet(['**/.env.*', '/abs/only/*.key']);
    assert.ok(set.matches('/w/.ENV.production'));
    assert.ok(set.matches('/abs/only/a.KEY'));
    assert.ok(!set.matches('/w/abs/only/x/a.key'));
    assert.ok(!new GlobSet([]).matches('/w/.env.production'), 'an empty set matches nothing');
  });
});
