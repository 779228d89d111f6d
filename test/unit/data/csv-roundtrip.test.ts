import { describe, expect, it } from 'vitest';

import { seededRandom } from '../../../src/core/index.js';
import type { ColumnType } from '../../../src/data/index.js';
import { readCsv } from '../../../src/data/index.js';

const ALPHABET = ['a', 'b', 'Z', '0', '7', ' ', ',', '"', '\n', '\r\n', '\t', 'é', '€', '😀', ';', '-', '.'];

/** A random non-empty string over characters that stress quoting. */
function randomText(random: () => number): string {
  const length = 1 + Math.floor(random() * 8);
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}

/** RFC 4180 writer: quote when the field has the delimiter, a quote, CR or LF (or always, at random). */
function writeCsv(header: string[], table: Array<Array<string | null>>, delimiter: string, eol: string, random: () => number): string {
  const field = (value: string | null): string => {
    if (value === null) return '';
    const needs = value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r');
    return needs || random() < 0.2 ? `"${value.replace(/"/g, '""')}"` : value;
  };
  // Like Python's csv module, a row that is a single empty field is written as "" so it is not a blank line.
  const line = (row: Array<string | null>): string => (row.length === 1 && row[0] === null ? '""' : row.map(field).join(delimiter));
  const lines = [header.map(field).join(delimiter), ...table.map(line)];
  return lines.join(eol) + (random() < 0.5 ? eol : '');
}

describe('readCsv round trip', () => {
  it('reads back 300 random tables written by an RFC 4180 writer (quotes, delimiters, CR/LF, unicode, missing)', () => {
    const random = seededRandom(2024);
    const encoder = new TextEncoder();
    for (let t = 0; t < 300; t++) {
      const columns = 1 + Math.floor(random() * 5);
      const rows = Math.floor(random() * 30);
      const delimiter = random() < 0.3 ? '\t' : ',';
      const eol = random() < 0.5 ? '\r\n' : '\n';
      const header = Array.from({ length: columns }, (_, k) => `c${k}${random() < 0.3 ? ',"x"' : ''}`);
      const table = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (random() < 0.3 ? null : randomText(random))));
      const text = writeCsv(header, table, delimiter, eol, random);
      const types = Object.fromEntries(header.map((name) => [name, 'text' as ColumnType]));
      const frame = readCsv(encoder.encode(text), { file: `t${t}.csv`, delimiter, types });
      expect(frame.columnNames).toEqual(header);
      expect(frame.rowCount).toBe(rows);
      frame.columns.forEach((column, k) => {
        expect(column.type === 'text' && [...column.values]).toEqual(table.map((row) => row[k]));
      });
    }
  });

  it('infers the same values as the writer wrote for numbers, booleans and categories mixed with quoting', () => {
    const random = seededRandom(99);
    const values = Array.from({ length: 500 }, () => (random() < 0.1 ? null : Math.round((random() - 0.5) * 1e6) / 100));
    const flags = values.map((_, i) => (i % 11 === 0 ? null : i % 3 === 0));
    const colours = values.map((_, i) => (i % 13 === 0 ? null : (['red', 'green, light', 'say "blue"'][i % 3] as string)));
    const lines = ['x,flag,colour'];
    values.forEach((v, i) => {
      const quotedNumber = v !== null && i % 7 === 0 ? `"${v}"` : v === null ? '' : String(v);
      const flag = flags[i] === null ? '' : flags[i] ? 'TRUE' : 'false';
      const colour = colours[i] === null ? '' : `"${(colours[i] as string).replace(/"/g, '""')}"`;
      lines.push(`${quotedNumber},${flag},${colour}`);
    });
    const frame = readCsv(new TextEncoder().encode(lines.join('\r\n')), { file: 'mixed.csv' });
    const x = frame.column('x');
    const flag = frame.column('flag');
    const colour = frame.column('colour');
    expect(x.type === 'numeric' && [...x.values]).toEqual(values.map((v) => (v === null ? NaN : v)));
    expect(flag.type === 'boolean' && [...flag.values]).toEqual(flags.map((f) => (f === null ? 255 : f ? 1 : 0)));
    expect(colour.type === 'categorical' && [...colour.codes].map((c) => (c < 0 ? null : colour.levels[c]))).toEqual(colours);
  });
});
