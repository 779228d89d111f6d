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
    // declared sizes are bounded before anything is allocated from them (99 999 999 once took 51 s to exhaust the heap)
    [
      'num_feature far too large',
      (m) => (m.learner.learner_model_param.num_feature = '99999999'),
      /num_feature.*99999999 exceeds.*1000000 features/,
    ],
    ['num_feature of 2^32', (m) => (m.learner.learner_model_param.num_feature = '4294967296'), /num_feature.*4294967296 exceeds/],
    ['num_feature blank', (m) => (m.learner.learner_model_param.num_feature = ' '), /num_feature.*is not an integer/],
    ['num_class of 2^32', (m) => (m.learner.learner_model_param.num_class = '4294967296'), /num_class.*4294967296 exceeds.*10000 classes/],
    [
      'a tree that disagrees on num_feature',
      (m) => (tree0(m).tree_param.num_feature = '3'),
      /tree 0 field tree_param.num_feature.*model has 4/,
    ],
    ['a tree that disagrees on num_nodes', (m) => (tree0(m).tree_param.num_nodes = '3'), /tree 0 field tree_param.num_nodes/],
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
    [
      'max_feature_idx far too large',
      LGB.replace('max_feature_idx=2', 'max_feature_idx=99999999'),
      /max_feature_idx.*99999999 exceeds.*999999/,
    ],
    ['max_feature_idx of 2^32', LGB.replace('max_feature_idx=2', 'max_feature_idx=4294967296'), /max_feature_idx.*4294967296 exceeds/],
    ['num_class of 2^32', LGB.replace('num_class=1', 'num_class=4294967296'), /num_class.*4294967296 exceeds/],
    ['num_leaves of 2^32', LGB.replace('num_leaves=3', 'num_leaves=4294967296'), /Tree=0.*num_leaves.*4294967296 exceeds/],
    ['num_cat not a count', LGB.replace('num_cat=1', 'num_cat=1.5'), /Tree=2.*num_cat/],
    // a negative first boundary once made the bitset loop run for 2^31 words
    ['category sets not starting at 0', LGB.replace('cat_boundaries=0 2', 'cat_boundaries=-2147483649 2'), /Tree=2.*cat_boundaries\[0\]/],
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

/** A seeded linear congruential generator in [0, 1) (the loop below must be reproducible). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('mutated XGBoost and LightGBM models give catalog errors only (a small fuzz loop)', () => {
  const xgbValues: unknown[] = [
    4294967296,
    99999999,
    '99999999',
    2147483648,
    -1,
    -2147483649,
    1e308,
    0.5,
    'abc',
    '',
    null,
    [],
    {},
    [null],
    [1e9],
    true,
    0,
    1,
    3,
  ];
  const lgbValues = ['4294967296', '99999999', '-1', '1e308', 'abc', '', '2147483648', '0', 'nan', '-2147483649', '1 2 3', '0.5'];

  /** Every [path] into a parsed model, descending into the first few elements of arrays. */
  function paths(v: unknown, p: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
    if (p.length > 0) out.push(p);
    if (Array.isArray(v)) v.slice(0, 4).forEach((x, i) => paths(x, [...p, i], out));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Json)[k], [...p, k], out);
    return out;
  }

  function outcome(fn: () => unknown): string {
    try {
      fn();
      return 'ok';
    } catch (e) {
      return isMlpError(e) ? e.code : `${(e as Error).name}: ${(e as Error).message}`;
    }
  }

  for (const file of ['xgb-regression.model.json', 'xgb-categorical.model.json', 'xgb-multiclass.model.json']) {
    it(`${file}: 400 models with one to three fields replaced`, () => {
      const rnd = lcg(file.length);
      const base = parseLenientJson(read(file), file) as Json;
      const all = paths(base);
      const odd = new Set<string>();
      for (let i = 0; i < 400; i++) {
        const m = structuredClone(base);
        for (let r = 0; r < 1 + Math.floor(rnd() * 3); r++) {
          const p = all[Math.floor(rnd() * all.length)] as Array<string | number>;
          let o: unknown = m;
          for (const k of p.slice(0, -1)) o = o !== null && typeof o === 'object' ? (o as Json)[k] : undefined;
          if (o !== null && typeof o === 'object') (o as Json)[p[p.length - 1] as string] = xgbValues[Math.floor(rnd() * xgbValues.length)];
        }
        const result = outcome(() => importXgboostJson(m));
        if (result !== 'ok' && result !== 'MLP_ML_BUNDLE_INVALID') odd.add(result);
      }
      expect([...odd]).toEqual([]);
    });
  }

  for (const file of [
    'lgb-binary.model.txt',
    'lgb-multiclass.model.txt',
    'lgb-regression.model.txt',
    'lightgbm-upstream/treelite/toy_categorical_model.txt',
  ]) {
    it(`${file}: 400 models with a value or a whole line replaced`, () => {
      const rnd = lcg(file.length);
      const lines = read(file).split('\n');
      const odd = new Set<string>();
      for (let i = 0; i < 400; i++) {
        const mutated = [...lines];
        const at = Math.floor(rnd() * lines.length);
        const line = lines[at] as string;
        const eq = line.indexOf('=');
        if (eq < 0) continue;
        const value = lgbValues[Math.floor(rnd() * lgbValues.length)] as string;
        const parts = line.slice(eq + 1).split(' ');
        if (parts.length > 1 && rnd() < 0.5) parts[Math.floor(rnd() * parts.length)] = value;
        mutated[at] = `${line.slice(0, eq + 1)}${parts.length > 1 && parts.includes(value) ? parts.join(' ') : value}`;
        const result = outcome(() => importLightgbmText(mutated.join('\n')));
        if (result !== 'ok' && result !== 'MLP_ML_BUNDLE_INVALID') odd.add(result);
      }
      expect([...odd]).toEqual([]);
    });
  }
});
