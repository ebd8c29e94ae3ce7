// The "What may enter a prompt" section of docs/reliability.md, rendered from what
// test/e2e/specs/security-canaries.e2e.ts recorded (test-results/reliability/canaries.json).
import { table, type Results } from './sections';

type Row = Results[string]['rows'][number];

export const canarySection = {
  name: 'canaries',
  heading: '## What may enter a prompt',
  render: (data: Results[string]): string => {
    const of = (kind: string) => data.rows.filter((r: Row) => r.table === kind);
    return [
      `${Number(data.canaries ?? 0).toLocaleString('en')} canaries, random per run, planted in a real VS Code (\`test/e2e/specs/security-canaries.e2e.ts\`): one in each kind of file developers keep secrets in, inside the workspace, under \`.git/\`, behind a link (\`ln -s .env notes.txt\`), in a home folder outside the workspace, and in VS Code's own user settings and keybindings (opened through their commands); plus AWS keys in an ordinary \`config.js\`. Each file is visited as a user does, then the user types in \`main.py\` and a completion is asked (every five files, through each of the three ways snippets of other files travel in turn: llama.cpp's \`/infill\` with \`input_extra\`, a raw Qwen prompt with \`<|file_sep|>\` blocks, and the chat hole-filler; the profile is switched with Switch Completion Provider); chat is asked with each file as the active editor; Explain Selection is run on \`.env\` and on the user settings (refused, with the reason, and no request). Controls in the same run: an ordinary \`helpers.py\` reaches the completion prompt through each of the three and the chat prompt, and \`config.js\` reaches the snippet ring with its keys replaced by \`[redacted]\` and its code kept. No request carries the absolute path of the workspace or of the home folder.`,
      '',
      table(['Where', 'Looked at', 'Canaries found'], of('searched').map((r: Row) => [r.check, r.items, r.found])),
      '',
      table(['Planted in', 'How it was reached', 'Found'], of('planted').map((r: Row) => [`\`${String(r.file)}\``, r.where, r.found])),
      '',
      'The rules behind it are unit-tested in `test/unit/config/promptPolicy.test.ts` (schemes, workspace folders, `.git/`, every secret pattern, Windows paths), `promptFiles.test.ts` (real links on disk: to `.env`, out of the workspace, into `.git/`, chains, dangling, a workspace opened through a link), `keyShapes.test.ts` (what the content check replaces and what it leaves) and `test/unit/shared/globs.test.ts` (malformed globs skipped and reported; `**a**a**a**a**a**a**a**a**b` on a 1,000-character name in under 10 ms).',
    ].join('\n');
  },
};
