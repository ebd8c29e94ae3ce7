// Control characters: stripped from what goes into a file or the clipboard (completions, chat
// code actions); bidi controls kept but flagged, with where they are.
import * as assert from 'node:assert/strict';
import { ChatController } from '../../../src/chat/core/controller';
import { ConversationStore } from '../../../src/chat/core/store';
import type { HostMessage } from '../../../src/shared/chatProtocol';
import { bidiWarning, findBidiControls, stripControlCharacters } from '../../../src/shared/textHygiene';
import { ManualTime } from '../chat/fakeTime';
import { FakeContext, FakeEditor, FakeProviders, FakeUi, ScriptedClient } from '../chat/fakes';
import { InMemoryStorage } from '../support/memoryStorage';

describe('text hygiene', () => {
  it('strips C0 controls but tab and line feed, a CR outside CRLF, DEL and C1', () => {
    assert.equal(stripControlCharacters('a\u001b[31mred\u001b[0m\tb\nc'), 'a[31mred[0m\tb\nc');
    assert.equal(stripControlCharacters('one\r\ntwo\rthree'), 'one\r\ntwothree');
    assert.equal(stripControlCharacters('\u0000\u0007\u0008\u000b\u000c\u007f\u0085\u009bok'), 'ok');
    // Everything printable stays, bidi characters and U+00A0 included.
    const kept = 'const s = "é ü 漢字 \u00a0 \u202e \u2066";\n\tx();\r\n';
    assert.equal(stripControlCharacters(kept), kept);
  });

  it('strips every C0 control but tab and line feed on its own, for each code point', () => {
    for (let c = 0; c < 0x20; c++) {
      const ch = String.fromCharCode(c);
      const expected = ch === '\t' || ch === '\n' ? `x${ch}y` : 'xy';
      assert.equal(stripControlCharacters(`x${ch}y`), expected, `U+${c.toString(16)}`);
    }
  });

  it('finds bidi controls with their names and lines', () => {
    assert.deepEqual(findBidiControls('ok\ninvoice\u202egnp.exe\n\u2066x\u2069'), [
      { name: 'U+202E RIGHT-TO-LEFT OVERRIDE', line: 2 },
      { name: 'U+2066 LEFT-TO-RIGHT ISOLATE', line: 3 },
      { name: 'U+2069 POP DIRECTIONAL ISOLATE', line: 3 },
    ]);
    for (const ch of ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u2067', '\u2068']) assert.equal(findBidiControls(ch).length, 1, ch);
    assert.deepEqual(findBidiControls('plain ascii, and \u200b zero width space'), []);
    assert.equal(bidiWarning('clean'), undefined);
  });

  it('chat Copy and Insert: control bytes removed, bidi characters kept and flagged in the notice', async () => {
    const time = new ManualTime();
    const editor = new FakeEditor();
    let n = 0;
    const newId = () => `id${++n}`;
    const store = new ConversationStore(new InMemoryStorage(), time, () => 1, newId);
    const controller = new ChatController({
      store, providers: new FakeProviders(new ScriptedClient()), context: new FakeContext(), editor, ui: new FakeUi(),
      clock: time, timers: time, now: () => 1, newId,
    });
    const posted: HostMessage[] = [];
    controller.outbox.attach((m) => posted.push(structuredClone(m)));
    await controller.handle({ type: 'ready' });
    await controller.handle({ type: 'codeAction', action: 'insert', code: 'echo "\u001b]0;pwned\u0007"\nname = "invoice\u202egnp.exe"', language: 'sh' });
    await controller.handle({ type: 'codeAction', action: 'copy', code: 'x = 1\u001b', language: 'py' });
    assert.deepEqual(editor.calls, ['insert:echo "]0;pwned"\nname = "invoice\u202egnp.exe"', 'copy:x = 1']);
    const notices = posted.filter((m): m is Extract<HostMessage, { type: 'notice' }> => m.type === 'notice');
    assert.equal(notices[0].level, 'warning');
    assert.match(notices[0].text, /a bidirectional control character \(U\+202E RIGHT-TO-LEFT OVERRIDE on line 2\)/);
    assert.equal(notices[1].level, 'info');
  });
});
