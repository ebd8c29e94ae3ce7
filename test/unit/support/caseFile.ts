// The `.case` fixture layout the corpora share: `key: value` header lines, then
// sections opened by `=== name` lines, each taken verbatim up to the next one.

export function readCaseFile(name: string, text: string, sectionNames: readonly string[]): { header: Record<string, string>; body: Record<string, string> } {
  const opener = new RegExp(`^=== (${sectionNames.join('|')})\\n`, 'm');
  const sections = text.split(opener);
  const header = Object.fromEntries(
    sections[0]
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const body: Record<string, string> = {};
  for (let i = 1; i < sections.length; i += 2) body[sections[i]] = sections[i + 1];
  for (const key of sectionNames) if (body[key] === undefined) throw new Error(`${name}: no "=== ${key}" section`);
  return { header, body };
}
