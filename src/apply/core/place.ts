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
import { allSites, buildOutline, containsMarker, type NodeSite, type OutlineNode } from './outline';

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

const significant = (n: OutlineNode) => n.kind !== 'blank' && n.kind !== 'marker';
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

/**
 * A statement that matches nothing is placed where the block puts it, unless it
 * sits next to left-out code and looks like one of the file's statements there
 * (`return total;` after `// ...` when the body ends in `return sum;`): then it
 * may replace that statement or come after it, and only the model can tell.
 */
function uncertainNewNode(nodes: OutlineNode[], positions: Array<number | undefined>, block: string[], fileNodes: OutlineNode[], file: string[]): string | undefined {
  const fileStarts = new Set(fileNodes.filter((n) => n.kind === 'line').map((n) => firstWord(file[n.start])));
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k];
    if (node.kind !== 'line' || positions[k] !== undefined || declarationKey(block[node.start]) !== undefined) continue;
    if (!nearMarker(nodes, positions, k) || !fileStarts.has(firstWord(block[node.start]))) continue;
    return `Line "${block[node.start].trim()}" of the block may replace a line of the file or add to it: that is for the model.`;
  }
  return undefined;
}

const firstWord = (line: string) => /^\s*([^\s(]*)/.exec(line)![1];

/** Whether a marker comes before node `k` (or after it) with no matched node in between. */
function nearMarker(nodes: OutlineNode[], positions: Array<number | undefined>, k: number): boolean {
  for (const step of [-1, 1]) {
    for (let i = k + step; i >= 0 && i < nodes.length; i += step) {
      if (nodes[i].kind === 'marker') return true;
      if (positions[i] !== undefined) break;
    }
  }
  return false;
}

/** Builds the replacement for a region: the block's lines, with lazy markers filled from the file. */
class Merger {
  doubt: string | undefined;

  constructor(
    private readonly file: string[],
    private readonly block: string[],
    private readonly fromIndent: number,
    private readonly toIndent: number,
    private readonly unit: string,
    private readonly blockUnit: string,
  ) {}

  list(fileNodes: OutlineNode[], blockNodes: OutlineNode[], given?: Array<number | undefined>): string[] {
    const positions = given ?? this.match(fileNodes, blockNodes);
    if (!given) this.doubt ??= uncertainNewNode(blockNodes, positions, this.block, fileNodes, this.file);
    const out: string[] = [];
    let cursor = 0;
    let keep = false;
    let blanks = 0;
    // Text a marker stands for is copied from the file; blank lines the block puts
    // after a marker are only added where the kept text does not end with them.
    const reach = (until: number) => {
      // Top level without markers: a snippet that shows two places far apart (an import and a
      // function) changes both and keeps the functions and classes between them.
      if (!keep && given && fileNodes.slice(cursor, until).some((n) => n.kind === 'block')) keep = true;
      if (keep) {
        const kept = this.fileLines(fileNodes.slice(cursor, until));
        out.push(...kept);
        let trailing = 0;
        while (trailing < kept.length && kept[kept.length - 1 - trailing].trim() === '') trailing++;
        for (let i = trailing; i < blanks; i++) out.push('');
      }
      cursor = Math.max(cursor, until);
      keep = false;
      blanks = 0;
    };
    blockNodes.forEach((node, k) => {
      const at = positions[k];
      if (node.kind === 'marker') {
        keep = true;
      } else if (at !== undefined) {
        reach(at);
        out.push(...this.node(fileNodes[at], node));
        cursor = at + 1;
      } else if (node.kind === 'blank') {
        if (keep) blanks++;
        else if (fileNodes[cursor]?.kind === 'blank') out.push(...this.fileLines([fileNodes[cursor++]]));
        else out.push('');
      } else {
        if (keep) reach(positions.slice(k + 1).find((p) => p !== undefined) ?? fileNodes.length);
        out.push(...this.blockLines(node.start, node.end));
      }
    });
    reach(fileNodes.length);
    return out;
  }

  private node(fileNode: OutlineNode, blockNode: OutlineNode): string[] {
    if (!containsMarker(blockNode)) return this.blockLines(blockNode.start, blockNode.end);
    const closer =
      blockNode.closer !== undefined
        ? this.blockLines(blockNode.closer, blockNode.closer)
        : fileNode.closer !== undefined
          ? [this.file[fileNode.closer]]
          : [];
    return [...this.blockLines(blockNode.start, blockNode.start), ...this.list(fileNode.children, blockNode.children), ...closer];
  }

  /** Greedy in-order matching inside a matched block: exact line first, then declaration. */
  private match(fileNodes: OutlineNode[], blockNodes: OutlineNode[]): Array<number | undefined> {
    let cursor = 0;
    return blockNodes.map((node) => {
      if (!significant(node)) return undefined;
      const line = this.block[node.start];
      const key = lineKey(line);
      const decl = declarationKey(line);
      let found = -1;
      for (let i = cursor; i < fileNodes.length && found < 0; i++) {
        if (significant(fileNodes[i]) && lineKey(this.file[fileNodes[i].start]) === key) found = i;
      }
      for (let i = cursor; i < fileNodes.length && found < 0 && decl; i++) {
        if (significant(fileNodes[i]) && declarationKey(this.file[fileNodes[i].start]) === decl) found = i;
      }
      if (found < 0) return undefined;
      cursor = found + 1;
      return found;
    });
  }

  private fileLines(nodes: OutlineNode[]): string[] {
    if (nodes.length === 0) return [];
    return this.file.slice(nodes[0].start, nodes[nodes.length - 1].end + 1);
  }

  private blockLines(start: number, end: number): string[] {
    return reindent(this.block.slice(start, end + 1), this.fromIndent, this.toIndent, this.unit, this.blockUnit);
  }
}
