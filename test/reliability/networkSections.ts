// The network and rendering sections of docs/reliability.md: what the e2e suite
// test/e2e/specs/security-network.e2e.ts observed (canaries against a logging endpoint, a 2 MB
// answer in the chat panel). Kept apart from sections.ts so each area adds its own sections.
import type { Cell, Results } from './sections';

const cell = (value: Cell | undefined) => String(value ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const table = (headers: string[], rows: Cell[][]) =>
  [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

export const NETWORK_SECTIONS = [
  {
    name: 'network',
    render: (data: Results[string]) => {
      const vectors = data.rows.filter((r) => r.vector !== undefined);
      const measures = data.rows.filter((r) => r.measure !== undefined);
      return [
        `${Number(data.canaries ?? 0)} canaries, random per run, in a profile of the user's settings (\`test/e2e/specs/security-network.e2e.ts\`): an \`x-api-key\` header, a \`Basic\` Authorization header, and an \`api_key\` in the base URL's query. A logging endpoint on loopback serves the profile; a second one stands for another origin. The credential headers move from \`settings.json\` to secret storage and are sent from there; the base URL's query is sent with every request. The chat then asks while the endpoint echoes the whole request (URL and headers) in a 403, in a 400, and answers with a 307 to the second server.`,
        '',
        table(['What happened', 'Shown in chat', 'Canaries found'], vectors.map((r) => [r.vector, r.shown, r.found])),
        '',
        'A 2 MB code block (one TypeScript fence) streamed into the chat panel by the same endpoint, at a profile limit of 1,000,000 tokens, while keys are typed into the panel\'s input; times are measured in the panel\'s page (key event timestamp to the next animation frame, and the Event Timing API), memory is the PSS of every process of the session (Chromium and code-server with its extension host) after a garbage collection in the pages:',
        '',
        table(['Measure', 'Value', 'Limit'], measures.map((r) => [r.measure, r.value, r.limit])),
      ].join('\n');
    },
  },
];

export const NETWORK_HEADINGS: Record<string, string> = {
  network: '## Credentials on the network, and a large answer',
};
