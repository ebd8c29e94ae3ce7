// Lazy markers: the comment lines a model writes for code it left out, e.g.
// `// ... existing code ...`, `# ...`, `/* unchanged */`, `<!-- ... -->`,
// `-- rest of the file`. Each stands for the file's text at that place.

/** A whole line that is one comment, in any of the common comment syntaxes. */
const COMMENT_LINE =
  /^\s*(?:\/\/+|#+|--+|;+|%+|\/\*+|<!--|\{\s*\/\*+)\s*(.*?)\s*(?:\*+\/\s*\}?|-->)?\s*$/;

/** What the comment must say to mean "left out". */
const OMISSION =
  /^(?:\.{3}|…)|\b(?:existing|unchanged|rest of|remaining|omitted|same as (?:before|above)|as before|previous (?:code|content)|other (?:code|methods|functions|properties|rules|fields|keys|members|imports|content)|no changes?)\b/i;

/** Longest comment taken for a marker: longer ones are explanations. */
const MAX_MARKER_BODY = 60;

export function isLazyMarker(line: string): boolean {
  const match = COMMENT_LINE.exec(line);
  if (!match) return false;
  const body = match[1].trim();
  if (body.length > MAX_MARKER_BODY) return false;
  // A bare `#` or `//` is an empty comment, not an omission.
  if (body === '') return false;
  return OMISSION.test(body);
}

export function hasLazyMarkers(lines: readonly string[]): boolean {
  return lines.some(isLazyMarker);
}
