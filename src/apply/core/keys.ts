// How a line of a code block is recognised in the file: by its exact text
// (whitespace collapsed), or by the declaration it makes (function, class,
// method, CSS selector, key, SQL object), which survives a changed signature.

export function lineKey(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

const DECLARATIONS: Array<[RegExp, string]> = [
  [/^(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([\w$.:]+)/, 'function'],
  [/^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?(?:data\s+|sealed\s+)?class\s+([\w$]+)/, 'class'],
  [/^(?:export\s+)?(?:declare\s+)?(?:interface|type|enum|struct|trait|module|namespace|protocol|record)\s+([\w$]+)/, 'type'],
  [/^(?:async\s+)?def\s+([\w?!]+)/, 'def'],
  [/^(?:pub(?:\([\w\s]+\))?\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(\w+)/, 'fn'],
  [/^func\s+(?:\([^)]*\)\s*)?(\w+)/, 'func'],
  [/^impl(?:<[^>]*>)?\s+([\w:<>, ]+?)\s*\{?$/, 'impl'],
  [/^create\s+(?:or\s+replace\s+)?(?:table|view|function|procedure|index|trigger|type)\s+(?:if\s+not\s+exists\s+)?([\w."]+)/i, 'create'],
  [/^(?:export\s+)?(?:const|let|var|val)\s+([\w$]+)/, 'binding'],
];

const CONTROL = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function', 'else', 'do', 'try', 'with', 'elif', 'except']);
const METHOD = /^(?:(?:public|private|protected|internal|static|async|override|readonly|abstract|final|virtual|get|set|\*)\s+)*([\w$]+)\s*(?:<[^>]*>)?\s*\([^)]*\)?.*[{:]\s*$/;
const KEY = /^["']?([\w$.@/-]+)["']?\s*(?::(?!:)|=(?!=|>))/;

/** `kind name` for a line that declares something, or undefined. */
export function declarationKey(line: string): string | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  for (const [pattern, kind] of DECLARATIONS) {
    const match = pattern.exec(text);
    if (match) return `${kind} ${match[1]}`;
  }
  const method = text.includes('(') ? METHOD.exec(text) : null;
  if (method && !CONTROL.has(method[1])) return `member ${method[1]}`;
  const key = KEY.exec(text);
  if (key && !CONTROL.has(key[1])) return `key ${key[1]}`;
  const tag = /^<([\w-]+)[^>]*\bid=["']([^"']+)["']/.exec(text);
  if (tag) return `tag ${tag[1]}#${tag[2]}`;
  // A CSS rule (or any other header that opens braces): its selector text.
  const rule = /^([^{};/]+?)\s*\{$/.exec(text);
  if (rule) return `rule ${rule[1].replace(/\s+/g, ' ')}`;
  return undefined;
}
