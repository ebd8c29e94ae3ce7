import * as assert from 'node:assert/strict';
import { analyseFile, expandTabs, isCorrectGhost, totalFigures, type ServerRequest } from '../../../bench/editor/analyse';
import { lineBefore, pausesAt, planTyping, restOfLine } from '../../../bench/editor/plan';
import type { DomSnapshot, PageRecord } from '../../../bench/editor/recorder';
import { renderMarkdown, renderTable, REFERENCE, type EditorBenchResult } from '../../../bench/editor/report';
import { parseFileChoice } from '../../../bench/editor';

const PY = ['def add(a, b):', '    total = a + b', '', '    return total', ''].join('\n');

describe('bench:editor typing plan', () => {
  it('types the whole file key by key: the keys inserted at the start give the file', () => {
    const plan = planTyping(PY, { seed: 3 });
    const typed = plan.keys.map((k) => k.ch).join('');
    assert.equal(plan.initialText.slice(0, plan.startOffset) + typed + plan.initialText.slice(plan.startOffset), PY);
    // The file's final line break is left in place: typing happens on an empty line.
    assert.equal(plan.initialText, '\n');
    plan.keys.forEach((k, i) => assert.equal(k.offset, plan.startOffset + i + 1));
  });

  it('types a block of lines on an empty line opened where they were', () => {
    const plan = planTyping(PY, { seed: 3, fromLine: 2, toLine: 2 });
    assert.equal(plan.initialText, 'def add(a, b):\n\n\n    return total\n');
    assert.equal(plan.keys.map((k) => k.ch).join(''), '    total = a + b');
    assert.equal(plan.initialText.slice(plan.startOffset), '\n\n    return total\n');
    assert.throws(() => planTyping(PY, { seed: 1, fromLine: 3, toLine: 9 }), /not within the file's 4 lines/);
  });

  it('keys are 70–150 ms apart, pauses 0.8–1.2 s, and the same seed gives the same plan', () => {
    const plan = planTyping(PY, { seed: 7 });
    for (let i = 1; i < plan.keys.length; i++) {
      const gap = plan.keys[i]!.t - plan.keys[i - 1]!.t;
      const [lo, hi] = plan.keys[i - 1]!.pause ? [800, 1200] : [70, 150];
      assert.ok(gap >= lo - 1 && gap <= hi + 1, `gap ${gap} after key ${i - 1}`);
    }
    assert.deepEqual(planTyping(PY, { seed: 7 }), plan);
    assert.notDeepEqual(planTyping(PY, { seed: 8 }).keys, plan.keys);
  });

  it('pauses at the start of non-blank lines and after ( and = , never where the line has nothing left', () => {
    const plan = planTyping(PY, { seed: 1 });
    const at = plan.keys.filter((k) => k.pause).map((k) => `${JSON.stringify(lineBefore(PY, k.offset))}|${restOfLine(PY, k.offset)}`);
    assert.deepEqual(at, ['"def add("|a, b):', '""|    total = a + b', '"    total = "|a + b', '""|    return total']);
    assert.equal(pausesAt('if x >= 3', 'if x >= '.length), true);
    assert.equal(pausesAt('f(\n', 2), false, 'an open parenthesis at the end of its line');
    assert.equal(pausesAt('a\n\nb', 2), false, 'a blank line');
  });
});

describe('bench:editor correct ghost text', () => {
  const at = 'def add('.length;
  it('is a non-blank prefix of the rest of the line, on the line the file has up to the cursor', () => {
    assert.equal(isCorrectGhost(PY, at, { line: 'def add(', ghost: 'a, b):' }), true);
    assert.equal(isCorrectGhost(PY, at, { line: 'def add(', ghost: 'a, b' }), true);
    assert.equal(isCorrectGhost(PY, at, { line: 'def add(', ghost: 'a, b):  # sum' }), false, 'longer than the line');
    assert.equal(isCorrectGhost(PY, at, { line: 'def add(', ghost: 'x, y):' }), false);
    assert.equal(isCorrectGhost(PY, at, { line: 'def add(', ghost: '' }), false);
    assert.equal(isCorrectGhost(PY, at, { line: 'def add(', ghost: '   ' }), false, 'blank');
    assert.equal(isCorrectGhost(PY, at, { line: 'def add', ghost: 'a, b):' }), false, 'drawn before the key reached the editor');
  });

  it('compares tabs as the editor draws them', () => {
    assert.equal(expandTabs('\tx\ty', 0, 4), '    x   y');
    const go = 'func f() {\n\treturn 1\n}\n';
    const lineStart = 'func f() {\n'.length;
    assert.equal(isCorrectGhost(go, lineStart, { line: '', ghost: '    return' }), true);
    assert.equal(isCorrectGhost(go, lineStart + 1, { line: '    ', ghost: 'return 1' }), true);
  });
});

/** A record where each key is drawn 5 ms after its keydown, plus the given ghost-text drawings. */
function recordFor(text: string, keys: Array<{ offset: number }>, keyTimes: number[], ghosts: Array<{ key: number; after: number; ghost: string }>): PageRecord {
  const snapshots: DomSnapshot[] = [];
  keys.forEach((k, i) => {
    snapshots.push({ t: keyTimes[i]! + 5, line: lineBefore(text, k.offset), ghost: '', ghostLines: [] });
    for (const g of ghosts.filter((x) => x.key === i)) snapshots.push({ t: keyTimes[i]! + g.after, line: lineBefore(text, k.offset), ghost: g.ghost, ghostLines: [] });
  });
  return { keys: keyTimes.map((t) => ({ t, key: 'x' })), snapshots: snapshots.sort((a, b) => a.t - b.t) };
}

describe('bench:editor analysis', () => {
  const plan = planTyping(PY, { seed: 1 });
  const keyTimes = plan.keys.map((k) => 10_000 + k.t);
  const pauseKeys = plan.keys.map((k, i) => (k.pause ? i : -1)).filter((i) => i >= 0);
  const rest = (i: number) => restOfLine(PY, plan.keys[i]!.offset);
  const server: ServerRequest[] = [
    { id: 1, path: '/v1/completions', body: { prompt: 'def add(' }, receivedAt: keyTimes[pauseKeys[0]!]! + 20, endedAt: keyTimes[pauseKeys[0]!]! + 60, completed: true, tokensSent: 30 },
    { id: 2, path: '/v1/completions', body: { prompt: 'x' }, receivedAt: keyTimes[pauseKeys[1]!]! + 20, clientClosedAt: keyTimes[pauseKeys[1]!]! + 30, completed: false, tokensSent: 4 },
    { id: 3, path: '/v1/models', body: null, receivedAt: 0, endedAt: 1, completed: true, tokensSent: 0 },
  ];

  it('judges each pause by what the DOM drew during it, and counts the server log', () => {
    const record = recordFor(PY, plan.keys, keyTimes, [
      { key: pauseKeys[0]!, after: 80, ghost: rest(pauseKeys[0]!) }, // correct, 80 ms after the key
      { key: pauseKeys[1]!, after: 40, ghost: 'nope' }, // wrong, then correct only after the next key
      { key: pauseKeys[1]! + 1, after: 10, ghost: rest(pauseKeys[1]!).slice(1) },
      { key: pauseKeys[2]!, after: 30, ghost: 'a +' }, // correct prefix
      // pauseKeys[3]: nothing drawn
    ]);
    const f = analyseFile({ file: 'a.py', plan, record, server, clockOffsetMs: 0, finalText: PY, tailMs: 1000 });
    assert.equal(f.pauses, 4);
    assert.deepEqual(f.pauseDetails.map((p) => p.verdict), ['correct', 'wrong', 'correct', 'none']);
    assert.equal(f.pausesCorrect, 2);
    assert.equal(f.correctShare, 0.5);
    assert.deepEqual(f.pauseDetails.map((p) => p.correctAfterMs), [80, null, 30, null]);
    assert.equal(f.timeToCorrectMs.p50, 30);
    assert.equal(f.timeToCorrectMs.p90, 80);
    assert.equal(f.requests, 2, 'generation requests only');
    assert.equal(f.abortedRequests, 1);
    assert.equal(f.serverTokens, 34);
    assert.equal(f.keystrokes, PY.length - 1);
    assert.equal(f.serverTokensPerTypedToken, Math.round((34 / f.typedTokens) * 100) / 100);
    assert.equal(f.linesMatched, f.keystrokes);
    assert.equal(f.keysWithCorrectGhostText, 3);
    assert.deepEqual(f.pauseDetails[0]!.requests.map((r) => [r.id, r.receivedAfterMs, r.closedAfterMs]), [[1, 20, 60]]);
    assert.equal(f.documentMatches, true);
  });

  it('puts the server log on the page clock before matching requests to pauses', () => {
    const record = recordFor(PY, plan.keys, keyTimes, []);
    const f = analyseFile({ file: 'a.py', plan, record, server, clockOffsetMs: 1000, finalText: PY, tailMs: 1000 });
    assert.deepEqual(f.pauseDetails[0]!.requests.map((r) => r.receivedAfterMs), [1020]);
  });

  it('refuses a record whose keys do not match the plan, and notices a document that is not the file', () => {
    const record = recordFor(PY, plan.keys, keyTimes, []);
    assert.throws(() => analyseFile({ file: 'a.py', plan, record: { ...record, keys: record.keys.slice(1) }, server: [], clockOffsetMs: 0, finalText: PY, tailMs: 1000 }), /saw \d+ keys/);
    const f = analyseFile({ file: 'a.py', plan, record, server: [], clockOffsetMs: 0, finalText: PY + ')', tailMs: 1000 });
    assert.equal(f.documentMatches, false);
    assert.equal(totalFigures([f]).documentMatches, false);
  });

  it('reports as a table and as markdown that lists the missed pauses', () => {
    const record = recordFor(PY, plan.keys, keyTimes, [{ key: pauseKeys[0]!, after: 80, ghost: rest(pauseKeys[0]!) }]);
    const figures = analyseFile({ file: 'a.py', plan, record, server, clockOffsetMs: 0, finalText: PY, tailMs: 1000 });
    const result: EditorBenchResult = {
      generatedAt: '2025-01-01T00:00:00Z',
      command: 'npm run bench:editor',
      commit: 'abc1234',
      machine: { cpus: 2, cpu: 'cpu', node: 'v20', loadAtStart: [1, 1, 1], loadAtEnd: [1, 1, 1] },
      vscode: 'VS Code',
      endpoint: { ttftMs: 50, tokensPerSecond: 1500, wrongLines: 2 },
      plan: { seed: 1, keyGapMs: [70, 150], pauseMs: [800, 1200] },
      startup: { installMs: 0, codeServerMs: 0, workbenchMs: 0, activationMs: 0 },
      files: [{ trace: 't', filePath: 'a.py', languageId: 'python', lines: { from: 1, to: 4, total: 4 }, figures, typingSeconds: 1 }],
      total: totalFigures([figures]),
      reference: REFERENCE,
    };
    assert.match(renderTable(result), /1 \(25 %\)/);
    const md = renderMarkdown(result);
    assert.match(md, /\| 1 \(25 %\) \| 0 \/ 3 \|/);
    assert.equal((md.match(/^\| \d+ \| \d+:\d+ \|/gm) ?? []).length, 3, 'one row per missed pause');
  });

  it('reads --file NAME and NAME:FROM-TO', () => {
    assert.deepEqual(parseFileChoice('python-grades'), { trace: 'python-grades' });
    assert.deepEqual(parseFileChoice('rust-wrap:18-34'), { trace: 'rust-wrap', fromLine: 18, toLine: 34 });
    assert.throws(() => parseFileChoice('x:1'), /NAME:FROM-TO/);
  });
});
