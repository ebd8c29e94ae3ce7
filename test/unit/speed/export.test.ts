import * as assert from 'node:assert/strict';
import { csvCell, samplesToCsv, samplesToJson, SAMPLE_CSV_COLUMNS } from '../../../src/speed/core/export';
import { sample } from './fakes';

/** A small RFC 4180 reader, to check the writer from the other side. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  return rows;
}

describe('speed export', () => {
  it('writes one CSV row per sample with every column', () => {
    const samples = [
      sample({ startedAt: Date.UTC(2025, 0, 2, 3, 4, 5), tokensPerSecond: 612.34567, promptTokens: 10 }),
      sample({ model: 'org/model, "quoted"\nline', server: { tokensPerSecond: 700, source: 'groq x_groq.usage' }, error: 'auth' }),
    ];
    const rows = parseCsv(samplesToCsv(samples));
    assert.deepEqual(rows[0], [...SAMPLE_CSV_COLUMNS]);
    assert.equal(rows.length, 3);
    const first = Object.fromEntries(rows[0].map((k, i) => [k, rows[1][i]]));
    assert.equal(first.startedAt, '2025-01-02T03:04:05.000Z');
    assert.equal(first.tokensPerSecond, '612.346');
    assert.equal(first.promptTokens, '10');
    assert.equal(first.serverTokensPerSecond, '');
    const second = Object.fromEntries(rows[0].map((k, i) => [k, rows[2][i]]));
    assert.equal(second.model, 'org/model, "quoted"\nline');
    assert.equal(second.serverSource, 'groq x_groq.usage');
    assert.equal(second.error, 'auth');
  });

  it('never lets server text become a spreadsheet formula', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('@SUM(A1)'), `'@SUM(A1)`);
    assert.equal(csvCell(-5), '-5');
    assert.equal(csvCell(Number.NaN), '');
  });

  it('writes JSON that reads back to the same samples', () => {
    const samples = [sample(), sample({ server: { tokensPerSecond: 1, source: 's', ttftMs: 3 } })];
    const doc = JSON.parse(samplesToJson(samples, new Date(0)));
    assert.equal(doc.format, 'fast-inference.speed-samples');
    assert.equal(doc.exportedAt, '1970-01-01T00:00:00.000Z');
    assert.deepEqual(doc.samples, samples);
  });
});
