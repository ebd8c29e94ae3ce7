// Where a chat code block belongs in a file, found without a model, cheapest
// way first:
//   1. the block is the whole file (every top-level function or class of the
//      file, most of its other top-level lines, similar length);
//   2. its first and last lines each match exactly one place: replace between;
//   3. its top-level pieces (function, class, method, rule, key) match places in
//      one list of siblings of the file's outline: replace those, and let lazy
//      markers (`// ... existing code ...`) keep the file's text they stand for.
// Anything less certain is reported as ambiguous or unplaced, for the model.
import { declarationKey, lineKey } from './keys';
import { indentUnit, indentWidth, reindent, replaceLines, splitText, type SplitText } from './lines';
import { hasLazyMarkers, isLazyMarker } from './markers';
import { Merger, uncertainNewNode } from './merge';
import { allSites, buildOutline, significant, type NodeSite, type OutlineNode } from './outline';

/** Lines of the file, 0-based and inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

export type PlaceMethod = 'whole-file' | 'anchors' | 'declaration' | 'lazy-markers';

export type Placement =
  | { kind: 'placed'; how: PlaceMethod; text: string; range: LineRange }
  | { kind: 'ambiguous'; reason: string; candidates: LineRange[] }
  | { kind: 'unplaced'; reason: string; near?: LineRange };

/** Below this share of the file's top-level pieces, a block is not the whole file. */
const WHOLE_FILE_COVERAGE = 0.6;
/** ... nor when it is much shorter than the file. */
const WHOLE_FILE_LENGTH = 0.6;

export function placeBlock(fileText: string, blockText: string): Placement {
  const file = splitText(fileText);
  const block = trimBlankEnds(splitText(blockText).lines);
  if (block.length === 0) return { kind: 'unplaced', reason: 'The code block is empty.' };
  const range = { start: 0, end: Math.max(0, file.lines.length - 1) };
  const whole = (): Placement => ({ kind: 'placed', how: 'whole-file', text: replaceLines(file, range, block), range });
  if (file.lines.every((l) => l.trim() === '')) return whole();

  const markers = hasLazyMarkers(block);
  const fileTree = buildOutline(file.lines);
  const blockTree = buildOutline(block);
  if (!markers && coversWholeFile(file.lines, fileTree, block, blockTree)) return whole();
  if (!markers) {
    const byLines = placeByFirstAndLastLine(file, block);
    if (byLines) return byLines;
  }
  return placeByOutline(file, fileTree, block, blockTree, markers);
}

function trimBlankEnds(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return lines.slice(start, end);
}

/** Lines made only of punctuation (`}`, `);`) say nothing about where they are. */
const distinctive = (line: string) => /[\p{L}\p{N}]/u.test(line);

function keysOf(line: string): string[] {
  const decl = declarationKey(line);
  return decl ? [`=${lineKey(line)}`, decl] : [`=${lineKey(line)}`];
}

function coversWholeFile(fileLines: string[], fileTree: OutlineNode[], block: string[], blockTree: OutlineNode[]): boolean {
  if (block.length < fileLines.length * WHOLE_FILE_LENGTH) return false;
  const top = fileTree.filter(significant);
  const blockKeys = new Set(blockTree.filter(significant).flatMap((n) => keysOf(block[n.start])));
  const isCovered = (n: OutlineNode) => keysOf(fileLines[n.start]).some((k) => blockKeys.has(k));
  const covered = top.filter(isCovered).length;
  // A function or class of the file missing from the block: the block is a part, and the rest stays.
  const missingBlock = top.some((n) => n.kind === 'block' && !isCovered(n));
  return top.length > 0 && covered / top.length >= WHOLE_FILE_COVERAGE && !missingBlock;
}

function placeByFirstAndLastLine(file: SplitText, block: string[]): Placement | undefined {
  if (block.length < 2 || !distinctive(block[0]) || !distinctive(block[block.length - 1])) return undefined;
  const first = lineKey(block[0]);
  const last = lineKey(block[block.length - 1]);
  const starts = indicesOf(file.lines, first, 0);
  if (starts.length !== 1) return undefined;
  const ends = indicesOf(file.lines, last, starts[0] + 1);
  if (ends.length !== 1) return undefined;
  const range = { start: starts[0], end: ends[0] };
  // A few lines standing for a long stretch of the file are not a replacement of it.
  if (range.end - range.start + 1 > 2 * block.length + 10) return undefined;
  const lines = reindent(block, indentWidth(block[0]), indentWidth(file.lines[range.start]), indentUnit(file.lines), indentUnit(block));
  return { kind: 'placed', how: 'anchors', range, text: replaceLines(file, range, lines) };
}

function indicesOf(lines: string[], key: string, from: number): number[] {
  const found: number[] = [];
  for (let i = from; i < lines.length; i++) if (lineKey(lines[i]) === key) found.push(i);
  return found;
}

interface Candidate {
  site: NodeSite;
  how: 'anchors' | 'declaration';
}

class SiteIndex {
  private readonly exact = new Map<string, NodeSite[]>();
  private readonly declared = new Map<string, NodeSite[]>();

  constructor(lines: string[], tree: OutlineNode[]) {
    for (const site of allSites(tree)) {
      if (!significant(site.node)) continue;
      const line = lines[site.node.start];
      push(this.exact, lineKey(line), site);
      const decl = declarationKey(line);
      if (decl) push(this.declared, decl, site);
    }
  }

  candidates(line: string): Candidate[] {
    const exact = distinctive(line) ? this.exact.get(lineKey(line)) : undefined;
    if (exact?.length) return exact.map((site) => ({ site, how: 'anchors' }));
    const decl = declarationKey(line);
    return (decl ? this.declared.get(decl) ?? [] : []).map((site) => ({ site, how: 'declaration' }));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface Assignment {
  siblings: OutlineNode[];
  /** For each block node: its index in `siblings`, or undefined when it is new. */
  positions: Array<number | undefined>;
  matched: number;
  ambiguous: LineRange[];
  byDeclaration: boolean;
}

function placeByOutline(file: SplitText, fileTree: OutlineNode[], block: string[], blockTree: OutlineNode[], markers: boolean): Placement {
  const index = new SiteIndex(file.lines, fileTree);
  const candidates = blockTree.map((node) => (significant(node) ? index.candidates(block[node.start]) : []));
  const lists = [...new Set(candidates.flatMap((c) => c.map((x) => x.site.siblings)))];
  const assignments = lists.map((list) => assign(list, candidates)).sort((a, b) => b.matched - a.matched);
  const best = assignments[0];
  if (!best || best.matched === 0) {
    // `// ...` and then only new code: the new code goes at the end of the file.
    if (markers && blockTree[0].kind === 'marker' && !blockTree.slice(1).some((n) => n.kind === 'marker')) {
      return appendToFile(file, fileTree, block, blockTree);
    }
    return { kind: 'unplaced', reason: 'No line or declaration of the block matches the file.' };
  }
  const rangeOf = (a: Assignment): LineRange => {
    const at = a.positions.filter((p): p is number => p !== undefined);
    return { start: a.siblings[Math.min(...at)].start, end: a.siblings[Math.max(...at)].end };
  };
  if (assignments.length > 1 && assignments[1].matched === best.matched) {
    return { kind: 'ambiguous', reason: 'The block matches more than one place.', candidates: assignments.filter((a) => a.matched === best.matched).map(rangeOf) };
  }
  if (best.ambiguous.length > 0) return { kind: 'ambiguous', reason: 'The block matches more than one place.', candidates: best.ambiguous };
  const doubt = uncertainNewNode(blockTree, best.positions, block, best.siblings, file.lines);
  if (doubt) return { kind: 'unplaced', reason: doubt, near: rangeOf(best) };

  const matched = best.positions.flatMap((p, i) => (p === undefined ? [] : [[i, p] as const]));
  const [firstBlockNode, firstPosition] = matched[0];
  const fromIndent = indentWidth(block[blockTree[firstBlockNode].start]);
  const toIndent = indentWidth(file.lines[best.siblings[firstPosition].start]);
  const siblings = best.siblings;
  let startAt = blockTree[0].kind === 'marker' ? 0 : Math.min(...matched.map(([, p]) => p));
  const endAt = blockTree[blockTree.length - 1].kind === 'marker' ? siblings.length - 1 : Math.max(...matched.map(([, p]) => p));
  // A new doc comment or decorator replaces the one above the matched declaration.
  if (firstBlockNode > 0 && isAttached(block[blockTree[0].start])) {
    while (startAt > 0 && significant(siblings[startAt - 1]) && isAttached(file.lines[siblings[startAt - 1].start])) startAt--;
  }
  const merger = new Merger(file.lines, block, fromIndent, toIndent, indentUnit(file.lines), indentUnit(block));
  const region = siblings.slice(startAt, endAt + 1);
  const positions = best.positions.map((p) => (p === undefined ? undefined : p - startAt));
  const lines = merger.list(region, blockTree, positions);
  if (merger.doubt) return { kind: 'unplaced', reason: merger.doubt, near: rangeOf(best) };
  const range = { start: region[0].start, end: region[region.length - 1].end };
  if (lines.filter(isLazyMarker).length > file.lines.slice(range.start, range.end + 1).filter(isLazyMarker).length) {
    return { kind: 'unplaced', reason: 'A lazy marker could not be matched to the file.', near: range };
  }
  const how: PlaceMethod = markers ? 'lazy-markers' : best.byDeclaration ? 'declaration' : 'anchors';
  return { kind: 'placed', how, range, text: replaceLines(file, range, lines) };
}

function appendToFile(file: SplitText, fileTree: OutlineNode[], block: string[], blockTree: OutlineNode[]): Placement {
  const positions = blockTree.map(() => undefined);
  const doubt = uncertainNewNode(blockTree, positions, block, fileTree, file.lines);
  if (doubt) return { kind: 'unplaced', reason: doubt };
  const unit = indentUnit(file.lines);
  const lines = new Merger(file.lines, block, 0, 0, unit, indentUnit(block)).list(fileTree, blockTree, positions);
  const range = { start: 0, end: file.lines.length - 1 };
  return { kind: 'placed', how: 'lazy-markers', range, text: replaceLines(file, range, lines) };
}

/** Matches block nodes to one sibling list, in order; several equally good places are reported. */
function assign(siblings: OutlineNode[], candidates: Candidate[][]): Assignment {
  const options = candidates.map((list) => list.filter((c) => c.site.siblings === siblings));
  const positions: Array<number | undefined> = options.map((o) => (o.length === 1 ? o[0].site.index : undefined));
  const ambiguous: LineRange[] = [];
  options.forEach((list, k) => {
    if (list.length < 2) return;
    const before = positions.slice(0, k).filter((p): p is number => p !== undefined);
    const after = positions.slice(k + 1).filter((p): p is number => p !== undefined);
    const lo = before.length ? Math.max(...before) : -1;
    const hi = after.length ? Math.min(...after) : Number.POSITIVE_INFINITY;
    const fits = list.filter((c) => c.site.index > lo && c.site.index < hi);
    if (fits.length === 1) positions[k] = fits[0].site.index;
    else if (fits.length > 1) ambiguous.push(...fits.map((c) => ({ start: c.site.node.start, end: c.site.node.end })));
  });
  // Pieces must appear in the file in the block's order; drop the ones that do not.
  let last = -1;
  positions.forEach((p, k) => {
    if (p === undefined) return;
    if (p <= last) positions[k] = undefined;
    else last = p;
  });
  const matched = positions.filter((p) => p !== undefined).length;
  const byDeclaration = positions.some((p, k) => p !== undefined && options[k].every((c) => c.how === 'declaration'));
  return { siblings, positions, matched, ambiguous, byDeclaration };
}

const ATTACHED = /^\s*(?:@|\/\/|\/\*|\*|#(?!include|define|if|end)|--|<!--|;|%)/;
function isAttached(line: string): boolean {
  return ATTACHED.test(line);
}
