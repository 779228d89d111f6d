import { describe, expect, it } from 'vitest';
import { UnknownColumnError, ValidationError } from '../../../src/core/index.js';
import { Frame, readCsv } from '../../../src/data/index.js';

const frame = readCsv(new TextEncoder().encode('id,name,ok,at\n1,a,true,2024-01-01\n2,b,false,\n3,,true,2024-01-03\n4,a,,2024-01-04\n'), {
  file: 'f.csv',
});

describe('Frame', () => {
  it('exposes row count, names and columns by name', () => {
    expect(frame.rowCount).toBe(4);
    expect(frame.columnNames).toEqual(['id', 'name', 'ok', 'at']);
    expect(frame.column('name').type).toBe('categorical');
    expect(frame.has('id')).toBe(true);
    expect(frame.has('nope')).toBe(false);
  });

  it('throws a catalog error listing the known columns for an unknown name', () => {
    try {
      frame.column('nme');
      expect.fail('expected an error');
    } catch (error) {
      expect(UnknownColumnError.is(error)).toBe(true);
      expect((error as Error).message).toContain('"id", "name", "ok", "at"');
    }
  });

  it('selects columns in the requested order', () => {
    const selected = frame.select(['at', 'id']);
    expect(selected.columnNames).toEqual(['at', 'id']);
    expect(selected.rowCount).toBe(4);
    expect(() => frame.select(['id', 'zzz'])).toThrow(/no column "zzz"/);
  });

  it('takes rows by index, in order and with repeats, for every column type', () => {
    const taken = frame.take(Int32Array.from([3, 0, 3]));
    expect(taken.toRows()).toEqual([
      { id: 4, name: 'a', ok: null, at: '2024-01-04T00:00:00.000Z' },
      { id: 1, name: 'a', ok: true, at: '2024-01-01T00:00:00.000Z' },
      { id: 4, name: 'a', ok: null, at: '2024-01-04T00:00:00.000Z' },
    ]);
    try {
      frame.take(Int32Array.from([0, 4]));
      expect.fail('expected an error');
    } catch (error) {
      expect(ValidationError.is(error)).toBe(true);
      expect((error as Error).message).toMatch(/indices\[1\].*row 4 is outside 0\.\.3/);
    }
  });

  it('slices like Array.prototype.slice without copying typed arrays', () => {
    expect(
      frame
        .slice(1, 3)
        .toRows()
        .map((r) => r.id),
    ).toEqual([2, 3]);
    expect(
      frame
        .slice(-1)
        .toRows()
        .map((r) => r.id),
    ).toEqual([4]);
    expect(frame.slice(3, 1).rowCount).toBe(0);
    const id = frame.column('id');
    const sliced = frame.slice(1).column('id');
    if (id.type !== 'numeric' || sliced.type !== 'numeric') return expect.fail('not numeric');
    expect(sliced.values.buffer).toBe(id.values.buffer);
  });

  it('limits toRows', () => {
    expect(frame.toRows(2)).toHaveLength(2);
    expect(frame.toRows(0)).toEqual([]);
  });

  it('is immutable', () => {
    expect(Object.isFrozen(frame)).toBe(true);
    expect(Object.isFrozen(frame.columns)).toBe(true);
    expect(Object.isFrozen(frame.column('id'))).toBe(true);
  });

  it('rejects columns of different lengths or repeated names', () => {
    const a = { name: 'a', type: 'numeric' as const, values: new Float64Array(2) };
    expect(() => new Frame([a, { name: 'b', type: 'numeric', values: new Float64Array(3) }])).toThrow(/3 rows but the frame has 2/);
    expect(() => new Frame([a, a])).toThrow(/appears twice/);
    expect(new Frame([], 5).rowCount).toBe(5);
  });
});
