import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataParseError } from '../../../src/core/index.js';
import { inferSchema, readParquet } from '../../../src/data/index.js';

// small.parquet is written by test/fixtures/data/make_parquet_fixture.py (standard-library Python, see there);
// the expected values below are the script's input rows.
const fixture = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/data/small.parquet');

describe('readParquet', () => {
  it('reads every column of the fixture with its type, values and nulls (gzip, snappy and uncompressed pages)', async () => {
    const frame = await readParquet(fixture);
    expect(inferSchema(frame).columns).toEqual([
      { name: 'id', type: 'numeric', nullable: false },
      { name: 'price', type: 'numeric', nullable: true },
      { name: 'city', type: 'categorical', nullable: true },
      { name: 'ok', type: 'boolean', nullable: true },
      { name: 'day', type: 'datetime', nullable: true },
    ]);
    expect(frame.toRows()).toEqual([
      { id: 1, price: 1.5, city: 'Paris', ok: true, day: '2024-01-31T00:00:00.000Z' },
      { id: 2, price: null, city: 'Zürich', ok: false, day: '1970-01-01T00:00:00.000Z' },
      { id: 3, price: -2.25, city: null, ok: null, day: '1969-12-31T00:00:00.000Z' },
      { id: 4, price: 1e10, city: 'Paris', ok: true, day: null },
      { id: 5, price: 0.1, city: '東京', ok: true, day: '2000-02-29T00:00:00.000Z' },
      { id: 6, price: 3, city: 'Oslo', ok: false, day: '2024-12-31T00:00:00.000Z' },
    ]);
    const city = frame.column('city');
    expect(city.type === 'categorical' && city.levels).toEqual(['Paris', 'Zürich', '東京', 'Oslo']);
  });

  it('reads a file written by another implementation (parquet-cpp, Snappy): the pandas test fixture', async () => {
    // Expected content from pandas' tests/io/test_parquet.py: df_compat = pd.DataFrame({"A": [1, 2, 3], "B": "foo"}).
    const frame = await readParquet(join(dirname(fixture), 'pandas-simple.parquet'));
    expect(inferSchema(frame).columns).toEqual([
      { name: 'A', type: 'numeric', nullable: false },
      { name: 'B', type: 'categorical', nullable: false },
    ]);
    expect(frame.toRows()).toEqual([
      { A: 1, B: 'foo' },
      { A: 2, B: 'foo' },
      { A: 3, B: 'foo' },
    ]);
  });

  it('reads from bytes and honours forced types', async () => {
    const frame = await readParquet(readFileSync(fixture), { types: { id: 'categorical', city: 'text' } });
    expect(frame.column('id').type).toBe('categorical');
    expect(frame.column('city').type).toBe('text');
  });

  it.each([
    ['truncated before the footer', (b: Uint8Array) => b.subarray(0, b.length - 10)],
    ['truncated in the middle of the data', (b: Uint8Array) => b.subarray(0, 200)],
    ['not Parquet at all', () => new TextEncoder().encode('a,b\n1,2\n')],
    ['empty', () => new Uint8Array(0)],
    [
      'a corrupt page',
      (b: Uint8Array) => {
        const copy = Uint8Array.from(b);
        for (let i = 30; i < 120; i++) copy[i] = 0xff;
        return copy;
      },
    ],
  ])('rejects a file %s with MLP_DATA_PARSE naming the file', async (_name, damage) => {
    const bytes = damage(readFileSync(fixture));
    try {
      await readParquet(bytes, { file: 'bad.parquet' });
      expect.fail('expected an error');
    } catch (error) {
      expect(DataParseError.is(error)).toBe(true);
      expect((error as Error).message).toMatch(/^bad\.parquet: not a readable Parquet file/);
    }
  });
});
