import { beforeAll, describe, expect, it } from 'vitest';

import type { Frame } from '../../../../src/data/index.js';
import { FittedEnsemble, FittedPipeline, fitPipeline, loadEnsemble } from '../../../../src/ml/index.js';
import { ensembleData, fitMembers, learners } from '../../../fixtures/ml/ensemble-data.js';
import { caughtCode } from '../../../fixtures/fs/unreadable.js';
import { cat, frame, num } from '../../../fixtures/ml/preprocess/frames.js';

/** Rows the members were not fitted on. */
const fresh: Frame = ensembleData(40, 500);

/** Σ_m (w_m / Σw) · outputs_m, element by element: the expectation, computed apart from the ensemble. */
function weightedMean(outputs: readonly Float64Array[], weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  return Array.from(outputs[0] as Float64Array, (_, i) =>
    outputs.reduce((s, out, m) => s + ((weights[m] as number) / total) * (out[i] as number), 0),
  );
}

/** The most probable class per row of row-major `rows × k` probabilities, ties to the lower index. */
function argmax(proba: readonly number[], k: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < proba.length / k; r++) {
    const row = proba.slice(r * k, r * k + k);
    out.push(row.indexOf(Math.max(...row)));
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...Array.from(actual, (v, i) => Math.abs(v - (expected[i] as number))));
  expect(worst).toBeLessThan(1e-12);
}

const WEIGHTS = [5, 3, 2];

describe('FittedEnsemble: weighted average of real fitted pipelines (gbdt, linear, knn)', () => {
  let regression: FittedPipeline[];
  let binary: FittedPipeline[];
  let multiclass: FittedPipeline[];
  beforeAll(async () => {
    [regression, binary, multiclass] = await Promise.all([fitMembers('y'), fitMembers('b'), fitMembers('m')]);
  });

  it('regression: predict is the weighted mean of the members’ values', () => {
    const ensemble = new FittedEnsemble({ members: regression, weights: WEIGHTS });
    const outputs = regression.map((p) => p.predict(fresh));
    // the members disagree, so the weights matter
    expect(outputs[1]).not.toEqual(outputs[0]);
    expectClose(ensemble.predict(fresh), weightedMean(outputs, WEIGHTS));
  });

  for (const [name, members, classes] of [
    ['binary', () => binary, ['no', 'yes']],
    ['multiclass', () => multiclass, ['a', 'b', 'c']],
  ] as const) {
    it(`${name}: predictProba is the weighted mean of the members’ rows, predict its argmax, predictLabels the labels`, () => {
      const ensemble = new FittedEnsemble({ members: members(), weights: WEIGHTS });
      expect(ensemble.task).toBe(name);
      expect(ensemble.classes).toEqual(classes);
      const expected = weightedMean(
        members().map((p) => p.predictProba(fresh)),
        WEIGHTS,
      );
      const proba = ensemble.predictProba(fresh);
      expectClose(proba, expected);
      const k = classes.length;
      for (let r = 0; r < fresh.rowCount; r++)
        expect(Math.abs(proba.slice(r * k, r * k + k).reduce((s, p) => s + p, 0) - 1)).toBeLessThan(1e-12);
      const picked = argmax(expected, k);
      expect(Array.from(ensemble.predict(fresh))).toEqual(picked);
      expect(ensemble.predictLabels(fresh)).toEqual(picked.map((c) => classes[c]));
    });
  }

  it('normalises the weights to sum 1: weights 6:3:1 predict as 0.6, 0.3, 0.1', () => {
    const scaled = new FittedEnsemble({ members: multiclass, weights: [6, 3, 1] });
    const unit = new FittedEnsemble({ members: multiclass, weights: [0.6, 0.3, 0.1] });
    expectClose(scaled.weights, [0.6, 0.3, 0.1]);
    expect(scaled.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 15);
    expectClose(scaled.predictProba(fresh), Array.from(unit.predictProba(fresh)));
    expect(scaled.description).toBe('ensemble(gbdt×0.6, linear×0.3, knn×0.1)');
  });

  it('classification ties go to the lower class index', async () => {
    // knn with k = 2 gives rows of probabilities 0.5 / 0.5
    const knn = await fitPipeline({
      frame: ensembleData().select(['x2', 'b']),
      target: 'b',
      learner: learners.get('knn'),
      params: { k: 2 },
      context: { seed: 1, threads: 1 },
    });
    const ensemble = new FittedEnsemble({ members: [knn, knn], weights: [1, 3] });
    const proba = ensemble.predictProba(fresh);
    const predicted = ensemble.predict(fresh);
    const tied = Array.from({ length: fresh.rowCount }, (_, r) => r).filter((r) => proba[2 * r] === proba[2 * r + 1]);
    expect(tied.length).toBeGreaterThan(0);
    for (const r of tied) expect(predicted[r]).toBe(0);
  });

  it('one member with any weight predicts exactly as that member', () => {
    const single = new FittedEnsemble({ members: [binary[1] as FittedPipeline], weights: [7] });
    expect(single.weights).toEqual([1]);
    expect(single.predictProba(fresh)).toEqual((binary[1] as FittedPipeline).predictProba(fresh));
    expect(single.predict(fresh)).toEqual((binary[1] as FittedPipeline).predict(fresh));
  });

  it('inputs are the union of the members’ columns in first-occurrence order; the signature says what it predicts', () => {
    // knn reads x2, x1; linear x1, color; gbdt x1, x2, color
    const ensemble = new FittedEnsemble({ members: [binary[2], binary[1], binary[0]] as FittedPipeline[], weights: [1, 1, 1] });
    expect(ensemble.inputSchema).toEqual([
      { name: 'x2', type: 'numeric', nullable: false },
      { name: 'x1', type: 'numeric', nullable: true },
      { name: 'color', type: 'categorical', nullable: false },
    ]);
    expect(ensemble.signature).toEqual({ inputs: ensemble.inputSchema, output: { task: 'binary', target: 'b', classes: ['no', 'yes'] } });
  });

  it('a frame missing columns of several members is refused naming all of them', async () => {
    const ensemble = new FittedEnsemble({ members: binary, weights: WEIGHTS });
    const err = await caughtCode(() => ensemble.predict(fresh.select(['x1'])));
    expect(err.code).toBe('MLP_ML_MISSING_INPUT');
    expect(err.details.missing).toEqual(['x2', 'color']);
  });

  it('regression ensembles give no probabilities or labels', async () => {
    const ensemble = new FittedEnsemble({ members: regression, weights: WEIGHTS });
    expect(await caughtCode(() => ensemble.predictProba(fresh))).toMatchObject({
      code: 'MLP_CORE_VALIDATION',
      details: { field: 'predictProba' },
    });
    expect(await caughtCode(() => ensemble.predictLabels(fresh))).toMatchObject({
      code: 'MLP_CORE_VALIDATION',
      details: { field: 'predictLabels' },
    });
  });

  it('toState → loadEnsemble predicts identically, with the weights as given', () => {
    const ensemble = new FittedEnsemble({ members: multiclass, weights: [1, 1, 1] });
    const state = ensemble.toState();
    expect(state.meta.weights).toEqual([1, 1, 1]);
    expect(Object.keys(state.arrays).every((name) => /^members\.[0-2]\.(steps|model)\./.test(name))).toBe(true);
    const loaded = loadEnsemble(state, learners);
    expect(loaded.weights).toEqual(ensemble.weights);
    expect(loaded.predictProba(fresh)).toEqual(ensemble.predictProba(fresh));
    expect(loaded.predict(fresh)).toEqual(ensemble.predict(fresh));
  });

  describe('refuses members and weights that do not make an ensemble (MLP_CORE_VALIDATION naming the field)', () => {
    /** Member 0 of `members` with its model's predictProba hidden, as a learner without probabilities. */
    const withoutProba = (p: FittedPipeline): FittedPipeline => {
      const m = p.model;
      const model = {
        learner: 'plain',
        task: m.task,
        featureNames: m.featureNames,
        predict: m.predict.bind(m),
        toState: m.toState.bind(m),
      };
      return new FittedPipeline({ ...p, recipe: p.recipe, steps: p.steps, layout: p.layout, inputSchema: p.inputSchema, model });
    };
    const cases: Array<[string, () => { members: FittedPipeline[]; weights: number[] }, string]> = [
      ['no members', () => ({ members: [], weights: [] }), 'members'],
      ['fewer weights than members', () => ({ members: binary, weights: [1, 1] }), 'weights'],
      ['a zero weight', () => ({ members: binary, weights: [1, 0, 1] }), 'weights.1'],
      ['a negative weight', () => ({ members: binary, weights: [1, 1, -2] }), 'weights.2'],
      ['a NaN weight', () => ({ members: binary, weights: [Number.NaN, 1, 1] }), 'weights.0'],
      ['an infinite weight', () => ({ members: binary, weights: [1, Number.POSITIVE_INFINITY, 1] }), 'weights.1'],
      ['weights whose sum overflows', () => ({ members: binary, weights: [1e308, 1e308, 1] }), 'weights'],
      ['different tasks', () => ({ members: [binary[0], multiclass[1]] as FittedPipeline[], weights: [1, 1] }), 'members.1.task'],
      [
        'a classifier without probabilities',
        () => ({ members: [binary[0], withoutProba(binary[1] as FittedPipeline)] as FittedPipeline[], weights: [1, 1] }),
        'members.1.model',
      ],
    ];
    it.each(cases)('%s', async (_, parts, field) => {
      const err = await caughtCode(() => new FittedEnsemble(parts()));
      expect(err).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field } });
    });

    it('different targets, classes in another order, a column read as different types', async () => {
      const data = ensembleData();
      const fit = (f: Frame, target: string, positiveClass?: string) =>
        fitPipeline({
          frame: f,
          target,
          learner: learners.get('linear'),
          context: { seed: 1, threads: 1 },
          ...(positiveClass === undefined ? {} : { positiveClass }),
        });
      const renamed = await fit(
        frame(
          num(
            'x1',
            Array.from({ length: 90 }, (_, i) => i % 9),
          ),
          cat(
            'b2',
            Array.from({ length: 90 }, (_, i) => (i % 2 === 0 ? 'no' : 'yes')),
          ),
        ),
        'b2',
      );
      expect(
        await caughtCode(() => new FittedEnsemble({ members: [binary[0], renamed] as FittedPipeline[], weights: [1, 1] })),
      ).toMatchObject({
        code: 'MLP_CORE_VALIDATION',
        details: { field: 'members.1.target' },
      });
      const flipped = await fit(data.select(['x1', 'b']), 'b', 'no');
      expect(flipped.classes).toEqual(['yes', 'no']);
      expect(
        await caughtCode(() => new FittedEnsemble({ members: [binary[0], flipped] as FittedPipeline[], weights: [1, 1] })),
      ).toMatchObject({
        code: 'MLP_CORE_VALIDATION',
        details: { field: 'members.1.classes' },
      });
      const x2AsLabels = frame(
        cat(
          'x2',
          Array.from({ length: 90 }, (_, i) => `v${i % 4}`),
        ),
        data.column('b'),
      );
      const labelled = await fit(x2AsLabels, 'b');
      expect(
        await caughtCode(() => new FittedEnsemble({ members: [binary[0], labelled] as FittedPipeline[], weights: [1, 1] })),
      ).toMatchObject({
        code: 'MLP_CORE_VALIDATION',
        details: { field: 'members.1.inputSchema.x2' },
      });
    });
  });
});
