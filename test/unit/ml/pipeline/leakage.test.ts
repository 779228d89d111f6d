import { describe, expect, it } from 'vitest';

import { Registry } from '../../../../src/core/index.js';
import { Frame, MISSING_BOOLEAN } from '../../../../src/data/index.js';
import type { Column } from '../../../../src/data/index.js';
import { fitPipeline } from '../../../../src/ml/pipeline/index.js';
import { BUILTIN_STEPS, defineTransformer, scaleOptionsSchema, scaleStep } from '../../../../src/ml/preprocess/index.js';
import type { StepSpec, TransformerDefinition } from '../../../../src/ml/preprocess/index.js';
import { bool, cat, dt, frame, num, text } from '../../../fixtures/ml/preprocess/frames.js';
import { spyLearner } from '../../../fixtures/ml/preprocess/spy-learner.js';
import type { SpyRecord } from '../../../fixtures/ml/preprocess/spy-learner.js';
import { stateFingerprint } from '../../../fixtures/ml/preprocess/state-bytes.js';

const N = 60;
function rows(): Frame {
  const i = Array.from({ length: N }, (_, k) => k);
  return frame(
    num(
      'x',
      i.map((k) => (k % 7 === 3 ? null : ((k * 37) % 11) + k / 10)),
    ),
    cat(
      'color',
      i.map((k) => (k % 9 === 4 ? null : (['red', 'green', 'blue'][k % 3] ?? null))),
    ),
    dt(
      'when',
      i.map((k) => new Date(Date.UTC(2020, k % 12, 1 + (k % 27), k % 24)).toISOString()),
    ),
    text(
      'note',
      i.map((k) => ['good value', 'bad', 'good good', 'meh'][k % 4] ?? null),
    ),
    bool(
      'flag',
      i.map((k) => (k % 8 === 1 ? null : k % 2 === 0)),
    ),
    num(
      'y',
      i.map((k) => ((k * 37) % 11) * 2 + (k % 3) + 0.5),
    ),
  );
}

/** Every value changed: numbers ×1000, new category levels, instants +100 years, other words, flipped booleans. */
function corrupt(f: Frame): Frame {
  return new Frame(
    f.columns.map((c): Column => {
      switch (c.type) {
        case 'numeric':
          return { ...c, values: c.values.map((v) => v * 1000 + 1) };
        case 'categorical':
          return { ...c, levels: c.levels.map((l) => `new-${l}`) };
        case 'datetime':
          return { ...c, values: c.values.map((v) => v + 100 * 365.25 * 86400000) };
        case 'text':
          return { ...c, values: c.values.map((v) => (v === null ? 'suddenly text' : `${v} unheard tokens`)) };
        case 'boolean':
          return { ...c, values: c.values.map((v) => (v === MISSING_BOOLEAN ? 1 : 1 - v)) };
      }
    }),
  );
}

/** A `scale` step that records every frame it is fitted on. */
function spyScale(log: Frame[]): TransformerDefinition<unknown> {
  return defineTransformer({
    id: 'spy-scale',
    title: 'scale, recording its fit input',
    description: 'test-only',
    options: scaleOptionsSchema,
    supervised: false,
    fit(f, options, context) {
      log.push(f);
      return scaleStep.fit(f, options, context);
    },
    load: (state) => scaleStep.load({ ...state, id: 'scale' }),
  }) as TransformerDefinition<unknown>;
}

const recipe: StepSpec[] = [
  { step: 'datetime' },
  { step: 'spy-scale', options: { method: 'standard' } },
  { step: 'impute', options: { numeric: 'median', addIndicator: true } },
  { step: 'target-encode', options: { folds: 4 } },
  { step: 'text-hash', options: { buckets: 8 } },
];

describe('preprocessing never sees validation or test rows', () => {
  const all = rows();
  const train = all.take(Int32Array.from({ length: 40 }, (_, k) => k));
  const valid = all.take(Int32Array.from({ length: 10 }, (_, k) => 40 + k));
  const test = all.take(Int32Array.from({ length: 10 }, (_, k) => 50 + k));

  async function run(validation: Frame, trainFrame = train) {
    const fits: Frame[] = [];
    const records: SpyRecord[] = [];
    const stepRegistry = new Registry<TransformerDefinition<unknown>>('preprocessing step', [...BUILTIN_STEPS, spyScale(fits)]);
    const pipeline = await fitPipeline({
      frame: trainFrame,
      target: 'y',
      learner: spyLearner({ handlesMissing: false, handlesCategorical: false }, records),
      steps: recipe,
      context: { seed: 5, threads: 1 },
      validation,
      stepRegistry,
    });
    return { pipeline, fits, records };
  }

  it('gives a byte-identical fitted state when every validation value changes, and fit sees only training rows', async () => {
    const a = await run(valid);
    const b = await run(corrupt(valid));
    expect(stateFingerprint(b.pipeline.toState())).toBe(stateFingerprint(a.pipeline.toState()));

    // the spy step was fitted once per pipeline, on exactly the 40 training rows (x unchanged by datetime)
    for (const { fits } of [a, b]) {
      expect(fits).toHaveLength(1);
      const seen = fits[0] as Frame;
      expect(seen.rowCount).toBe(40);
      const x = seen.column('x');
      const trainX = train.column('x');
      expect(x.type === 'numeric' && trainX.type === 'numeric' && Array.from(x.values)).toEqual(
        Array.from(trainX.type === 'numeric' ? trainX.values : []),
      );
      expect(seen.has('y')).toBe(false);
    }
    // the learner trained on the 40 training rows; the 10 validation rows only came through context.validation
    expect(a.records.map((r) => [r.rows, r.validationRows])).toEqual([[40, 10]]);
    // and the validation rows really differed between the two runs
    expect(b.records[0]?.validationY).not.toEqual(a.records[0]?.validationY);
  });

  it('transforms validation rows with training statistics', async () => {
    const { records } = await run(valid);
    const record = records[0] as SpyRecord;
    const trainX = Array.from((train.column('x') as { values: Float64Array }).values).filter((v) => !Number.isNaN(v));
    const mean = trainX.reduce((s, v) => s + v, 0) / trainX.length;
    const std = Math.sqrt(trainX.reduce((s, v) => s + (v - mean) ** 2, 0) / trainX.length);
    // median imputation runs after scaling: the fill is the median of the scaled training values
    const sorted = trainX.map((v) => (v - mean) / std).sort((p, q) => p - q);
    const h = sorted.length >> 1;
    const mid = sorted.length % 2 === 1 ? (sorted[h] as number) : ((sorted[h - 1] as number) + (sorted[h] as number)) / 2;
    const validX = (valid.column('x') as { values: Float64Array }).values;
    const got = record.validationColumns?.[record.names.indexOf('x')];
    expect(got).toBeDefined();
    Array.from(validX).forEach((v, i) => expect(got?.[i]).toBeCloseTo(Number.isNaN(v) ? mid : (v - mean) / std, 12));
  });

  it('predicting on changed test rows leaves the state untouched', async () => {
    const { pipeline } = await run(valid);
    const before = stateFingerprint(pipeline.toState());
    pipeline.predict(corrupt(test));
    pipeline.predict(test);
    expect(stateFingerprint(pipeline.toState())).toBe(before);
  });

  it('control: changing one TRAINING value does change the state (the fingerprint is sensitive)', async () => {
    const a = await run(valid);
    const changed = new Frame(
      train.columns.map((c) =>
        c.name === 'x' && c.type === 'numeric' ? { ...c, values: c.values.map((v, i) => (i === 0 ? v + 1 : v)) } : c,
      ),
    );
    const b = await run(valid, changed);
    expect(stateFingerprint(b.pipeline.toState())).not.toBe(stateFingerprint(a.pipeline.toState()));
  });
});
