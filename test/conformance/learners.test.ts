/**
 * The contract every learner keeps (STYLE.md: one shared suite for every implementation): seeded determinism,
 * a bit-exact save/load round trip, catalog errors for bad input, and all-missing columns handled as the
 * learner's capabilities promise.
 */
import { describe, expect, it } from 'vitest';

import { seededRandom } from '../../src/core/index.js';

import type { LearnerDefinition, ModelState, Task, TrainingTarget } from '../../src/ml/learner.js';
import { createLearnerRegistry } from '../../src/ml/learners.js';
import { featureMatrix, type FeatureMatrix } from '../../src/ml/matrix.js';

function makeData(task: Task, rows = 120, seed = 1): { X: FeatureMatrix; target: TrainingTarget } {
  const r = seededRandom(seed);
  const cols = [0, 1, 2].map(() => new Float64Array(rows));
  for (let i = 0; i < rows; i++) for (const c of cols) c[i] = r() * 4 - 2;
  const score = (i: number): number => (cols[0]![i] as number) + 0.5 * (cols[1]![i] as number) - 0.25 * (cols[2]![i] as number) + 0.3 * (r() - 0.5);
  const X = featureMatrix(cols, { names: ['a', 'b', 'c'] });
  if (task === 'regression') return { X, target: { task, y: Float64Array.from({ length: rows }, (_, i) => score(i)) } };
  const k = task === 'binary' ? 2 : 3;
  const y = Int32Array.from({ length: rows }, (_, i) => {
    const s = score(i);
    return k === 2 ? (s > 0 ? 1 : 0) : s < -0.7 ? 0 : s < 0.7 ? 1 : 2;
  });
  return { X, target: { task, y, classes: k === 2 ? ['no', 'yes'] : ['lo', 'mid', 'hi'] } };
}

/** The bytes of a model state: canonical JSON of its metadata plus every array's raw bytes, in name order. */
function stateBytes(state: ModelState): Buffer {
  const parts: Buffer[] = [Buffer.from(JSON.stringify({ learner: state.learner, formatVersion: state.formatVersion, meta: state.meta }))];
  for (const name of Object.keys(state.arrays).sort()) {
    const a = state.arrays[name]!;
    parts.push(Buffer.from(name), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  }
  return Buffer.concat(parts);
}

const learners = createLearnerRegistry().list();

describe.each(learners.map((l) => [l.id, l] as const))('learner %s', (_id, learner: LearnerDefinition) => {
  const defaults = learner.params.parse({});
  const context = { seed: 7, threads: 1 };

  it('gives its defaults for {} and rejects unknown params', () => {
    expect(defaults).toBeTypeOf('object');
    expect(learner.params.safeParse({ notAParam: 1 }).success).toBe(false);
  });

  describe.each(learner.capabilities.tasks.map((t) => [t] as const))('task %s', (task) => {
    const { X, target } = makeData(task);

    it('is deterministic for a seed and round-trips through its state bit for bit', async () => {
      const a = await learner.fit(X, target, defaults, context);
      const b = await learner.fit(X, target, defaults, context);
      expect(stateBytes(a.toState()).equals(stateBytes(b.toState()))).toBe(true);
      const loaded = learner.load(a.toState());
      const test = makeData(task, 40, 99).X;
      expect(Buffer.from(loaded.predict(test).buffer)).toEqual(Buffer.from(a.predict(test).buffer));
      if (task !== 'regression' && learner.capabilities.givesProbabilities) {
        const p = a.predictProba!(test);
        expect(Buffer.from(loaded.predictProba!(test).buffer)).toEqual(Buffer.from(p.buffer));
        const k = target.task === 'regression' ? 1 : target.classes.length;
        for (let i = 0; i < 40; i++) {
          let sum = 0;
          for (let c = 0; c < k; c++) sum += p[i * k + c]!;
          expect(sum).toBeCloseTo(1, 9);
        }
      }
    });

    if (learner.capabilities.multiThreaded) {
      it('gives the same model with 1 and 2 threads', async () => {
        const one = await learner.fit(X, target, defaults, { seed: 7, threads: 1 });
        const two = await learner.fit(X, target, defaults, { seed: 7, threads: 2 });
        expect(stateBytes(one.toState()).equals(stateBytes(two.toState()))).toBe(true);
      });
    }

    it('rejects empty data', async () => {
      const empty = featureMatrix([new Float64Array(0), new Float64Array(0), new Float64Array(0)], { names: ['a', 'b', 'c'] });
      const y = target.task === 'regression' ? { ...target, y: new Float64Array(0) } : { ...target, y: new Int32Array(0) };
      await expect(learner.fit(empty, y, defaults, context)).rejects.toMatchObject({ code: 'MLP_ML_BAD_TRAINING_DATA' });
    });

    it('rejects a prediction matrix with the wrong column count', async () => {
      const model = await learner.fit(X, target, defaults, context);
      const two = featureMatrix([new Float64Array(3), new Float64Array(3)], { names: ['a', 'b'] });
      expect(() => model.predict(two)).toThrowError(expect.objectContaining({ code: expect.stringMatching(/^MLP_ML_/) }));
    });

    if (task === 'regression') {
      it('rejects NaN targets naming the row', async () => {
        const y = Float64Array.from((target as { y: Float64Array }).y);
        y[5] = Number.NaN;
        await expect(learner.fit(X, { task: 'regression', y }, defaults, context)).rejects.toMatchObject({
          code: 'MLP_ML_BAD_TRAINING_DATA',
          message: expect.stringMatching(/5/),
        });
      });
    } else {
      it('rejects a target with a single class', async () => {
        const single = { ...target, y: new Int32Array(X.rows) } as TrainingTarget;
        await expect(learner.fit(X, single, defaults, context)).rejects.toMatchObject({ code: 'MLP_ML_BAD_TRAINING_DATA' });
      });
    }

    it('handles an all-missing column as its capabilities say', async () => {
      const withMissing = featureMatrix([...X.columns, new Float64Array(X.rows).fill(Number.NaN)], { names: ['a', 'b', 'c', 'empty'] });
      if (learner.capabilities.handlesMissing) {
        const model = await learner.fit(withMissing, target, defaults, context);
        expect(model.predict(withMissing).every((v) => Number.isFinite(v))).toBe(true);
      } else {
        await expect(learner.fit(withMissing, target, defaults, context)).rejects.toMatchObject({
          code: 'MLP_ML_BAD_TRAINING_DATA',
          message: expect.stringMatching(/empty/),
        });
      }
    });
  });
});
