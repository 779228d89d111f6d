/**
 * The contract every learner keeps (STYLE.md: one shared suite for every implementation): seeded determinism,
 * a bit-exact save/load round trip, catalog errors for bad input, all-missing columns handled as the learner's
 * capabilities promise, a search space that fits the parameter schema and trains at every end, and the fit
 * context: aborting, per-iteration reports and budgets.
 */
import { describe, expect, it } from 'vitest';

import { ManualClock, seededRandom } from '../../src/core/index.js';

import type { FitContext, FitReport, Learner, ModelState, Task, TrainedModel, TrainingTarget } from '../../src/ml/learner.js';
import { createLearnerRegistry } from '../../src/ml/learners.js';
import { featureMatrix, type FeatureMatrix } from '../../src/ml/matrix.js';
import { spaceAlternatives } from '../../src/ml/search-space.js';
import type { ParamSpace, ParamValue } from '../../src/ml/search-space.js';

function makeData(task: Task, rows = 120, seed = 1): { X: FeatureMatrix; target: TrainingTarget } {
  const r = seededRandom(seed);
  const cols = [0, 1, 2].map(() => new Float64Array(rows));
  for (let i = 0; i < rows; i++) for (const c of cols) c[i] = r() * 4 - 2;
  const score = (i: number): number =>
    (cols[0]![i] as number) + 0.5 * (cols[1]![i] as number) - 0.25 * (cols[2]![i] as number) + 0.3 * (r() - 0.5);
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

function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Every value a space must take (both ends of a range, every choice), each with parameters that activate it. */
function probes(name: string, space: ParamSpace): Array<Record<string, ParamValue>> {
  const values = space.kind === 'categorical' ? space.choices : [space.low, space.high];
  const activating = space.when === undefined ? [{}] : space.when.in.map((v) => ({ [(space.when as { param: string }).param]: v }));
  return activating.flatMap((a) => values.map((v) => ({ ...a, [name]: v })));
}

/** Fits with reports and progress recorded. */
async function recordedFit(
  learner: Learner,
  data: { X: FeatureMatrix; target: TrainingTarget },
  params: Record<string, unknown>,
  extra: Partial<FitContext> = {},
): Promise<{ model: TrainedModel; reports: FitReport[]; progress: number[] }> {
  const reports: FitReport[] = [];
  const progress: number[] = [];
  const report = extra.report;
  const model = await learner.fit(data.X, data.target, params, {
    seed: 7,
    threads: 1,
    ...extra,
    report: (r) => {
      reports.push(r);
      report?.(r);
    },
    progress: (f) => progress.push(f),
  });
  return { model, reports, progress };
}

describe.each(learners.map((l) => [l.id, l] as const))('learner %s', (_id, learner: Learner) => {
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
  describe('search space', () => {
    const entries = Object.entries(learner.searchSpace).flatMap(([name, entry]) =>
      entry === undefined ? [] : spaceAlternatives(entry).map((space) => [name, space] as const),
    );

    it('tunes parameters of the schema: both ends of every range and every choice parse unchanged, conditions included', () => {
      expect(entries.length).toBeGreaterThan(0);
      for (const [name, space] of entries) {
        for (const params of probes(name, space)) {
          const parsed = learner.params.safeParse(params);
          expect(parsed.success, `${name} = ${JSON.stringify(params)}`).toBe(true);
          for (const [key, value] of Object.entries(params)) expect(parsed.data?.[key]).toBe(value);
        }
      }
    });

    it('conditions name unconditional categorical parameters of the same space', () => {
      for (const [name, space] of entries) {
        if (space.when === undefined) continue;
        const target = learner.searchSpace[space.when.param];
        expect(target, `${name} depends on ${space.when.param}`).toBeDefined();
        const alternatives = spaceAlternatives(target as ParamSpace);
        expect(alternatives).toHaveLength(1);
        const only = alternatives[0] as ParamSpace;
        expect(only.kind).toBe('categorical');
        expect(only.when).toBeUndefined();
        for (const v of space.when.in) expect((only as { choices: readonly ParamValue[] }).choices).toContain(v);
      }
    });

    it('trains at both ends of every range and with every choice, on every task the entry applies to', async () => {
      for (const task of learner.capabilities.tasks) {
        const data = makeData(task, 60, 3);
        for (const [name, space] of entries) {
          if (space.tasks !== undefined && !space.tasks.includes(task)) continue;
          for (const params of probes(name, space)) {
            const model = await learner.fit(data.X, data.target, params, { ...context, budget: { maxIterations: 2 } });
            expect(
              model.predict(data.X).every((v) => Number.isFinite(v)),
              `${task} ${JSON.stringify(params)}`,
            ).toBe(true);
          }
        }
      }
    });
  });

  describe('fit context', () => {
    const task = learner.capabilities.tasks[0] as Task;
    const data = makeData(task);
    const iterationParam = learner.capabilities.iterationParam;

    it('rejects with the signal’s reason when it is aborted mid-fit, at the next check', async () => {
      const controller = new AbortController();
      const reason = { cancelled: learner.id };
      let calls = 0;
      const fit = learner.fit(
        data.X,
        data.target,
        {},
        { ...context, signal: controller.signal, progress: () => (calls++, controller.abort(reason)) },
      );
      await expect(fit).rejects.toBe(reason);
      expect(calls).toBe(1);
    });

    it('rejects with the signal’s reason when it is aborted before the fit', async () => {
      const reason = { cancelled: 'early' };
      await expect(learner.fit(data.X, data.target, {}, { ...context, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    });

    if (iterationParam !== undefined) {
      it('reports every iteration in order with the planned total, progress up to 1, and records how the fit ended', async () => {
        const { model, reports, progress } = await recordedFit(learner, data, { [iterationParam]: 6 });
        expect(reports.length).toBeGreaterThan(0);
        expect(reports.map((r) => r.iteration)).toEqual(reports.map((_, i) => i + 1));
        for (const r of reports) expect(r.total).toBe(6);
        expect(progress.every((f, i) => i === 0 || f >= (progress[i - 1] as number))).toBe(true);
        expect(progress.at(-1)).toBe(1);
        expect(model.training).toEqual({ stoppedBy: 'completed', iterations: reports.length });
      });

      it('honours an iteration budget: the model is the one trained with that many iterations', async () => {
        const { model, reports } = await recordedFit(learner, data, { [iterationParam]: 20 }, { budget: { maxIterations: 3 } });
        const reference = await learner.fit(data.X, data.target, { [iterationParam]: 3 }, context);
        expect(bytes(model.predict(data.X)).equals(bytes(reference.predict(data.X)))).toBe(true);
        expect(reports.every((r) => r.total === 3)).toBe(true);
        const iterations = reports.length;
        expect(iterations).toBeLessThanOrEqual(3);
        // an optimiser may converge before the budget: then it completed
        expect(model.training).toEqual({ stoppedBy: iterations === 3 ? 'iteration-budget' : 'completed', iterations });
      });

      it('honours a time budget on the injected clock: stops after the iteration that used it up, with a valid model', async () => {
        const clock = new ManualClock(0);
        const { model, reports } = await recordedFit(
          learner,
          data,
          { [iterationParam]: 20 },
          { clock, budget: { timeMs: 25 }, report: () => clock.advance(10) },
        );
        const iterations = reports.length;
        expect(iterations).toBeLessThanOrEqual(3);
        expect(model.training).toEqual({ stoppedBy: iterations === 3 ? 'time-budget' : 'completed', iterations });
        const reference = await learner.fit(data.X, data.target, { [iterationParam]: iterations }, context);
        expect(bytes(model.predict(data.X)).equals(bytes(reference.predict(data.X)))).toBe(true);
      });
    } else {
      it('fits in one pass: no iteration reports, progress 0 then 1, budgets change nothing', async () => {
        const { model, reports, progress } = await recordedFit(learner, data, {}, { budget: { maxIterations: 1, timeMs: 0 } });
        expect(reports).toEqual([]);
        expect(progress).toEqual([0, 1]);
        expect(model.training).toBeUndefined();
        const plain = await learner.fit(data.X, data.target, {}, context);
        expect(stateBytes(model.toState()).equals(stateBytes(plain.toState()))).toBe(true);
      });
    }

    it('refuses a budget that is not one', async () => {
      await expect(learner.fit(data.X, data.target, {}, { ...context, budget: { maxIterations: 0 } })).rejects.toMatchObject({
        code: 'MLP_ML_INVALID_PARAM',
      });
    });
  });
});
