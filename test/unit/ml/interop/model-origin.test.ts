import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { decodeBundle, encodeBundle } from '../../../../src/ml/bundle/index.js';
import { gbdtLearner } from '../../../../src/ml/gbdt/learner.js';
import { treeEnsembleFromState } from '../../../../src/ml/gbdt/tree-ensemble-model.js';
import type { TreeEnsembleModel } from '../../../../src/ml/gbdt/tree-ensemble-model.js';
import { importLightgbmText, importXgboostJson } from '../../../../src/ml/interop/index.js';
import type { ModelState } from '../../../../src/ml/learner.js';
import { matrixFromRows } from '../../../../src/ml/matrix.js';
import type { FeatureMatrix } from '../../../../src/ml/matrix.js';
import { makeData } from '../../../fixtures/ml/learner-data.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/ml/interop');
const xgb = (): TreeEnsembleModel => importXgboostJson(readFileSync(join(FIXTURES, 'xgb-binary.model.json'), 'utf8'));
const lgb = (): TreeEnsembleModel => importLightgbmText(readFileSync(join(FIXTURES, 'lgb-multiclass.model.txt'), 'utf8'));
/** 30 rows for a model with `nf` features, some missing. */
const rows = (nf: number): FeatureMatrix =>
  matrixFromRows(
    Array.from({ length: 30 }, (_, i) => Array.from({ length: nf }, (_, j) => ((i + j) % 7 === 0 ? NaN : Math.sin(i * (j + 1))))),
  );

/** The state as a bundle stores it: manifest JSON and array bytes, written and read back. */
function throughBundle(state: ModelState): ModelState {
  const files = encodeBundle({
    flavor: 'xgboost-json',
    signature: { inputs: [], output: { name: 'prediction', task: 'binary' } },
    model: { state: { learner: state.learner, formatVersion: state.formatVersion, meta: state.meta } },
    arrays: state.arrays,
  });
  const decoded = decodeBundle(files, 'test bundle');
  const saved = (decoded.model as { state: Omit<ModelState, 'arrays'> }).state;
  return { ...saved, arrays: decoded.arrays };
}

describe('imported tree models say where they came from', () => {
  it('an XGBoost model is learner "xgboost" with the file’s objective and library version', () => {
    const m = xgb();
    expect(m.learner).toBe('xgboost');
    expect(m.source).toEqual({ flavor: 'xgboost-json', objective: 'binary:logistic', version: '1.7.4' });
    expect(m.toState().learner).toBe('xgboost');
    expect(m.training).toBeUndefined();
  });

  it('a LightGBM model is learner "lightgbm" with the text format version', () => {
    const m = lgb();
    expect(m.learner).toBe('lightgbm');
    expect(m.source.flavor).toBe('lightgbm-text');
    expect(m.source.version).toBe('v4');
    expect(m.source.objective).toMatch(/^multiclass/);
  });

  it('a model trained by gbdt is learner "gbdt" from source "native" and records how training ended', async () => {
    const { X: trainX, target } = makeData('binary', 3);
    const m = (await gbdtLearner.fit(trainX, target, { numRounds: 4 }, { seed: 1, threads: 1 })) as TreeEnsembleModel;
    expect(m.learner).toBe('gbdt');
    expect(m.source).toEqual({ flavor: 'native', objective: 'binary-logloss' });
    expect(m.training).toEqual({ stoppedBy: 'completed', iterations: 4 });
    const loaded = gbdtLearner.load(throughBundle(m.toState()));
    expect(loaded.training).toEqual(m.training);
  });

  it('round-trips its origin through a bundle', () => {
    for (const m of [xgb(), lgb()]) {
      const loaded = treeEnsembleFromState(throughBundle(m.toState()));
      expect(loaded.learner).toBe(m.learner);
      expect(loaded.source).toEqual(m.source);
      const X = rows(m.featureNames.length);
      expect(Array.from(loaded.predictRaw(X))).toEqual(Array.from(m.predictRaw(X)));
    }
  });

  it('loads bundles written before imports had their own learner id (learner "gbdt", the source in meta)', () => {
    for (const m of [xgb(), lgb()]) {
      // exactly what the importers wrote before: the same state with learner "gbdt" and no training record
      const legacy = throughBundle({ ...m.toState(), learner: 'gbdt' });
      const loaded = treeEnsembleFromState(legacy);
      expect(loaded.learner).toBe(m.learner);
      expect(loaded.source).toEqual(m.source);
      const X = rows(m.featureNames.length);
      expect(Array.from(loaded.predictRaw(X))).toEqual(Array.from(m.predictRaw(X)));
    }
  });

  it('loads a native gbdt state without a training record (saved before it was recorded)', async () => {
    const { X: trainX, target } = makeData('regression', 4);
    const state = (await gbdtLearner.fit(trainX, target, { numRounds: 3 }, { seed: 1, threads: 1 })).toState();
    const { training: _, ...meta } = state.meta;
    const loaded = gbdtLearner.load(throughBundle({ ...state, meta }));
    expect(loaded.learner).toBe('gbdt');
    expect(loaded.training).toBeUndefined();
  });

  it('refuses a learner that contradicts the source, and gbdt refuses to load another library’s model', () => {
    const state = xgb().toState();
    expect(() => treeEnsembleFromState({ ...state, learner: 'lightgbm' })).toThrowError(
      expect.objectContaining({ code: 'MLP_ML_BUNDLE_INVALID' }),
    );
    expect(() => treeEnsembleFromState({ ...state, meta: { ...state.meta, source: { flavor: 'toString', objective: 'x' } } })).toThrowError(
      expect.objectContaining({ code: 'MLP_ML_BUNDLE_INVALID' }),
    );
    expect(() => gbdtLearner.load(state)).toThrowError(
      expect.objectContaining({ code: 'MLP_ML_BUNDLE_INVALID', message: expect.stringMatching(/xgboost/) }),
    );
  });
});
