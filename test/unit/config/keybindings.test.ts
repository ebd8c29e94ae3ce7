// The manifest's keybindings leave VS Code's own alone: no contributed key (on Windows,
// Linux or macOS) equals one of VS Code's default keybindings on the same platform, and
// every keybinding is limited by a `when` clause.
//
// The defaults below come from VS Code's documented default keyboard shortcuts
// (https://code.visualstudio.com/docs/reference/default-keybindings, and the keybinding
// rules in the microsoft/vscode sources for the inline suggestion, chat and editor group
// commands, which that page leaves out). They are the shortcuts an extension is most
// likely to collide with: editing, cursor movement, multi-cursor, editor groups, inline
// suggestions, chat and developer tools. Keys are written as VS Code writes them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Platform = 'windows' | 'linux' | 'mac';

/** Shared by Windows and Linux (Ctrl-based). */
const CTRL_PLATFORM_DEFAULTS = [
  'ctrl+x', 'ctrl+c', 'ctrl+v', 'ctrl+z', 'ctrl+y', 'ctrl+a', 'ctrl+s', 'ctrl+shift+s', 'ctrl+n', 'ctrl+o', 'ctrl+w', 'ctrl+f4',
  'ctrl+shift+k', 'ctrl+enter', 'ctrl+shift+enter', 'alt+down', 'alt+up', 'ctrl+d', 'ctrl+k ctrl+d', 'shift+alt+right',
  'shift+alt+left', 'ctrl+shift+l', 'ctrl+f2', 'ctrl+shift+\\', 'ctrl+]', 'ctrl+[', 'ctrl+home', 'ctrl+end', 'ctrl+up',
  'ctrl+down', 'ctrl+left', 'ctrl+right', 'ctrl+shift+left', 'ctrl+shift+right', 'ctrl+backspace', 'ctrl+delete',
  'alt+pageup', 'alt+pagedown', 'ctrl+shift+[', 'ctrl+shift+]', 'ctrl+k ctrl+[', 'ctrl+k ctrl+]', 'ctrl+k ctrl+0',
  'ctrl+k ctrl+j', 'ctrl+k ctrl+c', 'ctrl+k ctrl+u', 'ctrl+/', 'shift+alt+a', 'alt+z', 'ctrl+space', 'ctrl+shift+space',
  'shift+alt+f', 'ctrl+k ctrl+f', 'ctrl+k ctrl+x', 'ctrl+k m', 'ctrl+k ctrl+i', 'ctrl+i', 'ctrl+alt+i', 'ctrl+.', 'ctrl+t',
  'ctrl+g', 'ctrl+p', 'ctrl+shift+o', 'ctrl+shift+m', 'ctrl+shift+tab', 'ctrl+tab', 'alt+left', 'alt+right', 'ctrl+m',
  'ctrl+shift+p', 'ctrl+shift+n', 'ctrl+shift+w', 'ctrl+,', 'ctrl+k ctrl+s', 'ctrl+k f', 'ctrl+\\', 'ctrl+1', 'ctrl+2',
  'ctrl+3', 'ctrl+k ctrl+left', 'ctrl+k ctrl+right', 'ctrl+shift+pageup', 'ctrl+shift+pagedown', 'ctrl+k left',
  'ctrl+k right', 'ctrl+alt+right', 'ctrl+alt+left', 'ctrl+k s', 'ctrl+k ctrl+w', 'ctrl+shift+t', 'ctrl+k enter',
  'ctrl+k p', 'ctrl+k r', 'ctrl+k o', 'ctrl+=', 'ctrl+-', 'ctrl+b', 'ctrl+shift+e', 'ctrl+shift+f', 'ctrl+shift+g',
  'ctrl+shift+d', 'ctrl+shift+x', 'ctrl+shift+h', 'ctrl+shift+j', 'ctrl+shift+u', 'ctrl+shift+v', 'ctrl+k v', 'ctrl+k z',
  'ctrl+shift+b', 'ctrl+`', 'ctrl+shift+`', 'ctrl+shift+c', 'ctrl+h', 'ctrl+f', 'ctrl+shift+y', 'ctrl+j', 'ctrl+e',
  'ctrl+r', 'ctrl+l', 'ctrl+u', 'ctrl+k ctrl+t', 'ctrl+k ctrl+h', 'ctrl+k ctrl+q', 'ctrl+shift+.', 'ctrl+shift+r',
  // Inline suggestions: trigger, next/previous, accept the next word.
  'alt+\\', 'alt+]', 'alt+[',
  'f1', 'f2', 'f5', 'f8', 'f9', 'f10', 'f11', 'f12', 'shift+f5', 'shift+f8', 'shift+f11', 'shift+f12', 'alt+f12', 'ctrl+k f12',
  'ctrl+f5', 'ctrl+shift+f5', 'tab', 'shift+tab', 'escape', 'enter',
];

const DEFAULT_KEYBINDINGS: Record<Platform, readonly string[]> = {
  windows: [
    ...CTRL_PLATFORM_DEFAULTS,
    // Copy line up/down, add cursors above/below, column selection.
    'shift+alt+down', 'shift+alt+up', 'ctrl+alt+down', 'ctrl+alt+up',
    'ctrl+shift+alt+down', 'ctrl+shift+alt+up', 'ctrl+shift+alt+left', 'ctrl+shift+alt+right',
    'ctrl+shift+alt+pageup', 'ctrl+shift+alt+pagedown', 'ctrl+alt+enter', 'alt+enter', 'alt+f4',
  ],
  linux: [
    ...CTRL_PLATFORM_DEFAULTS,
    // Format document, copy line up/down, add cursors above/below, navigate back/forward.
    'ctrl+shift+i', 'ctrl+shift+alt+down', 'ctrl+shift+alt+up', 'shift+alt+down', 'shift+alt+up',
    'ctrl+alt+-', 'ctrl+shift+-', 'ctrl+alt+enter', 'alt+enter', 'ctrl+q',
  ],
  mac: [
    'cmd+x', 'cmd+c', 'cmd+v', 'cmd+z', 'cmd+shift+z', 'cmd+a', 'cmd+s', 'cmd+shift+s', 'cmd+alt+s', 'cmd+n', 'cmd+o',
    'cmd+w', 'cmd+q', 'cmd+shift+k', 'cmd+enter', 'cmd+shift+enter', 'alt+down', 'alt+up', 'shift+alt+down',
    'shift+alt+up', 'cmd+d', 'cmd+k cmd+d', 'ctrl+shift+cmd+right', 'ctrl+shift+cmd+left', 'cmd+shift+l', 'cmd+f2',
    'cmd+shift+\\', 'cmd+]', 'cmd+[', 'cmd+up', 'cmd+down', 'cmd+left', 'cmd+right', 'alt+left', 'alt+right',
    'shift+cmd+left', 'shift+cmd+right', 'ctrl+alt+left', 'ctrl+alt+right', 'cmd+alt+up', 'cmd+alt+down',
    'cmd+alt+[', 'cmd+alt+]', 'cmd+k cmd+[', 'cmd+k cmd+]', 'cmd+k cmd+0', 'cmd+k cmd+j', 'cmd+k cmd+c', 'cmd+k cmd+u',
    'cmd+/', 'shift+alt+a', 'alt+z', 'ctrl+space', 'ctrl+shift+space', 'shift+alt+f', 'cmd+k cmd+f', 'cmd+k cmd+x',
    'cmd+k m', 'cmd+k cmd+i', 'cmd+i', 'ctrl+cmd+i', 'cmd+alt+i', 'cmd+.', 'cmd+t', 'ctrl+g', 'cmd+p', 'cmd+shift+o',
    'cmd+shift+m', 'ctrl+shift+tab', 'ctrl+tab', 'ctrl+-', 'ctrl+shift+-', 'cmd+shift+p', 'cmd+shift+n', 'cmd+shift+w',
    'cmd+,', 'cmd+k cmd+s', 'cmd+k f', 'cmd+\\', 'cmd+1', 'cmd+2', 'cmd+3', 'cmd+k cmd+left', 'cmd+k cmd+right',
    'cmd+alt+left', 'cmd+alt+right', 'cmd+k left', 'cmd+k right', 'ctrl+cmd+left', 'ctrl+cmd+right', 'cmd+k s',
    'cmd+k cmd+w', 'cmd+shift+t', 'cmd+k enter', 'cmd+k p', 'cmd+k r', 'cmd+k o', 'ctrl+cmd+f', 'cmd+=', 'cmd+-',
    'cmd+b', 'cmd+shift+e', 'cmd+shift+f', 'cmd+shift+g', 'cmd+shift+d', 'cmd+shift+x', 'cmd+shift+h', 'cmd+shift+j',
    'cmd+shift+u', 'cmd+shift+v', 'cmd+k v', 'cmd+k z', 'cmd+shift+b', 'ctrl+`', 'ctrl+shift+`', 'cmd+shift+c', 'cmd+f',
    'cmd+alt+f', 'cmd+shift+y', 'cmd+j', 'cmd+e', 'cmd+r', 'cmd+l', 'cmd+u', 'cmd+g', 'cmd+shift+g', 'cmd+h', 'cmd+m',
    'cmd+alt+enter', 'cmd+k cmd+t', 'cmd+k cmd+h', 'cmd+shift+.', 'ctrl+shift+r', 'cmd+shift+i', 'ctrl+cmd+right',
    'alt+\\', 'alt+]', 'alt+[',
    'f1', 'f2', 'f5', 'f8', 'f9', 'f10', 'f11', 'f12', 'shift+f5', 'shift+f8', 'shift+f11', 'shift+f12', 'alt+f12',
    'cmd+k f12', 'ctrl+f5', 'tab', 'shift+tab', 'escape', 'enter',
  ],
};

interface ContributedKeybinding {
  command: string;
  key: string;
  mac?: string;
  linux?: string;
  win?: string;
  when?: string;
}

const MODIFIER_ORDER = ['ctrl', 'shift', 'alt', 'cmd'];

/** One spelling per key: modifiers in a fixed order, meta/win as cmd, lower case. */
export function normaliseKey(key: string): string {
  return key
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((chord) => {
      const parts = chord.split(/\+(?!$)/).map((p) => (p === 'meta' || p === 'win' ? 'cmd' : p));
      const modifiers = parts.slice(0, -1).sort((a, b) => MODIFIER_ORDER.indexOf(a) - MODIFIER_ORDER.indexOf(b));
      return [...modifiers, parts[parts.length - 1]].join('+');
    })
    .join(' ');
}

function keyOn(binding: ContributedKeybinding, platform: Platform): string {
  if (platform === 'mac') return binding.mac ?? binding.key;
  if (platform === 'linux') return binding.linux ?? binding.key;
  return binding.win ?? binding.key;
}

/**
 * Tab and Escape act on a shown next edit suggestion, as they act on VS Code's own inline
 * suggestions: only while the context key that says one is shown is set, and never while
 * ghost text or the suggest widget has them.
 */
const SUGGESTION_KEYS = new Set(['tab', 'escape']);
function onlyWhileSuggestionShown(binding: ContributedKeybinding, platform: Platform): boolean {
  const when = binding.when ?? '';
  return (
    SUGGESTION_KEYS.has(normaliseKey(keyOn(binding, platform))) &&
    /^fastInference\.nextEditShown && /.test(when) &&
    when.includes('!inlineSuggestionVisible') &&
    when.includes('!suggestWidgetVisible')
  );
}

function collisions(bindings: readonly ContributedKeybinding[], platform: Platform): string[] {
  const defaults = new Set(DEFAULT_KEYBINDINGS[platform].map(normaliseKey));
  return bindings
    .filter((b) => defaults.has(normaliseKey(keyOn(b, platform))) && !onlyWhileSuggestionShown(b, platform))
    .map((b) => `${b.command}: ${keyOn(b, platform)}`);
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { keybindings?: ContributedKeybinding[] };
};
const contributed = manifest.contributes.keybindings ?? [];

describe('contributed keybindings', () => {
  it('spells keys one way whatever the order of modifiers', () => {
    assert.equal(normaliseKey('Alt+Ctrl+Right'), 'ctrl+alt+right');
    assert.equal(normaliseKey('cmd+shift+alt+i'), 'shift+alt+cmd+i');
    assert.equal(normaliseKey('ctrl+k  ctrl+i'), 'ctrl+k ctrl+i');
    assert.equal(normaliseKey('ctrl++'), 'ctrl++');
  });

  it('the check catches the shortcuts VS Code already uses (Chat, Developer Tools, Move Editor into Next Group)', () => {
    const shadowing: ContributedKeybinding[] = [
      { command: 'a', key: 'ctrl+alt+i', mac: 'cmd+alt+i' },
      { command: 'b', key: 'alt+ctrl+right', mac: 'ctrl+cmd+right' },
    ];
    for (const platform of ['windows', 'linux', 'mac'] as const) assert.equal(collisions(shadowing, platform).length, 2, platform);
  });

  for (const platform of ['windows', 'linux', 'mac'] as const) {
    it(`no contributed key equals a VS Code default on ${platform}`, () => {
      assert.ok(contributed.length > 0, 'the manifest contributes keybindings');
      assert.deepEqual(collisions(contributed, platform), []);
    });
  }

  it('every keybinding is limited by a when clause and Tab only acts on a shown next edit suggestion', () => {
    for (const binding of contributed) {
      assert.ok(binding.when && binding.when.trim() !== '', `${binding.command} has no when clause`);
      for (const platform of ['windows', 'linux', 'mac'] as const) {
        if (normaliseKey(keyOn(binding, platform)) === 'tab') assert.ok(onlyWhileSuggestionShown(binding, platform), `${binding.command}: tab`);
      }
    }
  });

  it('the exception for Tab and Escape needs the suggestion context key', () => {
    const loose: ContributedKeybinding[] = [
      { command: 'a', key: 'tab', when: 'editorTextFocus' },
      { command: 'b', key: 'escape', when: 'fastInference.nextEditShown' },
    ];
    for (const platform of ['windows', 'linux', 'mac'] as const) assert.equal(collisions(loose, platform).length, 2, platform);
  });
});
