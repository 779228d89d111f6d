import { describe, expect, it } from 'vitest';

import { Frame, histogramEdges, profileColumns } from '../../../../src/data/index.js';
import { driftFromProfiles, driftReport, psi } from '../../../../src/monitor/index.js';
import { boolean, categorical, labelsWithShares, normal, numeric } from '../../../fixtures/monitor/frames.js';

/** Reference and current frames: a numeric, a categorical and a boolean column; `shift` moves all three. */
function frames(shift: boolean): [Frame, Frame] {
  const n = 2000;
  const ref = new Frame([
    numeric('x', normal(n, 1)),
    categorical('c', labelsWithShares(n, { a: 0.5, b: 0.3, c: 0.2 })),
    boolean(
      'b',
      labelsWithShares(n, { t: 0.7, f: 0.3 }).map((l) => l === 't'),
    ),
  ]);
  const cur = new Frame([
    numeric('x', normal(n, 2, shift ? 0.8 : 0)),
    categorical('c', labelsWithShares(n, shift ? { a: 0.2, b: 0.3, c: 0.2, d: 0.3 } : { a: 0.5, b: 0.3, c: 0.2 })),
    boolean(
      'b',
      labelsWithShares(n, shift ? { t: 0.3, f: 0.7 } : { t: 0.7, f: 0.3 }).map((l) => l === 't'),
    ),
  ]);
  return [ref, cur];
}

function profiles(shift: boolean) {
  const [ref, cur] = frames(shift);
  const reference = profileColumns(ref);
  return { reference, current: profileColumns(cur, { referenceEdges: histogramEdges(reference) }), ref, cur };
}

describe('driftFromProfiles', () => {
  it('finds no drift between profiles of the same distribution and drift in shifted ones', () => {
    const calm = profiles(false);
    const calmReport = driftFromProfiles(calm.reference, calm.current);
    expect(calmReport.columns.map((c) => [c.column, c.method, c.drift])).toEqual(
      expect.arrayContaining([
        ['x', 'jensen-shannon', false],
        ['c', 'jensen-shannon', false],
        ['b', 'jensen-shannon', false],
      ]),
    );
    const moved = profiles(true);
    const report = driftFromProfiles(moved.reference, moved.current);
    expect(report.dataset).toMatchObject({ compared: 3, drifted: 3, drift: true });
    expect(report.columns.find((c) => c.column === 'c')?.newCategories).toEqual(['d']);
    for (const c of report.columns) expect(c.details['from']).toBe('profile');
  });

  it('scores exact level counts as the row-based comparison does (same chi-squared p-value)', async () => {
    const moved = profiles(true);
    const fromProfiles = driftFromProfiles(moved.reference, moved.current, { method: 'chi-squared', columns: ['c', 'b'] });
    const fromRows = await driftReport(moved.ref, moved.cur, { method: 'chi-squared', columns: ['c', 'b'] });
    for (const name of ['c', 'b']) {
      const p = fromProfiles.columns.find((c) => c.column === name);
      const r = fromRows.columns.find((c) => c.column === name);
      expect(p?.score).toBe(r?.score);
      expect(p?.adjustedPValue).toBe(r?.adjustedPValue);
    }
  });

  it("computes PSI on the reference's histogram bins plus the below/above bins", () => {
    const moved = profiles(true);
    const report = driftFromProfiles(moved.reference, moved.current, { method: 'psi', columns: ['x'] });
    const edges = histogramEdges(moved.reference)['x'] as number[];
    // Independent count: bins [e_i, e_i+1) (the last closed), below the first edge and above the last.
    const count = (values: Float64Array) => {
      const counts = new Float64Array(edges.length + 1);
      for (const v of values) {
        let k: number;
        if (v < (edges[0] as number)) k = 0;
        else if (v > (edges[edges.length - 1] as number)) k = edges.length;
        else {
          k = 1;
          while (k < edges.length - 1 && v >= (edges[k] as number)) k++;
        }
        counts[k] = (counts[k] as number) + 1;
      }
      return counts;
    };
    const x = (f: Frame) => (f.column('x') as { values: Float64Array }).values;
    expect(report.columns[0]?.score).toBeCloseTo(psi(count(x(moved.ref)), count(x(moved.cur))), 12);
  });

  it('refuses histograms on other edges and methods that need raw values', () => {
    const [ref, cur] = frames(true);
    const reference = profileColumns(ref);
    const ownEdges = profileColumns(cur);
    expect(() => driftFromProfiles(reference, ownEdges, { columns: ['x'] })).toThrow(
      expect.objectContaining({ code: 'MLP_DRIFT_PROFILE_MISMATCH', details: expect.objectContaining({ column: 'x' }) }),
    );
    const current = profileColumns(cur, { referenceEdges: histogramEdges(reference) });
    expect(() => driftFromProfiles(reference, current, { method: 'ks' })).toThrow(
      expect.objectContaining({ code: 'MLP_DRIFT_METHOD_UNSUITABLE' }),
    );
  });

  it('gives no verdict for a categorical column with more levels than an exact summary holds', () => {
    const many = (shift: number) =>
      new Frame([
        categorical(
          'c',
          Array.from({ length: 400 }, (_, i) => `level-${(i + shift) % 40}`),
        ),
      ]);
    const reference = profileColumns(many(0));
    const report = driftFromProfiles(reference, profileColumns(many(3)));
    expect(report.columns[0]).toMatchObject({ status: 'insufficient-data', score: null, drift: false });
    expect(report.columns[0]?.note).toMatch(/approximate/);
  });
});
