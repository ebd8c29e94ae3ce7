// Builds the replacement for a placed region: the block's lines, with each lazy
// marker filled with the file's text it stands for, and the doubt that sends a
// block to the model instead (a statement next to a marker that may replace one).
import { declarationKey, lineKey } from './keys';
import { reindent } from './lines';
import { containsMarker, significant, type OutlineNode } from './outline';

/**
 * A statement that matches nothing is placed where the block puts it, unless it
 * sits next to left-out code and looks like one of the file's statements there
 * (`return total;` after `// ...` when the body ends in `return sum;`): then it
 * may replace that statement or come after it, and only the model can tell.
 */
export function uncertainNewNode(nodes: OutlineNode[], positions: Array<number | undefined>, block: string[], fileNodes: OutlineNode[], file: string[]): string | undefined {
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
export class Merger {
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
