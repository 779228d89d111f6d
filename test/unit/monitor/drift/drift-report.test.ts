import { describe, expect, it } from 'vitest';

import { Registry } from '../../../../src/core/index.js';
import { Frame } from '../../../../src/data/index.js';
import { defineDriftMethod, type DriftMethod, driftReport, isDrift, type MethodScore } from '../../../../src/monitor/drift/index.js';
import { boolean, categorical, labelsWithShares, normal, numeric } from '../../../fixtures/monitor/frames.js';

/** A p-value method that returns the p-value given for each column (never deciding anything itself). */
function fixedMethod(
  id: string,
  kind: 'p-value' | 'distance',
  scores: Record<string, number>,
  extra: Partial<MethodScore> = {},
): DriftMethod {
  return defineDriftMethod({
    id,
    title: id,
    description: 'test method with fixed scores',
    kind,
    defaultThreshold: kind === 'p-value' ? 0.05 : 0.1,
    columnTypes: ['categorical', 'boolean'],
    symmetric: true,
    onSample: (_ref, _cur, ctx) => ({
      score: scores[ctx.column] as number,
      ...(kind === 'p-value' ? { effectSize: { name: 'test', value: 0.5 } } : {}),
      ...extra,
    }),
  });
}

const ab = (name: string, n: number) =>
  categorical(
    name,
    Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'a' : 'b')),
  );

describe('the framework decides drift from the kind and threshold', () => {
  it('p-value: drift below the threshold, not at it; distance: drift at or above it', () => {
    expect(isDrift('p-value', 0.049, 0.05)).toBe(true);
    expect(isDrift('p-value', 0.05, 0.05)).toBe(false);
    expect(isDrift('distance', 0.1, 0.1)).toBe(true);
    expect(isDrift('distance', 0.0999, 0.1)).toBe(false);
  });

  it('records method, kind, threshold, score, sizes and the verdict of every column', async () => {
    const registry = new Registry<DriftMethod>('drift method', [fixedMethod('fixed-distance', 'distance', { x: 0.2, y: 0.05 })]);
    const frame = new Frame([ab('x', 10), ab('y', 10)]);
    const report = await driftReport(frame, frame, { method: 'fixed-distance', registry });
    const x = report.columns.find((c) => c.column === 'x');
    expect(x).toMatchObject({ method: 'fixed-distance', kind: 'distance', threshold: 0.1, score: 0.2, drift: true, status: 'ok' });
    expect(x?.choice).toEqual({ by: 'pinned', reason: 'given for every column' });
    expect(x?.sizes).toEqual({ reference: 10, referenceMissing: 0, current: 10, currentMissing: 0 });
    expect(report.columns.find((c) => c.column === 'y')).toMatchObject({ score: 0.05, drift: false });
    expect(report.dataset).toEqual({ compared: 2, drifted: 1, share: 0.5, driftShare: 0.5, drift: true });
    expect((await driftReport(frame, frame, { method: 'fixed-distance', registry, threshold: 0.3 })).dataset.drifted).toBe(0);
    expect((await driftReport(frame, frame, { method: 'fixed-distance', registry, driftShare: 0.6 })).dataset.drift).toBe(false);
  });

  it('adjusts p-values by Benjamini–Hochberg across columns and decides on the adjusted value', async () => {
    // p = 0.01, 0.04, 0.03, 0.005 → adjusted 0.02, 0.04, 0.04, 0.02 (hand-computed): 0.04 and 0.03 no longer drift at 0.035.
    const scores = { a: 0.01, b: 0.04, c: 0.03, d: 0.005 };
    const registry = new Registry<DriftMethod>('drift method', [fixedMethod('fixed-p', 'p-value', scores)]);
    const frame = new Frame(['a', 'b', 'c', 'd'].map((name) => ab(name, 8)));
    const report = await driftReport(frame, frame, { method: 'fixed-p', registry, threshold: 0.035 });
    const byName = Object.fromEntries(report.columns.map((c) => [c.column, c]));
    expect(byName['a']?.adjustedPValue).toBeCloseTo(0.02, 15);
    expect(byName['b']?.adjustedPValue).toBeCloseTo(0.04, 15);
    expect(byName['c']?.adjustedPValue).toBeCloseTo(0.04, 15);
    expect(byName['d']?.adjustedPValue).toBeCloseTo(0.02, 15);
    expect(
      report.columns
        .filter((c) => c.drift)
        .map((c) => c.column)
        .sort(),
    ).toEqual(['a', 'd']);
    expect(byName['b']?.score).toBe(0.04);
    const raw = await driftReport(frame, frame, { method: 'fixed-p', registry, threshold: 0.035, correction: 'none' });
    expect(
      raw.columns
        .filter((c) => c.drift)
        .map((c) => c.column)
        .sort(),
    ).toEqual(['a', 'c', 'd']);
    expect(raw.columns.every((c) => c.adjustedPValue === undefined)).toBe(true);
  });

  it('sorts the most drifted column first', async () => {
    const registry = new Registry<DriftMethod>('drift method', [
      fixedMethod('fixed-distance', 'distance', { calm: 0.01, wild: 0.9, mild: 0.2 }),
    ]);
    const frame = new Frame([ab('calm', 6), ab('mild', 6), ab('wild', 6)]);
    const report = await driftReport(frame, frame, { method: 'fixed-distance', registry });
    expect(report.columns.map((c) => c.column)).toEqual(['wild', 'mild', 'calm']);
  });

  it('refuses a score that is not finite, a p-value outside [0, 1] and a p-value without an effect size', async () => {
    const frame = new Frame([ab('x', 6)]);
    const nan = new Registry<DriftMethod>('drift method', [fixedMethod('bad', 'distance', { x: Number.NaN })]);
    await expect(driftReport(frame, frame, { method: 'bad', registry: nan })).rejects.toMatchObject({ code: 'MLP_DRIFT_METHOD_RESULT' });
    const outside = new Registry<DriftMethod>('drift method', [fixedMethod('bad', 'p-value', { x: 1.5 })]);
    await expect(driftReport(frame, frame, { method: 'bad', registry: outside })).rejects.toMatchObject({
      code: 'MLP_DRIFT_METHOD_RESULT',
    });
    const noEffect = new Registry<DriftMethod>('drift method', [
      defineDriftMethod({
        id: 'bad',
        title: 'bad',
        description: 'no effect size',
        kind: 'p-value',
        defaultThreshold: 0.05,
        columnTypes: ['categorical'],
        symmetric: true,
        onSample: () => ({ score: 0.5 }),
      }),
    ]);
    await expect(driftReport(frame, frame, { method: 'bad', registry: noEffect })).rejects.toThrow(/effect size/);
  });
});

describe('edge cases give defined results', () => {
  it('an empty side is an error naming it', async () => {
    const full = new Frame([ab('x', 4)]);
    const empty = new Frame([categorical('x', [])]);
    await expect(driftReport(empty, full, { labels: { reference: 'ref.csv' } })).rejects.toMatchObject({
      code: 'MLP_DRIFT_EMPTY_DATA',
      details: { side: 'reference', label: 'ref.csv' },
    });
    await expect(driftReport(full, empty)).rejects.toMatchObject({ code: 'MLP_DRIFT_EMPTY_DATA', details: { side: 'current' } });
  });

  it('no shared comparable column is an error listing both sides', async () => {
    await expect(driftReport(new Frame([ab('x', 4)]), new Frame([ab('y', 4)]))).rejects.toMatchObject({ code: 'MLP_DRIFT_NO_COLUMNS' });
  });

  it('an asked column missing on a side, an unknown method and a pinned method of the wrong type are clear errors', async () => {
    const frame = new Frame([ab('x', 4)]);
    await expect(driftReport(frame, frame, { columns: ['nope'] })).rejects.toMatchObject({ code: 'MLP_DATA_UNKNOWN_COLUMN' });
    await expect(driftReport(frame, frame, { method: 'nope' })).rejects.toMatchObject({ code: 'MLP_CORE_UNKNOWN_ID' });
    await expect(driftReport(frame, frame, { method: 'ks' })).rejects.toMatchObject({
      code: 'MLP_DRIFT_METHOD_UNSUITABLE',
      details: { column: 'x', method: 'ks' },
    });
    const three = new Frame([categorical('x', ['a', 'b', 'c', 'a'])]);
    await expect(driftReport(three, three, { method: 'z-test' })).rejects.toMatchObject({ code: 'MLP_DRIFT_METHOD_UNSUITABLE' });
    await expect(driftReport(frame, frame, { threshold: 2, method: 'chi-squared' })).rejects.toMatchObject({
      code: 'MLP_CORE_VALIDATION',
      details: { field: 'threshold' },
    });
  });

  it('an all-missing column has no verdict and no score, and does not count', async () => {
    const ref = new Frame([categorical('gone', [null, null, null]), boolean('kept', [true, false, true])]);
    const cur = new Frame([categorical('gone', ['a', null, 'b']), boolean('kept', [true, false, true])]);
    const report = await driftReport(ref, cur);
    const gone = report.columns.find((c) => c.column === 'gone');
    expect(gone).toMatchObject({ status: 'insufficient-data', score: null, drift: false, method: null });
    expect(gone?.sizes).toEqual({ reference: 0, referenceMissing: 3, current: 2, currentMissing: 1 });
    expect(gone?.note).toMatch(/reference/);
    expect(report.dataset.compared).toBe(1);
    expect(JSON.stringify(report)).not.toMatch(/NaN/);
  });

  it('a type change is its own status, counted as drifted', async () => {
    const ref = new Frame([categorical('x', ['a', 'b', 'a']), ab('y', 3)]);
    const cur = new Frame([boolean('x', [true, false, true]), ab('y', 3)]);
    const report = await driftReport(ref, cur);
    expect(report.columns[0]).toMatchObject({
      column: 'x',
      status: 'type-changed',
      type: 'categorical',
      currentType: 'boolean',
      drift: true,
      score: null,
    });
    expect(report.dataset).toMatchObject({ compared: 2, drifted: 1, drift: true });
  });

  it('columns constant and equal on both sides do not drift, with a defined score and no method call', async () => {
    let calls = 0;
    const counting = defineDriftMethod({
      id: 'counting',
      title: 'counting',
      description: 'counts calls',
      kind: 'p-value',
      defaultThreshold: 0.05,
      columnTypes: ['categorical', 'boolean'],
      symmetric: true,
      onSample: () => {
        calls++;
        return { score: 0, effectSize: { name: 'x', value: 1 } };
      },
    });
    const frame = new Frame([categorical('c', ['k', 'k', 'k']), boolean('b', [true, true, null])]);
    const report = await driftReport(frame, frame, { method: 'counting', registry: new Registry<DriftMethod>('drift method', [counting]) });
    expect(calls).toBe(0);
    for (const c of report.columns)
      expect(c).toMatchObject({ status: 'ok', score: 1, drift: false, note: 'both sides are constant and equal: no drift' });
    const auto = await driftReport(frame, frame);
    for (const c of auto.columns) expect(c).toMatchObject({ method: 'z-test', score: 1, drift: false });
  });

  it('lists categories new in the current data and keeps them in the support', async () => {
    const ref = new Frame([categorical('c', ['a', 'b', 'a', 'b'])]);
    const cur = new Frame([categorical('c', ['a', 'b', 'zz', 'zz'])]);
    let seen: readonly string[] = [];
    const spy = defineDriftMethod({
      id: 'spy',
      title: 'spy',
      description: 'records the support',
      kind: 'distance',
      defaultThreshold: 0.1,
      columnTypes: ['categorical'],
      symmetric: true,
      onSample: (r, c, ctx) => {
        seen = ctx.support.kind === 'levels' ? ctx.support.labels : [];
        return { score: Array.from(r.counts).join() === Array.from(c.counts).join() ? 0 : 1 };
      },
    });
    const report = await driftReport(ref, cur, { method: 'spy', registry: new Registry<DriftMethod>('drift method', [spy]) });
    expect(seen).toEqual(['a', 'b', 'zz']);
    expect(report.columns[0]?.newCategories).toEqual(['zz']);
    expect(report.columns[0]?.distribution).toMatchObject({
      kind: 'levels',
      labels: ['a', 'b', 'zz'],
      reference: [0.5, 0.5, 0],
      current: [0.25, 0.25, 0.5],
    });
  });

  it('reads per-column methods and thresholds as own properties only (a column named constructor is a column)', async () => {
    const frame = new Frame([ab('constructor', 6), ab('toString', 6)]);
    const registry = new Registry<DriftMethod>('drift method', [
      fixedMethod('fixed-distance', 'distance', { constructor: 0.3, toString: 0.3 }),
    ]);
    const report = await driftReport(frame, frame, {
      registry,
      method: 'fixed-distance',
      methods: { toString: 'fixed-distance' },
      thresholds: { toString: 0.5 },
    });
    const byName = Object.fromEntries(report.columns.map((c) => [c.column, c]));
    expect(byName['constructor']).toMatchObject({
      threshold: 0.1,
      drift: true,
      choice: { by: 'pinned', reason: 'given for every column' },
    });
    expect(byName['toString']).toMatchObject({ threshold: 0.5, drift: false, choice: { by: 'pinned', reason: 'given for this column' } });
    await expect(driftReport(frame, frame, { registry, method: 'fixed-distance', thresholds: { nope: 0.2 } })).rejects.toMatchObject({
      code: 'MLP_DATA_UNKNOWN_COLUMN',
    });
  });

  it('skips columns on one side only and datetime/text columns, saying why', async () => {
    const ref = new Frame([ab('x', 2), ab('old', 2), { name: 't', type: 'text', values: ['a', 'b'] }]);
    const cur = new Frame([ab('x', 2), ab('new', 2), { name: 't', type: 'text', values: ['a', 'b'] }]);
    const report = await driftReport(ref, cur);
    expect(report.skipped).toEqual([
      { column: 'old', reason: 'only in the reference' },
      { column: 't', reason: 'text columns are not compared' },
      { column: 'new', reason: 'only in the current data' },
    ]);
  });
});

describe('numeric columns', () => {
  it('constant and equal → no drift with a defined score; constant and different → drift', async () => {
    const same = new Frame([numeric('c', [3, 3, 3, 3])]);
    const report = await driftReport(same, same);
    expect(report.columns[0]).toMatchObject({ method: 'z-test', score: 1, drift: false, status: 'ok' });
    for (const method of ['ks', 'wasserstein', 'psi', 'anderson-darling', 'mmd']) {
      const pinned = await driftReport(same, same, { method });
      expect(pinned.columns[0]?.score).toBe(pinned.columns[0]?.kind === 'p-value' ? 1 : 0);
      expect(pinned.columns[0]?.drift).toBe(false);
    }
    const moved = await driftReport(new Frame([numeric('c', Array(50).fill(3))]), new Frame([numeric('c', Array(50).fill(4))]));
    expect(moved.columns[0]).toMatchObject({ method: 'z-test', drift: true });
    // Normed Wasserstein with a constant reference divides by 0.001 (Evidently's floor): 1 / 0.001.
    const w = await driftReport(new Frame([numeric('c', Array(50).fill(3))]), new Frame([numeric('c', Array(50).fill(4))]), {
      method: 'wasserstein',
    });
    expect(w.columns[0]?.score).toBeCloseTo(1000, 9);
  });

  it('leaves missing and non-finite values out and counts them; all missing → insufficient-data', async () => {
    const ref = new Frame([
      numeric('x', [1, 2, Number.NaN, 4, 5, 6, 7, Number.POSITIVE_INFINITY]),
      numeric('gone', [1, 2, 3, 4, 5, 6, 7, 8]),
    ]);
    const cur = new Frame([numeric('x', [1, 2, 3, 4, 5, 6, 7, 8]), numeric('gone', Array(8).fill(Number.NaN))]);
    const report = await driftReport(ref, cur);
    const x = report.columns.find((c) => c.column === 'x');
    expect(x?.sizes).toEqual({ reference: 6, referenceMissing: 2, current: 8, currentMissing: 0 });
    expect(x?.method).toBe('ks');
    const gone = report.columns.find((c) => c.column === 'gone');
    expect(gone).toMatchObject({ status: 'insufficient-data', score: null, drift: false, sizes: { current: 0, currentMissing: 8 } });
  });

  it('a numeric column that became categorical is type-changed and drifted', async () => {
    const report = await driftReport(new Frame([numeric('x', [1, 2, 3])]), new Frame([categorical('x', ['1', '2', 'three'])]));
    expect(report.columns[0]).toMatchObject({ status: 'type-changed', type: 'numeric', currentType: 'categorical', drift: true });
    expect(report.dataset.drift).toBe(true);
  });

  it('counts few-valued numeric columns per value (new values listed) and others on the reference quantile bins', async () => {
    const report = await driftReport(new Frame([numeric('d', [1, 2, 1, 2, 1, 2])]), new Frame([numeric('d', [1, 2, 9, 9, 1, 2])]), {
      method: 'chi-squared',
    });
    expect(report.columns[0]?.newCategories).toEqual(['9']);
    expect(report.columns[0]?.distribution).toMatchObject({ kind: 'levels', labels: ['1', '2', '9'] });
    // 21 distinct values → bins; PSI of a sample against itself is 0.
    const many = new Frame([
      numeric(
        'm',
        Array.from({ length: 42 }, (_, i) => i % 21),
      ),
    ]);
    const psi = await driftReport(many, many, { method: 'psi' });
    expect(psi.columns[0]).toMatchObject({ score: 0, drift: false, distribution: { kind: 'bins' } });
  });

  it('picks distances above 1,000 reference values, as Evidently does', async () => {
    const ref = new Frame([numeric('x', normal(1500, 1)), categorical('c', labelsWithShares(1500, { a: 0.5, b: 0.5 }))]);
    const cur = new Frame([numeric('x', normal(1500, 2, 0.5)), categorical('c', labelsWithShares(1500, { a: 0.5, b: 0.5 }))]);
    const report = await driftReport(ref, cur);
    const byName = Object.fromEntries(report.columns.map((c) => [c.column, c]));
    expect(byName['x']).toMatchObject({ method: 'wasserstein', kind: 'distance', drift: true, choice: { by: 'auto' } });
    expect(byName['c']).toMatchObject({ method: 'jensen-shannon', score: 0, drift: false });
    expect(report.correction).toBe('benjamini-hochberg');
    expect(byName['x']?.adjustedPValue).toBeUndefined();
  });
});
