// API-level checks inside a real extension host: the extension activates, its
// manifest's commands exist, and its settings defaults read back as declared.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'fast-inference.fast-inference';

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not installed in this extension host`);
  return found;
}

function manifest(): Manifest {
  return extension().packageJSON as Manifest;
}

describe('Fast Inference in the extension host', () => {
  before(async function () {
    this.timeout(30000);
    await extension().activate();
  });

  it('activates', () => {
    assert.equal(extension().isActive, true);
  });

  it('activates on startup, never on every event', () => {
    const events = manifest().activationEvents ?? [];
    assert.ok(events.includes('onStartupFinished'), JSON.stringify(events));
    assert.ok(!events.includes('*'), JSON.stringify(events));
  });

  it('registers every command its manifest contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = manifest().contributes.commands.map((c) => c.command);
    assert.ok(declared.length > 0, 'the manifest declares no commands');
    const missing = declared.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
  });

  it('reads back every setting default as declared', () => {
    const properties = manifest().contributes.configuration.properties;
    const keys = Object.keys(properties);
    assert.ok(keys.length > 0, 'the manifest declares no settings');
    const config = vscode.workspace.getConfiguration();
    for (const key of keys) {
      const inspected = config.inspect(key);
      assert.ok(inspected, `${key} is not a registered setting`);
      if ('default' in properties[key]) {
        assert.deepEqual(inspected.defaultValue, properties[key].default, `default of ${key}`);
      }
    }
  });
});
