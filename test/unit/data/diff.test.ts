import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../../src/data/index.js';
import { diffDatasets, inferSchema, parseSchema, profileDocument, profileFrame, readCsv } from '../../../src/data/index.js';

const summary = (text: string): DatasetSummary => {
  const frame = readCsv(new TextEncoder().encode(text), { file: 'd.csv' });
  // Through JSON, as a stored dataset version would come back from the store.
  return JSON.parse(JSON.stringify({ schema: inferSchema(frame), profile: profileDocument(profileFrame(frame)) })) as DatasetSummary;
};
const changesOf = (a: DatasetSummary, b: DatasetSummary) => diffDatasets(a, b).changes;

describe('diffDatasets', () => {
  it('finds no change between equal content', () => {
    const a = summary('x,c\n1,a\n2,b\n');
    expect(diffDatasets(a, summary('x,c\n1,a\n2,b\n'))).toEqual({ identical: true, rowCount: { before: 2, after: 2 }, changes: [] });
  });

  it('lists row count, added/removed columns, type and nullability changes', () => {
    const a = summary('id,x,gone,flag\n1,1,a,true\n2,2,b,false\n');
    const b = summary('id,x,flag,new\n1,1,yes,5\n2,,no,6\n3,3,yes,7\n');
    const changes = changesOf(a, b);
    expect(changes.filter((c) => c.kind !== 'stat-changed' && c.kind !== 'levels-added' && c.kind !== 'levels-removed')).toEqual([
      { kind: 'row-count-changed', before: 2, after: 3 },
      { kind: 'nullability-changed', column: 'x', before: false, after: true },
      { kind: 'type-changed', column: 'flag', before: 'boolean', after: 'categorical' },
      { kind: 'column-added', column: 'new', type: 'numeric' },
      { kind: 'column-removed', column: 'gone', type: 'categorical' },
    ]);
  });

  it('reports profile shifts with before and after values', () => {
    const a = summary('x\n1\n2\n3\n4\n');
    const b = summary('x\n2\n4\n\n8\n');
    const shifts = changesOf(a, b).filter((c) => c.kind === 'stat-changed');
    // a: mean 2.5, std sqrt(5/3), min 1, max 4, missing 0/4. b: values 2, 4, 8: mean 14/3, std sqrt(28/3), missing 1/4.
    expect(shifts.map((c) => c.kind === 'stat-changed' && c.stat)).toEqual(['missingRate', 'distinct', 'mean', 'std', 'min', 'max']);
    const byStat = Object.fromEntries(shifts.map((c) => (c.kind === 'stat-changed' ? [c.stat, c] : ['', c])));
    expect(byStat.missingRate).toMatchObject({ column: 'x', before: 0, after: 0.25, relativeChange: null });
    expect(byStat.mean).toMatchObject({ before: 2.5, relativeChange: (14 / 3 - 2.5) / 2.5 });
    expect(byStat.std).toMatchObject({ before: Math.sqrt(5 / 3) });
    expect(byStat.min).toMatchObject({ before: 1, after: 2, relativeChange: 1 });
    expect(byStat.max).toMatchObject({ before: 4, after: 8 });
  });

  it('lists new and vanished categorical levels and datetime range shifts', () => {
    const a = summary('c,d\nred,2024-01-01\nblue,2024-01-02\nred,2024-01-03\n');
    const b = summary('c,d\nred,2024-01-01\ngreen,2024-01-05\nred,2024-01-03\n');
    const changes = changesOf(a, b);
    expect(changes).toContainEqual({ kind: 'levels-added', column: 'c', levels: ['green'], partial: false });
    expect(changes).toContainEqual({ kind: 'levels-removed', column: 'c', levels: ['blue'], partial: false });
    expect(changes).toContainEqual({
      kind: 'stat-changed',
      column: 'd',
      stat: 'max',
      before: '2024-01-03T00:00:00.000Z',
      after: '2024-01-05T00:00:00.000Z',
      relativeChange: null,
    });
  });

  it('uses the recorded row counts when given and rejects malformed stored JSON naming the field', () => {
    const a = summary('x\n1\n');
    expect(diffDatasets({ ...a, rowCount: 10 }, { ...a, rowCount: 12 }).changes).toEqual([
      { kind: 'row-count-changed', before: 10, after: 12 },
    ]);
    expect(() => diffDatasets(a, { schema: a.schema, profile: { rowCount: 1, columns: [{ name: 'x' }] } })).toThrow(
      /b\.profile\.columns\.0\.type/,
    );
    expect(() => diffDatasets({ schema: null, profile: a.profile }, a)).toThrow(/a\.schema/);
  });

  it('does not compare statistics of a column whose type changed', () => {
    const changes = changesOf(summary('v\n1\n2\n'), summary('v\na\nb\n'));
    expect(changes).toEqual([{ kind: 'type-changed', column: 'v', before: 'numeric', after: 'categorical' }]);
  });
});

describe('parseSchema', () => {
  it('accepts a stored schema and rejects a malformed one naming the field', () => {
    const schema = { columns: [{ name: 'a', type: 'numeric', nullable: false }] };
    expect(parseSchema(schema)).toEqual(schema);
    expect(() => parseSchema({ columns: [{ name: 'a', type: 'float', nullable: false }] })).toThrow(/schema\.columns\.0\.type/);
    expect(() => parseSchema({ columns: [{ name: 'a', type: 'numeric' }] })).toThrow(/nullable/);
  });
});
