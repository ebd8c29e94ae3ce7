// What the manifest promises about trust: Restricted Mode support is declared, and the
// settings that decide where code and keys go can only come from the user's own settings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RowRecorder } from './rows';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; description?: string; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
};
const properties = manifest.contributes.configuration.properties;

/** Where requests go and whether code may leave: a workspace must not decide. */
const APPLICATION_SCOPED = ['fastInference.profiles', 'fastInference.completionProfile', 'fastInference.chatProfile', 'fastInference.allowInRestrictedMode'];

describe('reliability: the manifest on workspace trust', () => {
  const rows = new RowRecorder('manifest');
  after(() => rows.write());

  it('declares limited support for untrusted workspaces and says what Restricted Mode does', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.match(untrusted?.description ?? '', /Restricted Mode/);
    // Settings a workspace could use to widen what is read are ignored in Restricted Mode.
    assert.ok(untrusted?.restrictedConfigurations?.includes('fastInference.completions.excludeGlobs'));
    rows.add({ order: 0, item: '`capabilities.untrustedWorkspaces`', value: `\`supported: "${String(untrusted?.supported)}"\`, restricted: ${untrusted?.restrictedConfigurations?.map((c) => `\`${c}\``).join(', ')}` });
  });

  for (const key of APPLICATION_SCOPED) {
    it(`${key} is application-scoped: only user settings can set it`, () => {
      assert.ok(properties[key], `${key} is not contributed`);
      assert.equal(properties[key]!.scope, 'application');
      rows.add({ order: 1 + APPLICATION_SCOPED.indexOf(key), item: `\`${key}\``, value: 'scope `application`' });
    });
  }
});
