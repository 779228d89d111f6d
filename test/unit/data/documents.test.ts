import { describe, expect, it } from 'vitest';

import type { NumericColumn } from '../../../src/data/index.js';
import {
  mergeProfiles,
  profileColumn,
  profileFromDocument,
  profileDocument,
  profileFrame,
  readCsv,
  readProfileDocument,
  readSchemaDocument,
  schemaDocument,
  schemaOf,
} from '../../../src/data/index.js';

const frame = readCsv(new TextEncoder().encode('x,c,b,t,d\n1,b,true,hello,2024-03-01\n2,a,false,hi,\n,b,,x,2023-12-31\n'), {
  file: 'd.csv',
  types: { t: 'text' },
});
/** Through JSON text, as the store keeps and returns a document. */
const stored = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function errorOf(fn: () => unknown): { code?: string; details?: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    return error as { code?: string; details?: Record<string, unknown> };
  }
  throw new Error('expected an error');
}

/** A profile as format 1 stored it (exact statistics, no sketches), for frame's columns x and c. */
const formatOne = {
  rowCount: 3,
  columns: [
    {
      name: 'x',
      type: 'numeric',
      count: 2,
      missing: 1,
      distinct: 2,
      distinctCapped: false,
      numeric: {
        min: 1,
        max: 2,
        mean: 1.5,
        std: Math.SQRT1_2,
        quantiles: { p1: 1.01, p5: 1.05, p25: 1.25, p50: 1.5, p75: 1.75, p95: 1.95, p99: 1.99 },
        histogram: { edges: [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2], counts: [1, 0, 0, 0, 0, 0, 0, 0, 0, 1] },
      },
    },
    {
      name: 'c',
      type: 'categorical',
      count: 3,
      missing: 0,
      distinct: 2,
      distinctCapped: false,
      categorical: {
        top: [
          { value: 'b', count: 2 },
          { value: 'a', count: 1 },
        ],
        levels: ['b', 'a'],
        levelsCapped: false,
      },
    },
  ],
};

describe('dataset profile documents', () => {
  it('round-trips a profile through its stored form, which carries format version 2 and the sketches', () => {
    const profile = profileFrame(frame);
    const document = stored(profileDocument(profile));
    expect(document).toMatchObject({ formatVersion: 2, rowCount: 3 });
    expect(readProfileDocument(document)).toEqual(profile);
    expect(profileFromDocument(document)).toEqual(profile);
    expect(profile.columns.every((c) => c.sketch !== null)).toBe(true);
  });

  it('reads a format-1 profile (and one stored before documents were versioned) with its statistics, without sketches', () => {
    for (const document of [formatOne, { formatVersion: 1, ...formatOne }]) {
      const profile = readProfileDocument(stored(document));
      expect(profile.rowCount).toBe(3);
      expect(profile.columns[0]).toMatchObject({ name: 'x', count: 2, missing: 1, distinct: 2, distinctExact: true, sketch: null });
      expect(profile.columns[0]?.numeric?.histogram).toEqual({ ...formatOne.columns[0]?.numeric?.histogram, below: 0, above: 0 });
      expect(profile.columns[0]?.numeric?.std).toBe(Math.SQRT1_2);
      expect(profile.columns[1]?.categorical).toEqual({ ...formatOne.columns[1]?.categorical, topErrorBound: 0 });
    }
    // It shows and diffs, but cannot merge.
    const old = readProfileDocument(stored(formatOne));
    expect(errorOf(() => mergeProfiles(old, old))).toMatchObject({ code: 'MLP_DATA_PROFILE_MISMATCH', details: { column: 'x' } });
    const capped = { ...formatOne, columns: [{ ...formatOne.columns[1], distinctCapped: true }] };
    expect(readProfileDocument(capped).columns[0]?.distinctExact).toBe(false);
  });

  it('reads an old histogram whose infinite edges JSON wrote as null as no histogram', () => {
    const old = stored(formatOne) as { columns: Array<{ numeric?: { histogram: { edges: Array<number | null> } | null } }> };
    old.columns[0]!.numeric!.histogram!.edges[10] = null;
    expect(readProfileDocument(old).columns[0]?.numeric?.histogram).toBeNull();
  });

  it('never stores a non-finite quantile; infinities are values outside the histogram edges', () => {
    const column: NumericColumn = {
      name: 'v',
      type: 'numeric',
      values: new Float64Array([-Number.MAX_VALUE, 0, Number.MAX_VALUE, Infinity]),
    };
    const profile = profileColumn(column);
    const numeric = profile.numeric;
    expect(profile).toMatchObject({ count: 4, missing: 0, distinct: 4 });
    expect(numeric?.quantiles?.p99).toBeNull();
    expect(numeric?.quantiles?.p50).toBe(Number.MAX_VALUE / 2);
    expect(numeric?.max).toBeNull();
    expect(numeric?.mean).toBeNull();
    expect(numeric?.histogram?.edges.every(Number.isFinite)).toBe(true);
    expect(numeric?.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(numeric?.histogram?.above).toBe(1);
    const wide: NumericColumn = { name: 'w', type: 'numeric', values: new Float64Array([-Number.MAX_VALUE, Number.MAX_VALUE]) };
    // The deciles overflow (their interpolation spans more than the largest double), so the edges are min and max.
    expect(profileColumn(wide).numeric?.histogram).toEqual({
      edges: [-Number.MAX_VALUE, Number.MAX_VALUE],
      counts: [2],
      below: 0,
      above: 0,
    });
    expect(JSON.parse(JSON.stringify(profileDocument({ rowCount: 4, columns: [profile] })))).toEqual({
      formatVersion: 2,
      rowCount: 4,
      columns: [profile],
    });
  });

  it('refuses a newer format, naming both versions', () => {
    const error = errorOf(() => readProfileDocument({ ...profileDocument(profileFrame(frame)), formatVersion: 3 }));
    expect(error.code).toBe('MLP_DATA_DOCUMENT_TOO_NEW');
    expect(error.details).toEqual({ document: 'dataset profile', found: 3, supported: 2 });
  });

  it('refuses a sketch state that merging could not trust, naming the field', () => {
    const document = stored(profileDocument(profileFrame(frame))) as { columns: Array<{ sketch: { numeric?: { kll: { n: number } } } }> };
    document.columns[0]!.sketch.numeric!.kll.n = 5;
    expect(errorOf(() => profileFromDocument(document))).toMatchObject({
      code: 'MLP_DATA_SKETCH_INVALID',
      details: { field: 'profile.columns.0.sketch.numeric.kll.n' },
    });
  });

  it.each<[string, unknown, string]>([
    ['not an object', [1, 2], 'profile'],
    ['a format version that is not a positive integer', { formatVersion: '1', rowCount: 0, columns: [] }, 'profile.formatVersion'],
    ['a missing rowCount', { formatVersion: 1, columns: [] }, 'profile.rowCount'],
    [
      'a column of an unknown type',
      { rowCount: 1, columns: [{ name: 'x', type: 'float', count: 1, missing: 0, distinct: 1, distinctCapped: false }] },
      'profile.columns.0.type',
    ],
    ['a key the format does not have', { rowCount: 0, columns: [], sampled: true }, 'profile'],
    [
      'a negative count',
      { rowCount: 1, columns: [{ name: 'x', type: 'boolean', count: -1, missing: 0, distinct: 1, distinctCapped: false }] },
      'profile.columns.0.count',
    ],
  ])('refuses %s, naming the field', (_label, json, field) => {
    const error = errorOf(() => readProfileDocument(json));
    expect(error.code).toBe('MLP_DATA_DOCUMENT_INVALID');
    expect(error.details?.field).toBe(field);
  });
});

describe('dataset schema documents', () => {
  it('round-trips a schema, and reads one stored before versioning', () => {
    const schema = schemaOf(frame);
    expect(stored(schemaDocument(schema))).toEqual({ formatVersion: 2, ...schema });
    expect(readSchemaDocument(stored(schemaDocument(schema)))).toEqual(schema);
    expect(readSchemaDocument(stored(schema))).toEqual(schema);
    // Version 1 (no delimiter) still reads.
    expect(readSchemaDocument({ formatVersion: 1, ...schema })).toEqual(schema);
  });

  it('records the delimiter a CSV file was read with (version 2) and reads it back', () => {
    const schema = schemaOf(frame);
    const document = stored(schemaDocument(schema, { delimiter: ';' }));
    expect(document).toEqual({ formatVersion: 2, ...schema, delimiter: ';' });
    expect(readSchemaDocument(document).delimiter).toBe(';');
    expect(errorOf(() => readSchemaDocument({ ...(document as object), delimiter: ';;' })).code).toBe('MLP_DATA_DOCUMENT_INVALID');
  });

  it('refuses a newer format and a malformed schema with their codes', () => {
    expect(errorOf(() => readSchemaDocument({ formatVersion: 7, columns: [] })).code).toBe('MLP_DATA_DOCUMENT_TOO_NEW');
    const error = errorOf(() => readSchemaDocument({ columns: [{ name: 'a', type: 'numeric' }] }, 'b.schema'));
    expect([error.code, error.details?.field]).toEqual(['MLP_DATA_DOCUMENT_INVALID', 'b.schema.columns.0.nullable']);
  });
});
