import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { linearLearner } from '../../../../src/ml/linear/learner.js';
import type { Task, TrainedModel, TrainingTarget } from '../../../../src/ml/learner.js';
import { trainGbdt } from '../../../../src/ml/gbdt/train.js';
import type { GbdtParamsInput } from '../../../../src/ml/gbdt/params.js';
import { TreeEnsembleModel } from '../../../../src/ml/gbdt/tree-ensemble-model.js';
import { featureMatrix, matrixFromRows } from '../../../../src/ml/matrix.js';
import type { FeatureMatrix } from '../../../../src/ml/matrix.js';
import { importLightgbmText } from '../../../../src/ml/interop/lightgbm-text.js';
import { exportOnnx } from '../../../../src/ml/interop/onnx-export.js';
import { loadOnnxModel } from '../../../../src/ml/interop/onnx-runtime.js';
import type { OnnxModel } from '../../../../src/ml/interop/onnx-runtime.js';
import { importXgboostJson } from '../../../../src/ml/interop/xgboost-json.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/ml/interop');
const read = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function xgbCase(name: string): { model: TrainedModel & { predictRaw?: unknown }; X: FeatureMatrix } {
  const model = importXgboostJson(read(`xgb-${name}.model.json`));
  const cases = JSON.parse(read(`xgb-${name}.cases.json`)) as { rows: Array<Array<number | null>>; categorical: boolean[] };
  const X = matrixFromRows(
    cases.rows.map((r) => r.map((v) => (v === null ? NaN : v))),
    { categorical: cases.categorical },
  );
  return { model, X };
}

/** |a − b| / max(1, |b|): ONNX outputs are float32 tensors (relative rounding ≤ 6e-8). */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)) / Math.max(1, Math.abs(b[i] as number)));
  return m;
}

const sessions: OnnxModel[] = [];
async function roundTrip(model: TrainedModel): Promise<OnnxModel> {
  const onnx = await loadOnnxModel(exportOnnx(model));
  sessions.push(onnx);
  return onnx;
}
afterAll(async () => {
  for (const s of sessions) await s.release();
});

const measured: Record<string, number> = {};

describe('exportOnnx for tree ensembles, run by onnxruntime-node', () => {
  for (const name of ['regression', 'absolute', 'poisson', 'logistic-regression']) {
    it(`xgboost ${name}: onnxruntime predicts what the native model predicts (NaN rows included)`, async () => {
      const { model, X } = xgbCase(name);
      const onnx = await roundTrip(model);
      expect(onnx.outputNames).toEqual(['variable']);
      const d = maxRel(await onnx.predict(X), model.predict(X));
      measured[`xgb-${name}`] = d;
      expect(d).toBeLessThanOrEqual(1e-5);
    });
  }

  for (const name of ['binary', 'multiclass']) {
    it(`xgboost ${name}: probabilities and labels match the native model`, async () => {
      const { model, X } = xgbCase(name);
      const onnx = await roundTrip(model);
      expect(onnx.outputNames).toEqual(['label', 'probabilities']);
      const d = maxRel(await onnx.predictProba(X), (model.predictProba as (x: FeatureMatrix) => Float64Array)(X));
      measured[`xgb-${name}`] = d;
      expect(d).toBeLessThanOrEqual(1e-5);
      const labels = await onnx.predict(X);
      const native = model.predict(X);
      let agree = 0;
      for (let i = 0; i < X.rows; i++) if (labels[i] === native[i]) agree++;
      expect(agree).toBe(X.rows);
    });
  }

  it('lightgbm binary (sigmoid:2) and multiclass models export too', async () => {
    for (const [file, rows] of [
      [
        'lgb-binary.model.txt',
        [
          [-1, 0],
          [NaN, NaN],
          [1, 2],
          [0, 1.5],
        ],
      ],
      [
        'lgb-multiclass.model.txt',
        [
          [-1, 0],
          [2, 1],
          [0.5, NaN],
        ],
      ],
    ] as const) {
      const model = importLightgbmText(read(file));
      const X = matrixFromRows(rows);
      const onnx = await roundTrip(model);
      expect(maxRel(await onnx.predictProba(X), model.predictProba(X))).toBeLessThanOrEqual(1e-6);
    }
  });

  it('batches larger inputs through several runs with the same result', async () => {
    const { model, X } = xgbCase('multiclass');
    const whole = await roundTrip(model);
    const batched = await loadOnnxModel(whole.bytes, { batchRows: 64 });
    sessions.push(batched);
    const a = await whole.run(X);
    const b = await batched.run(X);
    expect(b.probabilities?.dims).toEqual([X.rows, 3]);
    expect(Array.from(b.probabilities?.data ?? [])).toEqual(Array.from(a.probabilities?.data ?? []));
  });

  it('expands categorical (bitset) splits into BRANCH_EQ chains: xgboost categorical model, missing values included', async () => {
    const { model, X } = xgbCase('categorical');
    const onnx = await roundTrip(model);
    const d = maxRel(await onnx.predict(X), model.predict(X));
    measured['xgb-categorical'] = d;
    expect(d).toBeLessThanOrEqual(1e-5);
  });

  it('exports the lightgbm regression model (zero bands, two-word category set, one-leaf tree)', async () => {
    const model = importLightgbmText(read('lgb-regression.model.txt'));
    const rows = [
      [0.2, -2, 1],
      [NaN, NaN, NaN],
      [0.5, -1.25, 32],
      [0.5000000000000001, 0, 2],
      [-0.75, 1e-36, 3],
      [-1e-36, 1e-30, 5],
      [-3, -1e-36, 33],
    ];
    const X = matrixFromRows(rows, { categorical: [false, false, true] });
    const onnx = await roundTrip(model);
    expect(maxRel(await onnx.predict(X), model.predict(X))).toBeLessThanOrEqual(1e-6);
  });
});

/** Deterministic data: 300 rows, 3 features, targets of all three tasks. */
function linearData(): { X: FeatureMatrix; y: Float64Array; yb: Int32Array; ym: Int32Array } {
  const n = 300;
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  const yb = new Int32Array(n);
  const ym = new Int32Array(n);
  let s = 12345;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const a = 4 * rnd();
    const b = 4 * rnd();
    const c = 10 * rnd();
    (cols[0] as Float64Array)[i] = a;
    (cols[1] as Float64Array)[i] = b;
    (cols[2] as Float64Array)[i] = c;
    y[i] = 1.5 * a - 2 * b + 0.1 * c + 3 + rnd();
    yb[i] = a + b + rnd() > 0 ? 1 : 0;
    ym[i] = a + rnd() < -0.7 ? 0 : b + rnd() > 0 ? 2 : 1;
  }
  return { X: featureMatrix(cols, { names: ['a', 'b', 'c'] }), y, yb, ym };
}

/** Seeded data with missing values and a categorical column (codes 0..5) for natively trained trees. */
function gbdtData(): { X: FeatureMatrix; yReg: Float64Array; yBin: Float64Array; yMulti: Float64Array } {
  const n = 500;
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const yReg = new Float64Array(n);
  const yBin = new Float64Array(n);
  const yMulti = new Float64Array(n);
  let s = 42;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const effect = [0, 1.5, -1, 0.5, 2, -2];
  for (let i = 0; i < n; i++) {
    const a = 4 * rnd() - 2;
    const b = 4 * rnd() - 2;
    const c = Math.floor(6 * rnd());
    (cols[0] as Float64Array)[i] = rnd() < 0.1 ? NaN : a;
    (cols[1] as Float64Array)[i] = b;
    (cols[2] as Float64Array)[i] = rnd() < 0.05 ? NaN : c;
    const z = a - (b * b) / 2 + (effect[c] as number) + rnd() - 0.5;
    yReg[i] = z;
    yBin[i] = z > 0 ? 1 : 0;
    yMulti[i] = z < -1 ? 0 : z < 1 ? 1 : 2;
  }
  return { X: featureMatrix(cols, { names: ['a', 'b', 'c'], categorical: [false, false, true] }), yReg, yBin, yMulti };
}

describe('exportOnnx for natively trained gbdt models (numeric and categorical splits, NaN)', () => {
  const { X, yReg, yBin, yMulti } = gbdtData();
  const runs: Array<[Task, GbdtParamsInput, Float64Array, string[] | undefined]> = [
    ['regression', { objective: 'squared-error', numRounds: 15, maxDepth: 4 }, yReg, undefined],
    ['binary', { objective: 'binary-logloss', numRounds: 15, maxDepth: 4 }, yBin, ['0', '1']],
    ['multiclass', { objective: 'multiclass-softmax', numClass: 3, numRounds: 10, maxDepth: 4 }, yMulti, ['0', '1', '2']],
  ];
  for (const [task, params, y, classes] of runs) {
    it(`${task}: onnxruntime matches the native predictor`, async () => {
      const gbdt = trainGbdt({ x: X, y }, { ...params, seed: 3 });
      expect(gbdt.trees.some((t) => t.catStart.some((c) => c >= 0))).toBe(true);
      const model = new TreeEnsembleModel(gbdt, task, { flavor: 'native', objective: String(params.objective) }, classes);
      const onnx = await roundTrip(model);
      const native = task === 'regression' ? model.predict(X) : model.predictProba(X);
      const got = task === 'regression' ? await onnx.predict(X) : await onnx.predictProba(X);
      const d = maxRel(got, native);
      measured[`native-gbdt-${task}`] = d;
      expect(d).toBeLessThanOrEqual(1e-5);
    });
  }

  it('refuses learners it cannot export with MLP_ML_EXPORT_UNSUPPORTED', () => {
    const other = {
      learner: 'knn',
      task: 'regression',
      featureNames: ['a'],
      predict: () => new Float64Array(0),
      toState: () => ({ learner: 'knn', formatVersion: 1, meta: {}, arrays: {} }),
    } as TrainedModel;
    expect(() => exportOnnx(other)).toThrow(expect.objectContaining({ code: 'MLP_ML_EXPORT_UNSUPPORTED' }));
  });
});

describe('exportOnnx for linear models (LinearRegressor / LinearClassifier)', () => {
  const { X, y, yb, ym } = linearData();
  const ctx = { seed: 1, threads: 1 };
  const params = linearLearner.params.parse({});
  const targets: Array<[string, TrainingTarget]> = [
    ['regression', { task: 'regression', y }],
    ['binary', { task: 'binary', y: yb, classes: ['no', 'yes'] }],
    ['multiclass', { task: 'multiclass', y: ym, classes: ['a', 'b', 'c'] }],
  ];
  for (const [name, target] of targets) {
    it(`${name}: onnxruntime gives the native predictions within 1e-5`, async () => {
      const model = await linearLearner.fit(X, target, params, ctx);
      const onnx = await roundTrip(model);
      expect(onnx.featureNames).toEqual(['a', 'b', 'c']);
      const native = name === 'regression' ? model.predict(X) : (model.predictProba as (x: FeatureMatrix) => Float64Array)(X);
      const got = name === 'regression' ? await onnx.predict(X) : await onnx.predictProba(X);
      const d = maxRel(got, native);
      measured[`linear-${name}`] = d;
      expect(d).toBeLessThanOrEqual(1e-5);
      if (name !== 'regression') expect(Array.from(await onnx.predict(X))).toEqual(Array.from(model.predict(X)));
    });
  }

  it('reports the measured differences', () => {
    expect(Object.keys(measured).length).toBeGreaterThan(0);
    console.info('onnx max relative |onnxruntime - native|:', JSON.stringify(measured));
  });
});
