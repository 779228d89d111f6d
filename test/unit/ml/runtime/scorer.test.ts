import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { Frame, readTable } from '../../../../src/data/index.js';
import {
  createLearnerRegistry,
  createScorer,
  decodeBundle,
  encodeBundle,
  fitPipeline,
  importedBundle,
  nativeBundle,
  type BundleContent,
} from '../../../../src/ml/index.js';

const learners = createLearnerRegistry();
const fixtures = join(import.meta.dirname, '../../../fixtures/ml/interop');

/** Encodes and decodes a bundle, as storing and loading it does. */
const roundTrip = (content: BundleContent) => decodeBundle(encodeBundle(content), 'test');

describe('createScorer', () => {
  it('native: scores a stored pipeline exactly as the fitted pipeline predicts', async () => {
    const frame = (await readTable(join(import.meta.dirname, '../../../../examples/penguins.csv'))).frame;
    const pipeline = await fitPipeline({
      frame,
      target: 'Species',
      learner: learners.get('gbdt'),
      params: { numRounds: 10 },
      context: { seed: 0, threads: 1 },
    });
    const scorer = await createScorer(roundTrip(nativeBundle(pipeline, { metrics: { accuracy: 1 } })), learners, 'test');
    const scored = await scorer.score(frame);
    expect(scorer.task).toBe('multiclass');
    expect(scorer.classes).toEqual(pipeline.classes);
    expect(scored.values).toEqual(pipeline.predict(frame));
    expect(scored.proba).toEqual(pipeline.predictProba(frame));
    await scorer.close();
  });

  it('xgboost-json: scores an imported model as XGBoost did (cases written by XGBoost, within 1e-6)', async () => {
    const cases = JSON.parse(readFileSync(join(fixtures, 'xgb-binary.cases.json'), 'utf8')) as {
      features: string[];
      rows: Array<Array<number | null>>;
      predict: number[];
    };
    const bytes = readFileSync(join(fixtures, 'xgb-binary.model.json'));
    const content = await importedBundle(bytes, { flavor: 'xgboost-json', location: 'xgb-binary.model.json', features: cases.features });
    expect(Buffer.from(content.files?.['source/model.json'] ?? []).equals(bytes)).toBe(true);
    const scorer = await createScorer(roundTrip(content), learners, 'test');
    const frame = new Frame(
      cases.features.map((name, j) => ({
        name,
        type: 'numeric' as const,
        values: Float64Array.from(cases.rows, (r) => r[j] ?? Number.NaN),
      })),
    );
    const { proba } = await scorer.score(frame);
    cases.predict.forEach((p, i) => expect(proba?.[i * 2 + 1]).toBeCloseTo(p, 6));
  });

  it('refuses a bundle whose model section does not fit its flavor', async () => {
    const broken = roundTrip({
      flavor: 'native',
      signature: { inputs: [], output: { name: 'y', task: 'regression' } },
      model: { nothing: true },
      arrays: {},
    });
    await expect(createScorer(broken, learners, 'bad@1')).rejects.toMatchObject({
      code: 'MLP_ML_BUNDLE_INVALID',
      message: expect.stringMatching(/bad@1.*pipeline/),
    });
  });
});
