import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../../src/data/index.js';
import { categoricalLimit, inferSchema, readCsv } from '../../../src/data/index.js';

const encoder = new TextEncoder();
/** Infers the type of one column holding `values` (one per line; '' = missing). */
function typeOf(values: string[], types?: Record<string, ColumnType>): { type: ColumnType; nullable: boolean } {
  const text = `x\n${values.map((v) => (v.includes(',') || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v)).join('\n')}\n`;
  const schema = inferSchema(readCsv(encoder.encode(text), { file: 't.csv', types }));
  const column = schema.columns[0];
  if (column === undefined) return expect.fail('no column');
  return { type: column.type, nullable: column.nullable };
}

describe('schema inference', () => {
  it.each<[string, string[], ColumnType, boolean]>([
    ['integers', ['1', '2', '-3'], 'numeric', false],
    ['decimals and exponents', ['1.5', '-2e3', '.25'], 'numeric', false],
    ['0/1 stays numeric', ['0', '1', '1', '0'], 'numeric', false],
    ['numbers with a missing value', ['1', '', '3'], 'numeric', true],
    ['all missing → numeric, nullable', ['', ''], 'numeric', true],
    ['true/false any case', ['true', 'FALSE', 'True'], 'boolean', false],
    ['booleans with missing', ['true', '', 'false'], 'boolean', true],
    ['yes/no are categorical, not boolean', ['yes', 'no', 'yes'], 'categorical', false],
    ['ISO dates', ['2024-01-01', '2024-02-29'], 'datetime', false],
    ['ISO date-times with and without zones', ['2024-01-01T10:00:00', '2024-01-01T10:00:00Z', '2024-01-01 10:00+02:00'], 'datetime', false],
    ['a non-ISO date makes strings', ['2024-01-01', '01/02/2024'], 'categorical', false],
    ['numbers then a word', ['1', '2', 'three'], 'categorical', false],
    ['a word then numbers', ['three', '1', '2'], 'categorical', false],
    ['numbers mixed with booleans', ['1', 'true'], 'categorical', false],
    ['numbers mixed with dates', ['2024', '2024-01-01'], 'categorical', false],
    ['Infinity is not a finite number', ['1', 'Infinity'], 'categorical', false],
    ['NA is a string, not missing', ['1', 'NA'], 'categorical', false],
    ['few distinct strings', ['a', 'b', 'a', 'c'], 'categorical', false],
  ])('%s → %s', (_name, values, type, nullable) => {
    expect(typeOf(values)).toEqual({ type, nullable });
  });

  it('turns strings with more than max(20, 5% of rows) distinct values into text', () => {
    expect(categoricalLimit(100)).toBe(20);
    expect(categoricalLimit(1000)).toBe(50);
    const twenty = Array.from({ length: 100 }, (_, i) => `v${i % 20}`);
    expect(typeOf(twenty).type).toBe('categorical');
    const twentyOne = Array.from({ length: 100 }, (_, i) => `v${i % 21}`);
    expect(typeOf(twentyOne).type).toBe('text');
    const fifty = Array.from({ length: 1000 }, (_, i) => `v${i % 50}`);
    expect(typeOf(fifty).type).toBe('categorical');
  });

  it('turns long strings into text and keeps every value', () => {
    const long = 'x'.repeat(101);
    const frame = readCsv(encoder.encode(`t\na\n${long}\n\nb\n`), { file: 't.csv' });
    const column = frame.column('t');
    expect(column.type).toBe('text');
    expect(column.type === 'text' && column.values).toEqual(['a', long, null, 'b']);
  });

  it('keeps every value when a column turns into text late', () => {
    const values = Array.from({ length: 60 }, (_, i) => (i % 7 === 3 ? '' : `id-${i}`));
    const frame = readCsv(encoder.encode(`t\n${values.join('\n')}\n`), { file: 't.csv' });
    const column = frame.column('t');
    expect(column.type === 'text' && column.values).toEqual(values.map((v) => (v === '' ? null : v)));
  });

  it('keeps levels in order of first appearance with codes -1 for missing', () => {
    const frame = readCsv(encoder.encode('c\nb\na\n\nb\nc\n'), { file: 't.csv' });
    const column = frame.column('c');
    if (column.type !== 'categorical') return expect.fail('not categorical');
    expect(column.levels).toEqual(['b', 'a', 'c']);
    expect([...column.codes]).toEqual([0, 1, -1, 0, 2]);
  });

  it('honours forced types', () => {
    expect(typeOf(['1', '2', '1'], { x: 'categorical' }).type).toBe('categorical');
    expect(typeOf(['1', '2', '1'], { x: 'text' }).type).toBe('text');
    expect(typeOf(['a', 'b'], { x: 'text' }).type).toBe('text');
    const many = Array.from({ length: 100 }, (_, i) => `v${i}`);
    expect(typeOf(many, { x: 'categorical' }).type).toBe('categorical');
    expect(typeOf(['2024-01-01', ''], { x: 'datetime' })).toEqual({ type: 'datetime', nullable: true });
    expect(() => typeOf(['true', 'maybe'], { x: 'boolean' })).toThrow(/t\.csv:3:1: field "x": .*not true or false/);
    expect(() => typeOf(['2024-01-01', 'soon'], { x: 'datetime' })).toThrow(/t\.csv:3:1/);
  });

  it('stores each type in its typed array with its missing sentinel', () => {
    const frame = readCsv(encoder.encode('n,b,d\n1.5,true,2024-01-02\n,,\n-2,false,1970-01-01T00:00:01Z\n'), { file: 't.csv' });
    const n = frame.column('n');
    const b = frame.column('b');
    const d = frame.column('d');
    expect(n.type === 'numeric' && [...n.values]).toEqual([1.5, NaN, -2]);
    expect(b.type === 'boolean' && [...b.values]).toEqual([1, 255, 0]);
    expect(d.type === 'datetime' && [...d.values]).toEqual([Date.UTC(2024, 0, 2), NaN, 1000]);
    expect(n.type === 'numeric' && n.values).toBeInstanceOf(Float64Array);
    expect(b.type === 'boolean' && b.values).toBeInstanceOf(Uint8Array);
  });
});
