import { describe, expect, it } from 'vitest';

import { Registry } from '../../../../src/core/index.js';
import type { Learner } from '../../../../src/ml/learner.js';
import { fitPipeline, loadPipeline } from '../../../../src/ml/pipeline/index.js';
import type { FittedPipeline } from '../../../../src/ml/pipeline/index.js';
import type { Frame } from '../../../../src/data/index.js';
import { bool, cat, dt, frame, num, text } from '../../../fixtures/ml/preprocess/frames.js';
import { spyLearner } from '../../../fixtures/ml/preprocess/spy-learner.js';
import type { SpyRecord } from '../../../fixtures/ml/preprocess/spy-learner.js';
import { reloadState, stateFingerprint } from '../../../fixtures/ml/preprocess/state-bytes.js';

const context = { seed: 11, threads: 1 };
const LINEAR = { handlesMissing: false, handlesCategorical: false };

/** 40 rows of mixed types with missing values; y depends on x and color. */
function data(n = 40, offset = 0): Frame {
  const x: Array<number | null> = [];
  const color: Array<string | null> = [];
  const when: Array<string | null> = [];
  const note: Array<string | null> = [];
  const flag: Array<boolean | null> = [];
  const y: number[] = [];
  const label: string[] = [];
  for (let k = 0; k < n; k++) {
    const i = k + offset;
    x.push(i % 7 === 3 ? null : (i * 37) % 11);
    color.push(i % 9 === 4 ? null : (['red', 'green', 'blue', 'rare'][i % 13 === 0 ? 3 : i % 3] ?? null));
    when.push(i % 10 === 5 ? null : new Date(Date.UTC(2020, i % 12, 1 + (i % 27), i % 24)).toISOString());
    note.push(i % 6 === 0 ? null : (['good value', 'bad', 'good good', 'meh'][i % 4] ?? null));
    flag.push(i % 8 === 1 ? null : i % 2 === 0);
    y.push(((i * 37) % 11) * 2 + (i % 3) + 0.5);
    label.push(['cat', 'dog', 'emu'][i % 3] ?? 'cat');
  }
  return frame(
    num('x', x),
    cat('color', color),
    dt('when', when),
    text('note', note),
    bool('flag', flag),
    num('y', y),
    cat('label', label),
  );
}

async function fit(learner: Learner, target: string, extra: Partial<Parameters<typeof fitPipeline>[0]> = {}): Promise<FittedPipeline> {
  const f = data();
  return fitPipeline({
    frame:
      target === 'y' ? f.select(['x', 'color', 'when', 'note', 'flag', 'y']) : f.select(['x', 'color', 'when', 'note', 'flag', 'label']),
    target,
    learner,
    context,
    ...extra,
  });
}

describe('fitPipeline: task from the target column', () => {
  const learner = spyLearner({});
  const base = data(12);
  const cases: Array<[string, Frame, string, string[] | undefined]> = [
    ['numeric → regression', frame(num('a', [1, 2, 3, 4]), num('t', [0.5, 1, 2, 3])), 'regression', undefined],
    ['boolean → binary', frame(num('a', [1, 2, 3, 4]), bool('t', [true, false, false, true])), 'binary', ['false', 'true']],
    ['two levels → binary, classes sorted', frame(num('a', [1, 2, 3, 4]), cat('t', ['yes', 'no', 'yes', 'no'])), 'binary', ['no', 'yes']],
    ['more levels → multiclass', base.select(['x', 'label']), 'multiclass', ['cat', 'dog', 'emu']],
  ];
  it.each(cases)('%s', async (_, f, task, classes) => {
    const p = await fitPipeline({ frame: f, target: f.columnNames[1] as string, learner, context });
    expect(p.task).toBe(task);
    expect(p.classes).toEqual(classes);
  });

  it('numeric classes with an explicit task are sorted numerically', async () => {
    const p = await fitPipeline({
      frame: frame(num('a', [1, 2, 3, 4]), num('t', [10, 2, 10, 2])),
      target: 't',
      learner,
      context,
      task: 'binary',
    });
    expect(p.classes).toEqual(['2', '10']);
  });

  it('refuses a single class, a missing target value, a text target and a task the learner lacks', async () => {
    const a = num('a', [1, 2, 3]);
    await expect(fitPipeline({ frame: frame(a, cat('t', ['x', 'x', 'x'])), target: 't', learner, context })).rejects.toThrow(
      /single class/,
    );
    await expect(fitPipeline({ frame: frame(a, num('t', [1, null, 2])), target: 't', learner, context })).rejects.toThrow(
      /missing at row 1/,
    );
    await expect(fitPipeline({ frame: frame(a, text('t', ['x', 'y', 'z'])), target: 't', learner, context })).rejects.toThrow(
      /cannot be a target/,
    );
    await expect(
      fitPipeline({ frame: frame(a, num('t', [1, 2, 3])), target: 't', learner: spyLearner({ tasks: ['binary'] }), context }),
    ).rejects.toThrow(/does not do regression/);
    await expect(fitPipeline({ frame: frame(a, num('t', [1, 2, 3])), target: 'nope', learner, context })).rejects.toThrow(
      expect.objectContaining({ code: 'MLP_DATA_UNKNOWN_COLUMN' }),
    );
  });

  it('refuses a prebuilt validation matrix in the context (it would bypass the fitted steps)', async () => {
    const X = { rows: 0, cols: 0, columns: [], names: [], categorical: [] };
    const ctx = { ...context, validation: { X, target: { task: 'regression' as const, y: new Float64Array(0) } } };
    await expect(fit(learner, 'y', { context: ctx })).rejects.toThrow(/`validation` frame/);
  });

  it('rejects bad hyperparameters with the learner and parameter named', async () => {
    await expect(fit(learner, 'y', { params: { shrink: 2 } })).rejects.toThrow(/spy: parameter shrink/);
  });
});

describe('fitPipeline: default recipes', () => {
  it('gives a linear-style learner a dense, complete, non-categorical matrix with readable names', async () => {
    const records: SpyRecord[] = [];
    const p = await fit(spyLearner(LINEAR, records), 'y');
    expect(p.recipe.map((s) => s.step)).toEqual(['datetime', 'scale', 'impute', 'one-hot', 'text-hash']);
    const seen = records[0] as SpyRecord;
    expect(seen.rows).toBe(40);
    expect(seen.categorical.every((c) => !c)).toBe(true);
    expect(seen.columns.every((c) => c.every((v) => Number.isFinite(v)))).toBe(true);
    expect(seen.names).toEqual(
      expect.arrayContaining(['x', 'x.missing', 'color=red', 'color=__missing__', 'when.month_sin', 'note.hash_0', 'flag']),
    );
    expect(seen.names).not.toContain('y');
    expect(Array.from(p.predict(data(5, 100))).every(Number.isFinite)).toBe(true);
  });

  it('gives a gbdt-style learner ordinal categories flagged categorical and keeps NaN', async () => {
    const records: SpyRecord[] = [];
    const p = await fit(spyLearner({}, records), 'label');
    expect(p.recipe.map((s) => s.step)).toEqual(['datetime', 'ordinal', 'text-hash']);
    const seen = records[0] as SpyRecord;
    const color = seen.names.indexOf('color');
    expect(seen.categorical[color]).toBe(true);
    expect(seen.categorical.filter(Boolean)).toHaveLength(1);
    expect(seen.columns[seen.names.indexOf('x')]?.some((v) => Number.isNaN(v))).toBe(true);
  });

  it('explains which step is missing when explicit steps leave categories or NaN for a learner that cannot take them', async () => {
    await expect(fit(spyLearner(LINEAR), 'y', { steps: [{ step: 'datetime' }, { step: 'text-hash' }] })).rejects.toThrow(/"one-hot"/);
    await expect(
      fit(spyLearner(LINEAR), 'y', {
        steps: [{ step: 'datetime' }, { step: 'text-hash' }, { step: 'drop', options: { columns: ['color'] } }],
      }),
    ).rejects.toThrow(/add an "impute" step/);
  });
});

describe('FittedPipeline: prediction input', () => {
  it('needs exactly the used feature columns: target and dropped columns are not part of the input schema', async () => {
    const p = await fit(spyLearner({}), 'y', { steps: [{ step: 'drop', options: { columns: ['note', 'when'] } }] });
    expect(p.inputSchema).toEqual([
      { name: 'x', type: 'numeric', nullable: true },
      { name: 'color', type: 'categorical', nullable: true },
      { name: 'flag', type: 'boolean', nullable: true },
    ]);
  });

  it('ignores extra columns and their order', async () => {
    const p = await fit(spyLearner(LINEAR), 'y');
    const test = data(6, 200);
    const shuffled = test.select(['y', 'note', 'flag', 'when', 'color', 'x', 'label']);
    expect(p.predict(shuffled)).toEqual(p.predict(test));
  });

  it('names every missing column', async () => {
    const p = await fit(spyLearner(LINEAR), 'y');
    const err = (() => {
      try {
        p.predict(data(3).select(['x', 'flag', 'when']));
      } catch (e) {
        return e as { code: string; message: string };
      }
      return undefined;
    })();
    expect(err?.code).toBe('MLP_ML_MISSING_INPUT');
    expect(err?.message).toMatch(/"color", "note"/);
  });

  it('converts losslessly (numbers and categories sent as text, booleans as 0/1) and refuses the rest', async () => {
    const p = await fit(spyLearner(LINEAR), 'y');
    const test = data(8, 300);
    const asText = (name: string): ReturnType<typeof text> =>
      text(
        name,
        test.toRows().map((r) => (r[name] === null ? null : String(r[name]))),
      );
    const flagNumeric = num(
      'flag',
      test.toRows().map((r) => (r['flag'] === null ? null : r['flag'] ? 1 : 0)),
    );
    const converted = frame(asText('x'), asText('color'), asText('when'), test.column('note'), flagNumeric);
    expect(p.predict(converted)).toEqual(p.predict(test));
    expect(() =>
      p.predict(
        frame(
          text('x', ['1', 'abc']),
          cat('color', ['red', 'red']),
          dt('when', [null, null]),
          text('note', [null, null]),
          bool('flag', [true, true]),
        ),
      ),
    ).toThrow(expect.objectContaining({ code: 'MLP_ML_INPUT_TYPE', message: expect.stringMatching(/row 1 holds "abc"/) as unknown }));
    expect(() =>
      p.predict(frame(num('x', [1]), cat('color', ['red']), num('when', [5]), text('note', [null]), bool('flag', [true]))),
    ).toThrow(expect.objectContaining({ code: 'MLP_ML_INPUT_TYPE' }));
  });

  it('gives probabilities for classifiers and refuses them for regression', async () => {
    const classifier = await fit(spyLearner({}), 'label');
    const proba = classifier.predictProba(data(2));
    expect(proba).toHaveLength(6);
    expect((proba[0] as number) + (proba[1] as number) + (proba[2] as number)).toBeCloseTo(1, 12);
    expect(classifier.predictLabels(data(2))).toEqual(['cat', 'cat']); // the spy predicts the most frequent class
    expect(classifier.signature.output).toEqual({ task: 'multiclass', target: 'label', classes: ['cat', 'dog', 'emu'] });
    const regressor = await fit(spyLearner({}), 'y');
    expect(() => regressor.predictProba(data(2))).toThrow(/no probabilities/);
    expect(() => regressor.predictLabels(data(2))).toThrow(/predicts numbers/);
  });
});

describe('FittedPipeline: state', () => {
  const learners = (): Registry<Learner> => new Registry<Learner>('learner', [spyLearner({})]);

  it('saves to JSON + typed arrays and loads back bit-exactly with identical predictions', async () => {
    const p = await fit(spyLearner(LINEAR), 'y', {
      steps: [
        { step: 'datetime' },
        { step: 'target-encode', options: { folds: 3 } },
        { step: 'scale', options: { method: 'robust' } },
        { step: 'impute', options: { addIndicator: true } },
        { step: 'text-hash', options: { buckets: 4 } },
      ],
    });
    const state = p.toState();
    expect(JSON.parse(JSON.stringify(state.meta))).toEqual(state.meta);
    expect(Object.keys(state.arrays)).toEqual(expect.arrayContaining(['steps.1.prior', 'steps.2.shift', 'steps.3.fill', 'model.slope']));
    const loaded = loadPipeline(reloadState(state), learners());
    expect(stateFingerprint(loaded.toState())).toBe(stateFingerprint(state));
    expect(loaded.inputSchema).toEqual(p.inputSchema);
    expect(loaded.featureNames).toEqual(p.featureNames);
    const test = data(9, 500);
    const a = p.predict(test);
    const b = loaded.predict(test);
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
  });

  it('refuses unknown learners, unknown steps, unlisted arrays and other versions', async () => {
    const state = (await fit(spyLearner({}), 'y')).toState();
    const meta = state.meta as Record<string, unknown>;
    expect(() => loadPipeline(state, new Registry<Learner>('learner'))).toThrow(/unknown learner "spy"/);
    expect(() => loadPipeline({ ...state, formatVersion: 2 }, learners())).toThrow(/format version 2/);
    expect(() => loadPipeline({ ...state, arrays: { ...state.arrays, 'steps.9.evil': new Uint8Array(1) } }, learners())).toThrow(
      /not listed/,
    );
    const steps = (meta['steps'] as Array<Record<string, unknown>>).map((s) => ({ ...s, id: 'eval' }));
    expect(() => loadPipeline({ ...state, meta: { ...state.meta, steps } as typeof state.meta }, learners())).toThrow(
      expect.objectContaining({ code: 'MLP_ML_BUNDLE_INVALID' }),
    );
  });
});

describe('fitPipeline: sample weights', () => {
  const f = frame(num('a', [1, 2, 3, 4]), num('w', [1, 0, 2, 1]), num('t', [1, 2, 3, 4]));

  it('passes a weight column to the learner as weights, not as a feature nor a prediction input', async () => {
    const seen: Array<Float64Array | undefined> = [];
    const base = spyLearner({ supportsWeights: true });
    const learner = {
      ...base,
      fit: (
        X: Parameters<typeof base.fit>[0],
        target: Parameters<typeof base.fit>[1],
        p: { shrink: number },
        c: Parameters<typeof base.fit>[3],
      ) => (seen.push(target.weights), base.fit(X, target, p, c)),
    };
    const p = await fitPipeline({ frame: f, target: 't', weights: 'w', learner, context });
    expect(Array.from(seen[0] ?? [])).toEqual([1, 0, 2, 1]);
    expect(p.inputSchema.map((c) => c.name)).toEqual(['a']);
    expect(p.featureNames).toEqual(['a']);
  });

  it('refuses weights for a learner without weight support and negative or missing weights', async () => {
    await expect(fitPipeline({ frame: f, target: 't', weights: 'w', learner: spyLearner({}), context })).rejects.toThrow(
      /does not take sample weights/,
    );
    const bad = frame(num('a', [1, 2]), num('w', [1, -1]), num('t', [1, 2]));
    await expect(
      fitPipeline({ frame: bad, target: 't', weights: 'w', learner: spyLearner({ supportsWeights: true }), context }),
    ).rejects.toThrow(/row 1: weight -1/);
  });
});
