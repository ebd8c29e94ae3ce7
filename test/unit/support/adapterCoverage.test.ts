import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { calledFunctions, exportedCallables } from './adapterCoverage';

describe('test:adapters (which exported functions unit tests call)', () => {
  it('lists exported functions, public methods and getters of exported classes and objects, as V8 names them', () => {
    const source = `
      export function top() {}
      function hidden() {}
      export const arrow = () => 1;
      export const ui = { async run() {}, open: () => 2 };
      export class Box { constructor() {} get size() { return 1; } put() {} private drop() {} protected peek() {} }
      class Inner { method() {} }`;
    assert.deepEqual(exportedCallables('f.ts', source).map((c) => `${c.name} | ${c.label}`), [
      'top | top',
      'arrow | arrow',
      'run | ui.run',
      'get size | Box.size (get)',
      'put | Box.put',
    ]);
  });

  it('reads the functions V8 saw called, per script', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fi-v8-'));
    try {
      const fn = (functionName: string, count: number) => ({ functionName, ranges: [{ count }] });
      writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ result: [{ url: 'file:///x.ts', functions: [fn('', 1), fn('put', 2), fn('drop', 0)] }] }));
      writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ result: [{ url: 'file:///x.ts', functions: [fn('put', 1), fn('get size', 1)] }] }));
      const called = calledFunctions(dir).get('file:///x.ts')!;
      assert.deepEqual([...called.keys()].sort(), ['get size', 'put']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
