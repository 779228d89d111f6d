import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src/core/random.js';
import type { Column, ColumnProfile, Profile } from '../../../../src/data/index.js';
import {
  Frame,
  histogramEdges,
  KLL_RANK_ERROR,
  MISSING_BOOLEAN,
  MISSING_CODE,
  mergeProfiles,
  profileColumns,
  profileDocument,
  profileFrame,
  profileFromDocument,
} from '../../../../src/data/index.js';

/** A seeded frame: numeric (normal with NaN and ±Infinity), datetime, categorical (30 levels), boolean, text. */
function makeFrame(rows: number, seed: number): Frame {
  const random = seededRandom(seed);
  const x = new Float64Array(rows);
  const when = new Float64Array(rows);
  const codes = new Int32Array(rows);
  const flags = new Uint8Array(rows);
  const text: Array<string | null> = [];
  for (let i = 0; i < rows; i++) {
    const u = random();
    x[i] =
      u < 0.02
        ? Number.NaN
        : u < 0.025
          ? Number.POSITIVE_INFINITY
          : u < 0.03
            ? Number.NEGATIVE_INFINITY
            : 100 + 15 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(6.283185307179586 * random());
    when[i] = random() < 0.1 ? Number.NaN : Date.UTC(2024, 0, 1) + Math.floor(random() * 1e10);
    codes[i] = random() < 0.05 ? MISSING_CODE : Math.floor(random() ** 2 * 30);
    flags[i] = random() < 0.1 ? MISSING_BOOLEAN : random() < 0.3 ? 1 : 0;
    text.push(random() < 0.1 ? null : `t${Math.floor(random() * 500)}`);
  }
  const levels = Array.from({ length: 30 }, (_, i) => `level-${i}`);
  const columns: Column[] = [
    { name: 'x', type: 'numeric', values: x },
    { name: 'when', type: 'datetime', values: when },
    { name: 'c', type: 'categorical', codes, levels },
    { name: 'b', type: 'boolean', values: flags },
    { name: 't', type: 'text', values: text },
  ];
  return new Frame(columns, rows);
}

const column = (profile: Profile, name: string): ColumnProfile => profile.columns.find((c) => c.name === name) as ColumnProfile;
const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);

/** Splits rows [0, n) at seeded random cut points into `parts` frames. */
function randomSplit(frame: Frame, parts: number, seed: number): Frame[] {
  const random = seededRandom(seed);
  const cuts = Array.from({ length: parts - 1 }, () => Math.floor(random() * frame.rowCount)).sort((a, b) => a - b);
  const bounds = [0, ...cuts, frame.rowCount];
  return bounds
    .slice(1)
    .map((end, i) => frame.take(Int32Array.from({ length: end - (bounds[i] as number) }, (_, j) => (bounds[i] as number) + j)));
}

describe('mergeProfiles', () => {
  const whole = makeFrame(60_000, 1);
  const reference = profileFrame(makeFrame(20_000, 2));
  const referenceEdges = histogramEdges(reference);
  const exactProfile = profileColumns(whole, { referenceEdges });

  it.each([3, 4, 5])('is associative and commutative over a random split into windows (split seed %i)', (splitSeed) => {
    const windows = randomSplit(whole, 4, splitSeed).map((frame) => profileColumns(frame, { referenceEdges }));
    const [a, b, c, d] = windows as [Profile, Profile, Profile, Profile];
    const orders = [
      mergeProfiles(mergeProfiles(mergeProfiles(a, b), c), d),
      mergeProfiles(mergeProfiles(a, b), mergeProfiles(c, d)),
      mergeProfiles(d, mergeProfiles(c, mergeProfiles(b, a))),
      mergeProfiles(mergeProfiles(c, a), mergeProfiles(d, b)),
    ];
    const sortedX = Float64Array.from((whole.columns[0] as { values: Float64Array }).values)
      .filter((v) => !Number.isNaN(v))
      .sort();
    for (const merged of orders) {
      expect(merged.rowCount).toBe(60_000);
      for (const name of ['x', 'when', 'c', 'b', 't']) {
        const m = column(merged, name);
        const e = column(exactProfile, name);
        // Counts: equal exactly, in any order.
        expect([m.count, m.missing], name).toEqual([e.count, e.missing]);
      }
      const x = column(merged, 'x');
      const ex = column(exactProfile, 'x');
      // Histograms on the reference's edges add up exactly.
      expect(x.numeric?.histogram).toEqual(ex.numeric?.histogram);
      // Moments: within 1e-12 relative of the one-pass profile of all rows.
      const mx = x.sketch?.numeric?.moments;
      const ey = ex.sketch?.numeric?.moments;
      expect(mx?.count).toBe(ey?.count);
      expect(relative(mx?.mean as number, ey?.mean as number)).toBeLessThan(1e-12);
      expect(relative(mx?.m2 as number, ey?.m2 as number)).toBeLessThan(1e-12);
      expect([mx?.min, mx?.max]).toEqual([ey?.min, ey?.max]);
      // Distinct counts (register-wise maximum) are equal in every order; the boolean counts too.
      expect(x.distinct).toBe(orders[0]?.columns[0]?.distinct);
      expect(column(merged, 'b').boolean).toEqual(column(exactProfile, 'b').boolean);
      const [mt, et] = [column(merged, 't').text, column(exactProfile, 't').text];
      expect([mt?.minLength, mt?.maxLength]).toEqual([et?.minLength, et?.maxLength]);
      expect(relative(mt?.meanLength as number, et?.meanLength as number)).toBeLessThan(1e-12);
      expect(column(merged, 'c').categorical?.levels.slice().sort()).toEqual(column(exactProfile, 'c').categorical?.levels.slice().sort());
      // Quantiles: each within the rank bound of the exact rank (the infinities sit at the ends).
      const qs = x.numeric?.quantiles as unknown as Record<string, number | null>;
      for (const [key, q] of [
        ['p5', 0.05],
        ['p50', 0.5],
        ['p95', 0.95],
      ] as const) {
        const v = qs[key] as number;
        let rank = 0;
        while (rank < sortedX.length && (sortedX[rank] as number) <= v) rank++;
        expect(Math.abs(rank / sortedX.length - q)).toBeLessThanOrEqual(KLL_RANK_ERROR + 1 / sortedX.length);
      }
    }
  });

  it('stays mergeable through its stored form (JSON round trip)', () => {
    const [a, b] = randomSplit(whole, 2, 9).map((frame) => profileColumns(frame, { referenceEdges })) as [Profile, Profile];
    const stored = (p: Profile): Profile => profileFromDocument(JSON.parse(JSON.stringify(profileDocument(p))));
    expect(stored(a)).toEqual(a);
    expect(mergeProfiles(stored(a), stored(b))).toEqual(mergeProfiles(a, b));
  });

  it('refuses histograms on different edges, other types and missing columns, naming the column', () => {
    const own = profileFrame(whole);
    const errorOf = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (error) {
        return error;
      }
      return null;
    };
    expect(errorOf(() => mergeProfiles(own, exactProfile))).toMatchObject({ code: 'MLP_DATA_PROFILE_MISMATCH', details: { column: 'x' } });
    const renamed = { ...exactProfile, columns: exactProfile.columns.slice(1) };
    expect(errorOf(() => mergeProfiles(exactProfile, renamed))).toMatchObject({
      code: 'MLP_DATA_PROFILE_MISMATCH',
      details: { column: 'x' },
    });
    const retyped = { ...exactProfile, columns: [{ ...column(exactProfile, 'b'), name: 'x' }, ...exactProfile.columns.slice(1)] };
    expect(errorOf(() => mergeProfiles(exactProfile, retyped))).toMatchObject({
      code: 'MLP_DATA_PROFILE_MISMATCH',
      details: { column: 'x' },
    });
    for (const edges of [[1], [2, 1], [0, Number.NaN, 1]]) {
      expect(errorOf(() => profileColumns(whole, { referenceEdges: { x: edges } }))).toMatchObject({
        code: 'MLP_DATA_HISTOGRAM_EDGES_INVALID',
        details: { column: 'x' },
      });
    }
    expect(errorOf(() => profileColumns(whole, { referenceEdges: { c: [0, 1] } }))).toMatchObject({ details: { column: 'c' } });
    expect(errorOf(() => profileColumns(whole, { referenceEdges: { nope: [0, 1] } }))).toMatchObject({ details: { column: 'nope' } });
  });
});

describe('profile bounds and special values', () => {
  it('keeps every column ≤ 50 KB serialised on 1M rows', () => {
    const rows = 1_000_000;
    const random = seededRandom(77);
    const x = Float64Array.from({ length: rows }, () => random() * 1e6);
    // 2000 distinct 100-character levels: more names than the budget keeps.
    const levels = Array.from({ length: 2000 }, (_, i) => `${i}`.padStart(100, '"'));
    const codes = Int32Array.from({ length: rows }, () => Math.floor(random() * levels.length));
    const text = Array.from({ length: rows }, (_, i) => `row ${i} ${'x'.repeat(i % 50)}`);
    const frame = new Frame([
      { name: 'x', type: 'numeric', values: x },
      { name: 'c', type: 'categorical', codes, levels },
      { name: 't', type: 'text', values: text },
    ]);
    const profile = profileFrame(frame);
    for (const c of profile.columns) expect(JSON.stringify(c).length, c.name).toBeLessThanOrEqual(50_000);
    expect(column(profile, 'c').categorical?.levelsCapped).toBe(true);
    expect(column(profile, 'c').distinctExact).toBe(false);
    expect(Math.abs(column(profile, 'c').distinct - 2000) / 2000).toBeLessThanOrEqual(3 * (1.04 / 64));
    expect(Math.abs(column(profile, 't').distinct - rows) / rows).toBeLessThanOrEqual(3 * (1.04 / 64));
  }, 60_000);

  it('counts NaN as missing and ±Infinity as values outside the moments, at the ends of the ranks', () => {
    const values = Float64Array.from([
      Number.NEGATIVE_INFINITY,
      1,
      Number.NaN,
      2,
      3,
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NaN,
    ]);
    const frame = new Frame([{ name: 'v', type: 'numeric', values }]);
    const profile = column(profileColumns(frame, { referenceEdges: { v: [0, 1.5, 4] } }), 'v');
    expect(profile).toMatchObject({ count: 6, missing: 2, distinct: 5, distinctExact: true });
    expect(profile.sketch?.numeric).toMatchObject({
      missing: 2,
      negativeInfinity: 1,
      positiveInfinity: 2,
      moments: { count: 3, mean: 2, m2: 2, min: 1, max: 3 },
    });
    expect(profile.numeric).toMatchObject({ min: null, max: null, mean: null, std: null });
    expect(profile.numeric?.histogram).toEqual({ edges: [0, 1.5, 4], counts: [1, 2], below: 1, above: 2 });
    // Ranks: −∞, 1, 2, 3, +∞, +∞ → p50 at position 2.5 = 2.5; p1 between −∞ and 1 → null; p99 → null.
    expect(profile.numeric?.quantiles).toMatchObject({ p1: null, p50: 2.5, p99: null });
    const allMissing = column(
      profileFrame(new Frame([{ name: 'v', type: 'numeric', values: Float64Array.from([Number.NaN, Number.NaN]) }])),
      'v',
    );
    expect(allMissing).toMatchObject({
      count: 0,
      missing: 2,
      distinct: 0,
      numeric: { min: null, mean: null, quantiles: null, histogram: null },
    });
    expect(JSON.stringify(allMissing)).not.toContain('NaN');
  });
});
