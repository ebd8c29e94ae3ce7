// A realistic long chat answer (headings, prose, lists, links, code blocks in
// several languages) of at least `tokens` tokens by the fake server's rule,
// ending in a marker word that exists nowhere else in the text.
import { countTokens } from '../../test/fake-server/tokens';

export const END_MARKER = 'QZXJ7W';

const CODE = [
  ['typescript', 'export async function fetchAll{n}(urls: string[]): Promise<string[]> {\n  const results: string[] = [];\n  for (const url of urls) {\n    const response = await fetch(url);\n    if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);\n    results.push(await response.text());\n  }\n  return results;\n}'],
  ['python', 'def summarise_{n}(rows: list[dict]) -> dict:\n    totals = {}\n    for row in rows:\n        key = row.get("category", "other")\n        totals[key] = totals.get(key, 0) + row["amount"]\n    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))'],
  ['go', 'func Merge{n}(a, b []int) []int {\n\tout := make([]int, 0, len(a)+len(b))\n\ti, j := 0, 0\n\tfor i < len(a) && j < len(b) {\n\t\tif a[i] <= b[j] {\n\t\t\tout = append(out, a[i])\n\t\t\ti++\n\t\t} else {\n\t\t\tout = append(out, b[j])\n\t\t\tj++\n\t\t}\n\t}\n\treturn append(append(out, a[i:]...), b[j:]...)\n}'],
];

function section(n: number): string {
  const [language, code] = CODE[n % CODE.length];
  return [
    `## Step ${n}: handling the ${['input', 'errors', 'output', 'edge cases'][n % 4]}`,
    '',
    `The function below is **step ${n}** of the refactor. It keeps \`state\` local, returns early on bad input and leaves the I/O to the caller, which makes it easy to test. See [the guide](https://example.com/guide/${n}) for the background.`,
    '',
    '- it never mutates its arguments',
    `- it runs in O(n) for ${n * 10} items`,
    '- errors carry the offending value',
    '',
    '```' + language,
    code.replace(/\{n\}/g, String(n)),
    '```',
    '',
  ].join('\n');
}

export function longAnswer(tokens: number): string {
  const parts = ['Here is the refactor, step by step.\n\n'];
  let text = parts[0];
  for (let n = 1; countTokens(text) < tokens; n++) {
    parts.push(section(n));
    text = parts.join('');
  }
  return `${text}\nThat completes the change. End of answer: ${END_MARKER}`;
}
