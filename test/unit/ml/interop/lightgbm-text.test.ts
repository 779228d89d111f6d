import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { matrixFromRows } from '../../../../src/ml/matrix.js';
import { importLightgbmText } from '../../../../src/ml/interop/lightgbm-text.js';
import { treeEnsembleFromState } from '../../../../src/ml/gbdt/tree-ensemble-model.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/ml/interop');
const read = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/**
 * Hand-computed with LightGBM's rules (go left when x <= threshold; missing type NaN: NaN → default; None: NaN → 0;
 * Zero: NaN and |x| <= 1e-35 → default; categorical: listed codes left, NaN right). Tree by tree:
 * t0 a<=0.5 (NaN→left) ? (b<=-1.25, NaN→0 ? 1.5 : -0.5) : 2.25; t1 b zero→right(0.2), b<=2 ? 0.1 : 0.2;
 * t2 c in {1,3,32} ? -1 : 1; t3 0.125; t4 a zero→right(0.02), a<=-0.5 ? 0.01 : 0.02;
 * t5 a zero→left(0.003), a<=-0.75 ? 0.003 : 0.004.
 */
const REGRESSION_CASES: Array<[number[], number, string]> = [
  [[0.2, -2, 1], 1.5 + 0.1 - 1 + 0.125 + 0.02 + 0.004, 'typical row'],
  [[NaN, NaN, NaN], -0.5 + 0.2 + 1 + 0.125 + 0.02 + 0.003, 'all missing'],
  [[0.5, -1.25, 32], 1.5 + 0.1 - 1 + 0.125 + 0.02 + 0.004, 'values exactly on <= thresholds; category in the second bitset word'],
  [[0.5000000000000001, 0, 2], 2.25 + 0.2 + 1 + 0.125 + 0.02 + 0.004, 'one float64 step above a threshold; zero with Zero missing type'],
  [[-0.75, 1e-36, 3], -0.5 + 0.2 - 1 + 0.125 + 0.01 + 0.003, 'inside the zero band'],
  [[-0.7, 2, 0], -0.5 + 0.1 + 1 + 0.125 + 0.01 + 0.004, 'between thresholds'],
  [[1e-30, 2.0000000000000004, 33], -0.5 + 0.2 + 1 + 0.125 + 0.02 + 0.004, 'just outside the zero band; unlisted category'],
  [[-1e-36, 1e-30, 5], -0.5 + 0.1 + 1 + 0.125 + 0.02 + 0.003, 'negative zero band'],
  [[-3, -1e-36, 1], -0.5 + 0.2 - 1 + 0.125 + 0.01 + 0.003, 'far left'],
];

describe('importLightgbmText (hand-written fixtures, hand-computed expectations)', () => {
  it('routes every documented missing-value and threshold case like LightGBM', () => {
    const m = importLightgbmText(read('lgb-regression.model.txt'), { location: 'lgb-regression.model.txt' });
    expect(m.task).toBe('regression');
    expect(m.featureNames).toEqual(['a', 'b', 'c']);
    const X = matrixFromRows(
      REGRESSION_CASES.map((c) => c[0]),
      { categorical: [false, false, true] },
    );
    const got = m.predict(X);
    REGRESSION_CASES.forEach(([, want, why], i) => expect(got[i], why).toBeCloseTo(want, 12));
  });

  it('scales leaves by sigmoid:2 for binary models', () => {
    const m = importLightgbmText(read('lgb-binary.model.txt'));
    expect(m.task).toBe('binary');
    const rows = [
      [-1, 0],
      [NaN, NaN],
      [1, 2],
      [0, 1.5],
    ];
    const raw = [-0.25, -0.25, 0.25, -0.25];
    const p = m.predictProba(matrixFromRows(rows));
    raw.forEach((r, i) => {
      const p1 = 1 / (1 + Math.exp(-2 * r));
      expect(p[2 * i + 1]).toBeCloseTo(p1, 12);
      expect(p[2 * i]).toBeCloseTo(1 - p1, 12);
    });
  });

  it('assigns trees to classes round-robin and applies softmax', () => {
    const m = importLightgbmText(read('lgb-multiclass.model.txt'));
    expect(m.task).toBe('multiclass');
    expect(m.classes).toEqual(['0', '1', '2']);
    const rows = [
      [-1, 0],
      [2, 1],
      [0.5, NaN],
    ];
    const raw = [
      [0.3 + 0.05, -0.2 + 0.1, 0.1 - 0.2],
      [-0.3 + 0.05, 0.4 - 0.1, 0.1 + 0.2],
      [-0.3 + 0.05, -0.2 + 0.1, 0.1 - 0.2],
    ];
    const X = matrixFromRows(rows);
    const got = m.predictRaw(X);
    const p = m.predictProba(X);
    raw.forEach((r, i) => {
      const z = r.map(Math.exp);
      const s = z.reduce((a, b) => a + b, 0);
      r.forEach((v, c) => {
        expect(got[i * 3 + c]).toBeCloseTo(v, 12);
        expect(p[i * 3 + c]).toBeCloseTo((z[c] as number) / s, 12);
      });
    });
    expect(Array.from(m.predict(X))).toEqual([0, 1, 1]);
  });

  it('keeps predictions through the native state round trip', () => {
    const m = importLightgbmText(read('lgb-regression.model.txt'));
    const X = matrixFromRows(
      REGRESSION_CASES.map((c) => c[0]),
      { categorical: [false, false, true] },
    );
    const back = treeEnsembleFromState(m.toState());
    expect(Array.from(back.predict(X))).toEqual(Array.from(m.predict(X)));
  });
});
