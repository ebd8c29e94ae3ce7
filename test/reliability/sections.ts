// The sections of docs/reliability.md, each rendered from one results file. Prose that explains
// a table lives beside the code that renders it.
import { NETWORK_HEADINGS, NETWORK_SECTIONS } from './networkSections';
import { canarySection } from './canarySection';

export type Cell = string | number | boolean;
export type Results = Record<string, { section: string; rows: Record<string, Cell>[]; [extra: string]: unknown }>;

/** One table cell: pipes escaped, line breaks flattened. */
const cell = (value: Cell | undefined) => String(value ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function table(headers: string[], rows: Cell[][]): string {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

const count = (n: unknown) => Number(n ?? 0).toLocaleString('en');

interface SectionSpec {
  name: string;
  render(data: Results[string], all: Results, previous: string | undefined): string;
}

const SECTIONS: SectionSpec[] = [
  {
    name: 'summary',
    render: (_data, all, previous) => {
      // Rows whose suite did not run this time keep what the file said.
      const old = new Map((previous ?? '').split('\n').filter((l) => l.startsWith('| ')).map((l) => [l.split(' | ')[0]!, l]));
      const row = (what: string, value: string | undefined) => (value === undefined ? (old.get(`| ${what}`) ?? `| ${what} | not run |`) : `| ${what} | ${value} |`);
      const { faults, fuzz, webview, secrets, load } = all;
      return [
        '| What | Count |',
        '| --- | --- |',
        row('Faults tried, each against inline completions and against chat', faults && `${count(faults.faults)} faults, ${count(Number(faults.faults) * 2)} cases`),
        row('Hostile model outputs rendered in the real chat panel', webview && count(webview.payloads)),
        row('Fuzz cases generated and checked per run', fuzz && count(fuzz.total)),
        row('Secret canaries planted', secrets && count(secrets.canaries)),
        row('Load', load && '1,000 completion calls in a row and 50 chat answers at once (Node); 300 completions through VS Code in the extension host'),
      ].join('\n');
    },
  },
  {
    name: 'faults',
    render: (data) =>
      [
        `Through the real provider client (the \`openai\` SDK over real sockets), the completion engine and the chat controller, in Node, against the fake server (\`test/unit/reliability/faultMatrix.test.ts\`). First-token timeout ${count(data.firstTokenTimeoutMs)} ms and stall timeout ${count(data.stallTimeoutMs)} ms are injected so that the ${count(Number(data.stallMs) / 1000)}-second stalls end quickly (the product's default for both is 20 s, \`fastInference.firstTokenTimeoutSeconds\`). Mid-answer faults strike after the first line has arrived. For every row the test also asserts: no unhandled promise rejection, nothing left spinning (no pending state in the status bar, the chat panel not busy, no request left in the live speed meter), every request answered or closed by the client, and no timer or extra socket left in the process.`,
        '',
        '**Completions** (the status bar item as the adapter derives it; ghost text = what the next call at the same spot shows):',
        '',
        table(
          ['Fault', 'Ghost text', 'Status bar', 'Requests'],
          data.rows.map((r) => [r.fault, r.completionShown, r.completionStatus, r.completionRequests]),
        ),
        '',
        '**Chat** (what the conversation shows; Retry is pressed once the server behaves again):',
        '',
        table(
          ['Fault', 'Outcome shown', 'Buttons', 'Partial answer', 'After Retry', 'Requests'],
          data.rows.map((r) => [r.fault, r.chatOutcome, r.chatButtons, r.chatPartial, r.chatRetry, r.chatRequests]),
        ),
      ].join('\n'),
  },
  {
    name: 'fuzz',
    render: (data) =>
      [
        table(
          ['Property', 'Cases', 'Invariants checked on every case'],
          data.rows.map((r) => [r.target, count(r.cases), r.invariants]),
        ),
        '',
        `**${count(data.total)} generated cases** per \`npm test\` run (fast-check with a fixed seed, printed in the test output; \`npm run fuzz -- --runs N\` explores N random seeds; \`FI_FUZZ_SEED=<seed>\` replays one; \`FI_FUZZ_SCALE=20\` runs twenty times as many cases).`,
      ].join('\n'),
  },
  {
    name: 'webview',
    render: (data) =>
      [
        `${count(data.payloads)} payloads, each streamed by the fake server as the answer to a prompt typed into the chat panel of a real VS Code (code-server) in Chromium (\`test/e2e/specs/security-webview.e2e.ts\`, corpus in \`test/e2e/fixtures/hostile/payloads.ts\`). For each: no \`__pwned\` global in any frame of the page, no forbidden element (script, img, svg, iframe, style, form, object, embed, link, meta, base, media) and no \`on*\`, \`href\`, \`src\`, \`style\`, \`srcset\`, \`action\`, \`ping\`, \`poster\` attribute in the rendered answer, zero requests at the local server the payloads point to, zero payload URLs in Chromium's network log (all frames), and zero Content-Security-Policy violations reported by the page. Controls show the watchers work: a page loading the local server is seen by both; an image forced into the chat page is blocked and reported by the policy.`,
        '',
        table(
          ['Payload', 'Attack', 'Rendered as', 'Clicking its links', 'Script ran', 'Requests', 'Policy violations'],
          data.rows.map((r) => [r.payload, r.attack, r.rendered, r.clicks, r.scriptRan, r.requests, r.cspViolations]),
        ),
        '',
        'Links to this machine are not clicked in the test: VS Code trusts localhost and opens such links after a click without asking (still through VS Code, never by the page).',
      ].join('\n'),
  },
  {
    name: 'secrets',
    render: (data) =>
      [
        `${count(data.canaries)} canaries (\`test/e2e/specs/security-secrets.e2e.ts\`, random per run): a token in \`.env\`, a private key body in \`certs/server.pem\`, an \`apiKey\` pasted into the user's \`fastInference.profiles\`, a custom header value of that profile, and an \`apiKey\` in the workspace's \`.vscode/settings.json\` (which also sets \`fastInference.completions.excludeGlobs\` to \`[]\`). The test types in \`.env\` and the \`.pem\` (no completion request), visits them before typing in \`app.py\` (no snippet of them in any prompt), asks chat with \`.env\` as the active editor (no chip, not listed to attach) and with \`app.py\` attached. The key pasted into user settings is moved to secret storage and removed from \`settings.json\`; every request carries it as \`Authorization: Bearer\` to its own profile's server and nowhere else; the workspace's key is never stored or sent.`,
        '',
        table(['Where', 'Looked at', 'Canaries found'], data.rows.map((r) => [r.check, r.items, r.found])),
      ].join('\n'),
  },
  canarySection,
  {
    name: 'trust',
    render: (data, all) =>
      [
        'An untrusted folder (workspace trust on, `test/e2e/specs/security-trust.e2e.ts`) whose `.vscode/settings.json` sets `fastInference.profiles`, `completionProfile` and `chatProfile` to a second fake server and `allowInRestrictedMode` to `true`:',
        '',
        table(['Situation', 'Completions', 'Chat', "Requests to the workspace's server"], data.rows.map((r) => [r.situation, r.completions, r.chat, r.workspaceServer])),
        ...(all.manifest
          ? ['', 'The manifest (`test/unit/reliability/manifest.test.ts`):', '', table(['Declared', 'Value'], all.manifest.rows.map((r) => [r.item, r.value]))]
          : []),
      ].join('\n'),
  },
  {
    name: 'load',
    render: (data) =>
      [
        `Real completion engine, chat controllers and provider client in Node against the fake server (\`test/unit/reliability/load.test.ts\`). The heap is measured after a full garbage collection, after a warm-up, and must grow by less than ${count(data.heapLimitMb)} MB; the fake server runs in the same process, so its request log counts too.`,
        '',
        table(['Load', 'Outcome', 'Requests', 'Connections', 'Heap growth'], data.rows.map((r) => [r.load, r.outcome, r.requests, r.ended, r.heapGrowth])),
      ].join('\n'),
  },
  {
    name: 'extension-host',
    render: (data) =>
      [
        `Inside code-server's extension host, with Fast Inference installed from the VSIX (\`test/vscode/suite/reliability.test.ts\`, run by \`npm run test:vscode\`): each call edits a document and asks VS Code to trigger inline suggestions, so VS Code calls the extension's provider, which asks a fake server started in the same host. Heap after a full collection, after a warm-up, must grow by less than ${count(data.heapLimitMb)} MB (the whole host: every extension in it counts).`,
        '',
        table(['Load', 'Outcome', 'Heap growth'], data.rows.map((r) => [r.load, r.outcome, r.heapGrowth])),
      ].join('\n'),
  },
  ...NETWORK_SECTIONS,
];

const SECTION_FILE: Record<string, string> = { summary: 'faults', trust: 'trust' };

const HEADINGS: Record<string, string> = {
  summary: '## Counts',
  faults: '## Fault matrix',
  fuzz: '## Fuzzing',
  webview: '## Hostile model output in the chat panel',
  secrets: '## Secrets',
  [canarySection.name]: canarySection.heading,
  trust: '## Workspace trust',
  load: '## Load',
  'extension-host': '## Load in the real extension host',
  ...NETWORK_HEADINGS,
};

const INTRO = `# Reliability and security

Every table below is written by the tests that check it: the unit suites (\`npm test\`) record the
fault matrix, the fuzz counts, the load figures and the manifest checks; the end-to-end suite
(\`npm run test:e2e\`) records the chat panel, secrets and workspace trust results; the API suite
(\`npm run test:vscode\`) records the heap in the real extension host. Each writes
\`test-results/reliability/*.json\`, and \`npm run reliability:report\` assembles this file. CI
runs \`npm run reliability:check\` after all three: it fails when this file no longer matches what
the tests observed (figures that vary from run to run, such as heap growth or a countdown, are
shown but not compared).
`;

const NOTES = `
## What the product does, in short

- **Timeouts.** No first token within \`fastInference.firstTokenTimeoutSeconds\` (20 s) ends the
  request with a \`timeout\` error. Once the answer has started, nothing for the same time ends it
  too ("stopped sending"): the partial answer stays in chat, completions keep the lines that
  arrived whole. Both are injectable (\`EndpointConfig.firstTokenTimeoutMs\` / \`stallTimeoutMs\`).
- **Broken streams.** Malformed JSON, a cut connection and a line over 1 MiB end the stream with
  \`stream-broken\`; the SDK's SSE reader would otherwise rescan a growing buffer for every network
  chunk and hold the extension host busy for seconds. Undecodable bytes are shown as U+FFFD in chat
  and end a completion where they start.
- **Retries.** Chat retries once, after 0.5 s, when a 502/503/504 or a reset connection comes
  before the first token; completions never retry (the next keystroke asks again). A generic 400 is
  retried once without \`stream_options\` (some servers reject it), so it shows two requests.
- **Rate limits.** A 429 starts a cooldown from \`Retry-After\` or the reset headers: completions
  stay silent and the status bar counts down; chat's Retry waits for the cooldown without sending.
- **FIM prompts.** A special token of the model family (e.g. \`<|fim_middle|>\`, \`<PRE>\`,
  \`[SUFFIX]\`, \`<｜fim▁hole｜>\`) found in the user's code, file names or other files gets a
  zero-width space (U+200B) after its first character before the prompt is built, so it is read as
  plain text; the chat hole prompt does the same for \`{{FILL_HERE}}\`, \`<FILE>\` and
  \`<COMPLETION>\`. Removing the U+200B gives the user's text back unchanged.
- **Ghost text invariants.** Never a FIM control token, \`<think>\`/\`</think>\` or U+FFFD; the
  replaced range stays on the cursor's line; mid-line one line only; what was shown while
  streaming is a start of the final text (except when a stray \`</think>\` reveals that the lines
  before it were reasoning); closers already right of the cursor are never doubled.
- **Workspaces.** Profiles, the chosen profiles and \`allowInRestrictedMode\` are
  application-scoped; keys found in a workspace's settings are ignored (never stored as the user's
  key); the secret file patterns apply even when \`completions.excludeGlobs\` is cleared.
`;

/** Renders every section: from its results file when there is one, else as the current file has it. */
export function renderSections(results: Results, current: Map<string, string>): { markdown: string; fresh: string[]; kept: string[] } {
  const fresh: string[] = [];
  const kept: string[] = [];
  const parts = [INTRO];
  for (const spec of SECTIONS) {
    const file = SECTION_FILE[spec.name] ?? spec.name;
    const data = results[file];
    let body: string;
    if (data) {
      body = `${spec.render(data, results, current.get(spec.name))}\n`;
      fresh.push(spec.name);
    } else {
      body = current.get(spec.name) ?? '_Not run yet._\n';
      kept.push(spec.name);
    }
    parts.push(`${HEADINGS[spec.name]}\n\n<!-- section:${spec.name} -->\n${body}<!-- /section:${spec.name} -->\n`);
  }
  parts.push(NOTES);
  return { markdown: parts.join('\n'), fresh, kept };
}
