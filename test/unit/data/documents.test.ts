import { describe, expect, it } from 'vitest';

import type { NumericColumn } from '../../../src/data/index.js';
import {
  profileColumn,
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

describe('dataset profile documents', () => {
  it('round-trips a profile through its stored form, which carries format version 1', () => {
    const profile = profileFrame(frame);
    const document = stored(profileDocument(profile));
    expect(document).toMatchObject({ formatVersion: 1, rowCount: 3 });
    expect(readProfileDocument(document)).toEqual(profile);
  });

  it('reads a profile stored before documents were versioned', () => {
    const profile = profileFrame(frame);
    expect(readProfileDocument(stored(profile))).toEqual(profile);
  });

  it('reads an old histogram whose infinite edges JSON wrote as null as no histogram', () => {
    const old = stored(profileFrame(frame)) as { columns: Array<{ numeric?: { histogram: { edges: Array<number | null> } | null } }> };
    const numeric = old.columns[0]?.numeric;
    numeric!.histogram!.edges[10] = null;
    expect(readProfileDocument(old).columns[0]?.numeric?.histogram).toBeNull();
  });

  it('never stores a non-finite quantile or a histogram without a finite width', () => {
    const column: NumericColumn = {
      name: 'v',
      type: 'numeric',
      values: new Float64Array([-Number.MAX_VALUE, 0, Number.MAX_VALUE, Infinity]),
    };
    const numeric = profileColumn(column).numeric;
    expect(numeric?.quantiles?.p99).toBeNull();
    expect(numeric?.quantiles?.p50).toBe(Number.MAX_VALUE / 2);
    expect(numeric?.histogram).toBeNull();
    const wide: NumericColumn = { name: 'w', type: 'numeric', values: new Float64Array([-Number.MAX_VALUE, Number.MAX_VALUE]) };
    expect(profileColumn(wide).numeric?.histogram).toBeNull();
  });

  it('refuses a newer format, naming both versions', () => {
    const error = errorOf(() => readProfileDocument({ ...profileDocument(profileFrame(frame)), formatVersion: 2 }));
    expect(error.code).toBe('MLP_DATA_DOCUMENT_TOO_NEW');
    expect(error.details).toEqual({ document: 'dataset profile', found: 2, supported: 1 });
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
