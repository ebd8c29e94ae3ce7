// A language-agnostic outline of code built from indentation: each line that
// has deeper-indented lines after it is a block; a closing line at the block's
// own indentation (`}`, `]`, `);`, `</div>`, `end`) ends it. Good enough to find
// "the function", "the class", "the rule" in braces, indentation or tags,
// without a parser per language.
import { indentWidth, isBlank } from './lines';
import { isLazyMarker } from './markers';

export type OutlineKind = 'line' | 'block' | 'blank' | 'marker';

export interface OutlineNode {
  kind: OutlineKind;
  /** First line (the header for a block). */
  start: number;
  /** Last line, inclusive: the closing line, or the last child line. */
  end: number;
  children: OutlineNode[];
  /** The closing line, when the block has one. */
  closer?: number;
}

const CLOSER = /^\s*(?:[}\])]+[;,)\]}]*|<\/[\w:.-]+>|end\b(?:\s+\w+)?;?|fi|done|esac|#end\w*|%>)\s*$/;
const OPENS = /[{[(>:]\s*$/;

export function buildOutline(lines: readonly string[]): OutlineNode[] {
  return parseRange(lines, 0, lines.length);
}

function parseRange(lines: readonly string[], from: number, to: number): OutlineNode[] {
  const nodes: OutlineNode[] = [];
  let i = from;
  while (i < to) {
    const line = lines[i];
    if (isBlank(line)) {
      nodes.push({ kind: 'blank', start: i, end: i, children: [] });
      i++;
      continue;
    }
    if (isLazyMarker(line)) {
      nodes.push({ kind: 'marker', start: i, end: i, children: [] });
      i++;
      continue;
    }
    const indent = indentWidth(line);
    let next = i + 1;
    let lastChild = i;
    while (next < to) {
      const candidate = lines[next];
      if (!isBlank(candidate) && indentWidth(candidate) <= indent) break;
      if (!isBlank(candidate)) lastChild = next;
      next++;
    }
    const hasChildren = lastChild > i;
    const closes = next < to && indentWidth(lines[next]) === indent && CLOSER.test(lines[next]) && (hasChildren || OPENS.test(line));
    const children = hasChildren ? parseRange(lines, i + 1, lastChild + 1) : [];
    const end = closes ? next : lastChild;
    const node: OutlineNode = { kind: hasChildren || closes ? 'block' : 'line', start: i, end, children };
    if (closes) node.closer = next;
    nodes.push(node);
    i = end + 1;
  }
  return nodes;
}

/** Lines that say something: not blank, not a lazy marker. */
export const significant = (n: OutlineNode): boolean => n.kind !== 'blank' && n.kind !== 'marker';

export function containsMarker(node: OutlineNode): boolean {
  return node.kind === 'marker' || node.children.some(containsMarker);
}

/** Every node with the list it sits in and its index there, depth first. */
export interface NodeSite {
  node: OutlineNode;
  siblings: OutlineNode[];
  index: number;
}

export function allSites(nodes: OutlineNode[], into: NodeSite[] = []): NodeSite[] {
  nodes.forEach((node, index) => {
    into.push({ node, siblings: nodes, index });
    allSites(node.children, into);
  });
  return into;
}
