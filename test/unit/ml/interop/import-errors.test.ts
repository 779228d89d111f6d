import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { isMlpError } from '../../../../src/core/index.js';
import { importLightgbmText } from '../../../../src/ml/interop/lightgbm-text.js';
import { parseLenientJson } from '../../../../src/ml/interop/lenient-json.js';
import { loadOnnxModel } from '../../../../src/ml/interop/onnx-runtime.js';
import { exportOnnx } from '../../../../src/ml/interop/onnx-export.js';
import { importXgboostJson } from '../../../../src/ml/interop/xgboost-json.js';
import { encodeModel, OnnxType } from '../../../../src/ml/interop/onnx-proto.js';
import { matrixFromRows } from '../../../../src/ml/matrix.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/ml/interop');
const read = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutates parsed fixtures

function codeOf(fn: () => unknown): { code: string | false; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: isMlpError(e) && e.code, message: (e as Error).message };
  }
  return { code: false, message: '(no error)' };
}

function xgb(mutate: (m: Json) => void): Json {
  const m = parseLenientJson(read('xgb-regression.model.json'), 'x') as Json;
  mutate(m);
  return m;
}

const tree0 = (m: Json): Json => m.learner.gradient_booster.model.trees[0] as Json;

describe('parseLenientJson', () => {
  it('reads NaN and ±Infinity outside strings and leaves strings alone', () => {
    const v = parseLenientJson('{"a":[NaN,Infinity,-Infinity,1],"s":"NaN Infinity \\" NaN"}', 't') as { a: unknown[]; s: string };
    expect(v.a).toEqual([null, Infinity, -Infinity, 1]);
    expect(v.s).toBe('NaN Infinity " NaN');
  });

  it('rejects text that is not JSON', () => {
    expect(codeOf(() => parseLenientJson('{"a": nope}', 'm.json')).code).toBe('MLP_ML_BUNDLE_INVALID');
  });
});

describe('importXgboostJson rejects malformed and unsupported models with MLP_ML_BUNDLE_INVALID naming the place', () => {
  const cases: Array<[string, (m: Json) => void, RegExp]> = [
    ['gblinear booster', (m) => (m.learner.gradient_booster = { name: 'gblinear', model: {} }), /gblinear/],
    ['dart without weights', (m) => (m.learner.gradient_booster = { name: 'dart', gbtree: m.learner.gradient_booster }), /weight_drop/],
    ['ranking objective', (m) => (m.learner.objective = { name: 'rank:pairwise' }), /rank:pairwise/],
    ['child out of range', (m) => (tree0(m).left_children[0] = 9999), /tree 0 node 0.*9999/],
    ['cycle', (m) => (tree0(m).left_children[1] = 0), /tree 0 node 0.*reached twice/],
    ['feature out of range', (m) => (tree0(m).split_indices[0] = 7), /tree 0 node 0 field split_indices.*feature 7/],
    ['array length', (m) => tree0(m).split_conditions.pop(), /tree 0 field split_conditions/],
    ['tree_info mismatch', (m) => m.learner.gradient_booster.model.tree_info.pop(), /tree_info/],
    ['missing learner', (m) => delete m.learner, /learner/],
    ['multi-target', (m) => (m.learner.learner_model_param.num_target = '2'), /multi-target/],
    ['non-finite leaf', (m) => (tree0(m).split_conditions[tree0(m).left_children.indexOf(-1)] = null), /leaf value NaN/],
  ];
  for (const [what, mutate, pattern] of cases) {
    it(what, () => {
      const r = codeOf(() => importXgboostJson(xgb(mutate), { location: 'm.json' }));
      expect(r.code).toBe('MLP_ML_BUNDLE_INVALID');
      expect(r.message).toMatch(pattern);
    });
  }

  it('imports dart models by scaling each tree with its weight_drop', () => {
    const plain = importXgboostJson(read('xgb-regression.model.json'));
    const dart = xgb((m) => {
      const n = m.learner.gradient_booster.model.trees.length as number;
      m.learner.gradient_booster = { name: 'dart', gbtree: m.learner.gradient_booster, weight_drop: Array.from({ length: n }, () => 0.5) };
    });
    const X = matrixFromRows([
      [0.1, -0.3, 1.2, NaN],
      [2, 1, -1, 0],
    ]);
    const a = plain.predictRaw(X);
    const b = importXgboostJson(dart).predictRaw(X);
    const base = plain.gbdt.info.baseScore[0] as number;
    for (let i = 0; i < 2; i++) expect(b[i]).toBeCloseTo(base + ((a[i] as number) - base) / 2, 6);
  });
});

const LGB = read('lgb-regression.model.txt');

describe('importLightgbmText rejects malformed and unsupported models with MLP_ML_BUNDLE_INVALID', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not a model', 'hello\n', /expected "tree"/],
    ['truncated', LGB.slice(0, LGB.indexOf('end of trees')), /truncated/],
    ['ranking objective', LGB.replace('objective=regression', 'objective=lambdarank'), /lambdarank/],
    ['sqrt transform', LGB.replace('objective=regression', 'objective=regression sqrt'), /sqrt/],
    ['child out of range', LGB.replace('left_child=1 -1', 'left_child=5 -1'), /Tree=0.*left_child\[0\]/],
    ['a node with two parents', LGB.replace('right_child=-3 -2', 'right_child=-2 -2'), /Tree=0.*2 parents/],
    ['feature out of range', LGB.replace('split_feature=0 1', 'split_feature=0 9'), /Tree=0.*split_feature\[1\]/],
    ['length mismatch', LGB.replace('leaf_value=1.5 -0.5 2.25', 'leaf_value=1.5 -0.5'), /Tree=0.*leaf_value/],
    ['linear trees', LGB.replace('is_linear=0', 'is_linear=1'), /linear trees/],
    ['missing category set', LGB.replace('cat_boundaries=0 2', 'cat_boundaries=0 9'), /Tree=2.*cat_boundaries/],
  ];
  for (const [what, text, pattern] of cases) {
    it(what, () => {
      const r = codeOf(() => importLightgbmText(text, { location: 'm.txt' }));
      expect(r.code).toBe('MLP_ML_BUNDLE_INVALID');
      expect(r.message).toMatch(pattern);
    });
  }
});

describe('loadOnnxModel', () => {
  it('rejects bytes onnxruntime cannot load with MLP_ML_BUNDLE_INVALID', async () => {
    await expect(loadOnnxModel(new TextEncoder().encode('not an onnx model'))).rejects.toMatchObject({ code: 'MLP_ML_BUNDLE_INVALID' });
  });

  it('rejects a matrix of the wrong width with MLP_ML_BAD_TRAINING_DATA', async () => {
    const onnx = await loadOnnxModel(exportOnnx(importXgboostJson(read('xgb-regression.model.json'))));
    expect(onnx.featureNames).toEqual(['f0', 'f1', 'f2', 'f3']);
    await expect(onnx.predict(matrixFromRows([[1, 2, 3]]))).rejects.toMatchObject({ code: 'MLP_ML_BAD_TRAINING_DATA' });
    await onnx.release();
  });
});

describe('loadOnnxModel with models mlpilot did not write', () => {
  it('feeds float32 inputs to a float model with a symbolic width and converts every output to float64', async () => {
    const bytes = encodeModel({
      irVersion: 8,
      opsets: [{ domain: '', version: 11 }], // ReduceSum still takes `axes` as an attribute in opset 11
      producerName: 'test',
      producerVersion: '0',
      graphName: 'identity',
      nodes: [
        { opType: 'Identity', inputs: ['x'], outputs: ['same'], attributes: {} },
        { opType: 'ReduceSum', inputs: ['x'], outputs: ['total'], attributes: { keepdims: { int: 0 }, axes: { ints: [1] } } },
      ],
      inputs: [{ name: 'x', elemType: OnnxType.FLOAT, shape: ['N', 'F'] }],
      outputs: [
        { name: 'same', elemType: OnnxType.FLOAT, shape: ['N', 'F'] },
        { name: 'total', elemType: OnnxType.FLOAT, shape: ['N'] },
      ],
    });
    const onnx = await loadOnnxModel(bytes);
    expect(onnx.inputType).toBe('float32');
    expect(onnx.featureNames).toBeNull();
    const X = matrixFromRows([
      [0.1, 2],
      [3, NaN],
    ]);
    const out = await onnx.run(X);
    expect(out.same?.dims).toEqual([2, 2]);
    expect(Array.from(out.same?.data ?? [])).toEqual([Math.fround(0.1), 2, 3, NaN]);
    expect(Array.from(await onnx.predict(X))).toEqual([Math.fround(0.1), 2, 3, NaN]);
    expect(out.total?.data[0]).toBeCloseTo(2.1, 6);
    await onnx.release();
  });
});

describe('importXgboostJson base_score forms', () => {
  it('reads the XGBoost 3 vector form "[v]" like the scalar form', () => {
    const X = matrixFromRows([[0.3, -1, 2, NaN]]);
    const scalar = importXgboostJson(read('xgb-binary.model.json')).predictRaw(X);
    const vector = importXgboostJson(
      (() => {
        const m = parseLenientJson(read('xgb-binary.model.json'), 'x') as Json;
        m.learner.learner_model_param.base_score = `[${m.learner.learner_model_param.base_score as string}]`;
        return m;
      })(),
    ).predictRaw(X);
    expect(Array.from(vector)).toEqual(Array.from(scalar));
  });

  it('rejects a logistic base_score outside (0, 1)', () => {
    const r = codeOf(() =>
      importXgboostJson(
        parseLenientJson(read('xgb-binary.model.json').replace('"base_score":"3E-1"', '"base_score":"1.5E0"'), 'x') as Json,
      ),
    );
    expect(r.code).toBe('MLP_ML_BUNDLE_INVALID');
    expect(r.message).toMatch(/base_score/);
  });
});
