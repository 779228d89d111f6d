import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { matrixFromRows } from '../../../../src/ml/matrix.js';
import type { FeatureMatrix } from '../../../../src/ml/matrix.js';
import { importXgboostJson } from '../../../../src/ml/interop/xgboost-json.js';
import { leafOf } from '../../../../src/ml/gbdt/tree.js';
import { treeEnsembleFromState } from '../../../../src/ml/gbdt/tree-ensemble-model.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/ml/interop');

interface Cases {
  readonly objective: string;
  readonly features: string[];
  readonly categorical: boolean[];
  readonly rows: Array<Array<number | null>>;
  readonly predict: number[];
  readonly margin: number[];
}

function load(name: string): { text: string; cases: Cases; X: FeatureMatrix } {
  const text = readFileSync(join(FIXTURES, `xgb-${name}.model.json`), 'utf8');
  const cases = JSON.parse(readFileSync(join(FIXTURES, `xgb-${name}.cases.json`), 'utf8')) as Cases;
  const X = matrixFromRows(
    cases.rows.map((r) => r.map((v) => (v === null ? NaN : v))),
    { categorical: cases.categorical },
  );
  return { text, cases, X };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Margins are compared relative to max(1, |margin|): XGBoost sums them in float32 (ulp = 1.2e-7 × |margin|). */
function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)) / Math.max(1, Math.abs(b[i] as number)));
  return m;
}

/** XGBoost's own arithmetic: base margin, then every tree's leaf added in float32, in tree order. */
function float32Margins(m: ReturnType<typeof importXgboostJson>, X: FeatureMatrix): Float64Array {
  const k = m.gbdt.info.numOutputs;
  const out = new Float64Array(X.rows * k);
  const row = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) row[j] = (X.columns[j] as Float64Array)[i] as number;
    for (let c = 0; c < k; c++) out[i * k + c] = m.gbdt.info.baseScore[c] as number;
    m.gbdt.trees.forEach((t, ti) => {
      const o = i * k + (ti % k);
      out[o] = Math.fround((out[o] as number) + (t.value[leafOf(t, row)] as number));
    });
  }
  return out;
}

/** Measured differences, printed once so the report can quote them. */
const measured: Record<string, number> = {};

describe('importXgboostJson matches XGBoost 1.7.4 predictions within 1e-6', () => {
  for (const name of ['regression', 'absolute', 'poisson', 'logistic-regression', 'categorical']) {
    it(`${name}: predict and margins`, () => {
      const { text, cases, X } = load(name);
      const m = importXgboostJson(text, { location: `xgb-${name}.model.json` });
      expect(m.task).toBe('regression');
      const dp = maxAbsDiff(m.predict(X), cases.predict);
      measured[name] = dp;
      expect(dp).toBeLessThanOrEqual(1e-6);
      expect(maxRelDiff(m.predictRaw(X), cases.margin)).toBeLessThanOrEqual(1e-6);
    });
  }

  it('binary: probability of class 1 and margins', () => {
    const { text, cases, X } = load('binary');
    const m = importXgboostJson(text);
    expect(m.task).toBe('binary');
    expect(m.classes).toEqual(['0', '1']);
    const proba = m.predictProba(X);
    const p1 = Float64Array.from({ length: X.rows }, (_, i) => proba[2 * i + 1] as number);
    const dp = maxAbsDiff(p1, cases.predict);
    measured.binary = dp;
    expect(dp).toBeLessThanOrEqual(1e-6);
    expect(maxRelDiff(m.predictRaw(X), cases.margin)).toBeLessThanOrEqual(1e-6);
    const labels = m.predict(X);
    for (let i = 0; i < X.rows; i++) expect(labels[i]).toBe((cases.predict[i] as number) > 0.5 ? 1 : 0);
  });

  it('multiclass: softmax probabilities and per-class margins', () => {
    const { text, cases, X } = load('multiclass');
    const m = importXgboostJson(text);
    expect(m.task).toBe('multiclass');
    expect(m.classes).toEqual(['0', '1', '2']);
    const dp = maxAbsDiff(m.predictProba(X), cases.predict);
    measured.multiclass = dp;
    expect(dp).toBeLessThanOrEqual(1e-6);
    expect(maxRelDiff(m.predictRaw(X), cases.margin)).toBeLessThanOrEqual(1e-6);
  });

  for (const name of ['regression', 'binary', 'multiclass', 'poisson', 'absolute', 'logistic-regression', 'categorical']) {
    it(`${name}: every row reaches XGBoost's leaves (float32 sums of the native leaves equal XGBoost's margins bit for bit)`, () => {
      const { text, cases, X } = load(name);
      const m = importXgboostJson(text);
      expect(Array.from(float32Margins(m, X))).toEqual(cases.margin);
    });
  }

  it('survives the native state round trip with identical predictions', () => {
    const { text, X } = load('categorical');
    const m = importXgboostJson(text);
    const back = treeEnsembleFromState(m.toState());
    expect(Array.from(back.predict(X))).toEqual(Array.from(m.predict(X)));
    expect(back.source.flavor).toBe('xgboost-json');
  });

  it('reports the measured differences', () => {
    expect(Object.keys(measured).length).toBeGreaterThan(0);
    console.info('xgboost max |ours - xgboost|:', JSON.stringify(measured));
  });
});
