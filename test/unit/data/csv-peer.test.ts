import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsv, valueAt } from '../../../src/data/index.js';

// Peer check: csv-parse (a widely used RFC 4180 parser) splits the same bytes into strings; every cell of the
// frame must be that string read with the documented rules (Number(), true/false, ISO instant, or as is).
const fixture = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/data/penguins.csv');

describe('readCsv agrees with csv-parse', () => {
  it('on the penguins fixture, cell by cell', () => {
    const bytes = readFileSync(fixture);
    const frame = readCsv(bytes, { file: 'penguins.csv' });
    const records = parse(bytes, { bom: true }) as string[][];
    expect(frame.columnNames).toEqual(records[0]);
    expect(frame.rowCount).toBe(records.length - 1);
    expect(frame.columns.map((c) => c.type)).toEqual([
      'categorical',
      'categorical',
      'numeric',
      'numeric',
      'numeric',
      'numeric',
      'categorical',
    ]);
    let missing = 0;
    for (let r = 1; r < records.length; r++) {
      const record = records[r] as string[];
      frame.columns.forEach((column, k) => {
        const cell = record[k] as string;
        const value = valueAt(column, r - 1);
        if (cell === '') {
          missing++;
          expect(value).toBeNull();
        } else expect(value).toBe(column.type === 'numeric' ? Number(cell) : cell);
      });
    }
    expect(missing).toBe(18);
  });

  it('on a generated file with quotes, CRLF and embedded line breaks', () => {
    const lines = ['id,comment,amount'];
    for (let i = 0; i < 300; i++) {
      const comment = i % 5 === 0 ? `"line one\r\nline ""two"", ${i}"` : i % 7 === 0 ? '' : `plain ${i % 4}`;
      lines.push(`${i},${comment},${i % 9 === 0 ? '' : (i * 1.25).toString()}`);
    }
    const bytes = Buffer.from(lines.join('\r\n') + '\r\n');
    const frame = readCsv(bytes, { file: 'gen.csv', types: { comment: 'text' } });
    const records = parse(bytes) as string[][];
    expect(frame.rowCount).toBe(records.length - 1);
    const rows = frame.toRows();
    records.slice(1).forEach((record, r) => {
      expect(rows[r]).toEqual({
        id: Number(record[0]),
        comment: record[1] === '' ? null : record[1],
        amount: record[2] === '' ? null : Number(record[2]),
      });
    });
  });
});
