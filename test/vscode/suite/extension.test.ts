// API-level checks inside a real extension host: the extension activates by itself, its
// manifest's commands exist, VS Code's setting defaults are the ones the code falls back to,
// and a command writes a real setting.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS } from '../../../src/config/core/settings';

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

/** The settings object as dotted keys below `fastInference.`: { completions: { enabled } } → 'fastInference.completions.enabled'. */
function flatten(value: object, prefix = 'fastInference.'): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const [k, w] of flatten(v, `${prefix}${key}.`)) out.set(k, w);
    else out.set(prefix + key, v);
  }
  return out;
}

describe('Fast Inference in the extension host', () => {
  // Never activate() here: the extension must come up from its own activation events.
  before(async function () {
    this.timeout(60000);
    while (!extension().isActive) await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('activates by itself after startup, with its commands in place', async () => {
    assert.equal(extension().isActive, true);
    assert.ok((await vscode.commands.getCommands(true)).includes('fastInference.toggleCompletions'));
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

  it('has VS Code default every setting to what the code falls back to', () => {
    const keys = Object.keys(manifest().contributes.configuration.properties);
    const fallbacks = flatten(DEFAULT_SETTINGS);
    assert.deepEqual([...fallbacks.keys()].sort(), [...keys].sort(), 'settings the code reads and the ones VS Code knows');
    const config = vscode.workspace.getConfiguration();
    for (const key of keys) {
      const inspected = config.inspect(key);
      assert.ok(inspected, `${key} is not a registered setting`);
      assert.deepEqual(inspected.defaultValue, fallbacks.get(key), `default of ${key}`);
    }
  });

  it('Toggle Inline Completions writes the user setting and toggles back', async function () {
    this.timeout(20000);
    const read = () => vscode.workspace.getConfiguration('fastInference').get<boolean>('completions.enabled');
    const before = read();
    await vscode.commands.executeCommand('fastInference.toggleCompletions');
    assert.equal(read(), !before);
    await vscode.commands.executeCommand('fastInference.toggleCompletions');
    assert.equal(read(), before);
    await vscode.workspace.getConfiguration('fastInference').update('completions.enabled', undefined, vscode.ConfigurationTarget.Global);
  });
});
