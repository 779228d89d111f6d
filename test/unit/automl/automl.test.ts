import { z } from 'zod';
import { describe, expect, it } from 'vitest';

import { automl, type AutomlResult } from '../../../src/automl/index.js';
import { Registry, seededRandom } from '../../../src/core/index.js';
import type { Frame } from '../../../src/data/index.js';
import { createLearnerRegistry, defineLearner, encodeBundle, type Learner, nativeBundle, rocAucScore } from '../../../src/ml/index.js';
import { cat, frame, num } from '../../fixtures/ml/preprocess/frames.js';

const learners = createLearnerRegistry();

/** `n` rows: `y` is `yes` when x1 + x2 + noise > 0; `z` is noise. */
function binaryData(n: number, seed: number): Frame {
  const random = seededRandom(seed);
  const x1: number[] = [];
  const x2: number[] = [];
  const z: number[] = [];
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = random() * 2 - 1;
    const b = random() * 2 - 1;
    x1.push(a);
    x2.push(b);
    z.push(random());
    y.push(a + 0.7 * b + (random() - 0.5) * 0.6 > 0 ? 'yes' : 'no');
  }
  return frame(num('x1', x1), num('x2', x2), num('z', z), cat('y', y));
}

const trialsOf = (r: AutomlResult) =>
  r.trials.map((t) => ({ learner: t.config.learner, params: t.config.params, score: t.score, status: t.status }));

describe('automl', () => {
  it('finds the signal, ensembles the best trials and scores the test rows', async () => {
    const result = await automl(binaryData(300, 1), {
      target: 'y',
      learners,
      maxTrials: 10,
      budgetSeconds: 60,
      test: binaryData(200, 2),
    });
    expect(result.task).toBe('binary');
    expect(result.metric).toBe('roc-auc');
    expect(result.trials).toHaveLength(10);
    expect(result.stoppedBy).toBe('max-trials');
    expect(result.best.score).toBeGreaterThan(0.9);
    expect(result.ensemble.members.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(1, 12);
    expect(result.ensemble.score).toBeGreaterThanOrEqual(result.best.score);
    expect(Object.keys(result.testMetrics ?? {}).sort()).toEqual(['accuracy', 'roc_auc']);
    expect(result.testMetrics?.roc_auc).toBeGreaterThan(0.9);
    // The defaults of every learner come first, each a different learner.
    const firsts = result.trials.slice(0, 6).map((t) => t.config.learner);
    expect(new Set(firsts).size).toBe(6);
    expect(result.trials.slice(0, 6).every((t) => t.source === 'default')).toBe(true);
  });

  it('is reproducible: the same seed and trial count give the same trials and the same model bytes', async () => {
    const run = () => automl(binaryData(200, 3), { target: 'y', learners, maxTrials: 9, seed: 5, budgetSeconds: 60 });
    const [a, b] = [await run(), await run()];
    expect(trialsOf(a)).toEqual(trialsOf(b));
    const bytes = (r: AutomlResult) =>
      [...encodeBundle(nativeBundle(r.model)).entries()].map(([name, data]) => [name, Buffer.from(data).toString('base64')]);
    expect(bytes(a)).toEqual(bytes(b));
    const c = await automl(binaryData(200, 3), { target: 'y', learners, maxTrials: 9, seed: 6, budgetSeconds: 60 });
    expect(trialsOf(c)).not.toEqual(trialsOf(a));
  });

  it('records a trial that throws as failed and goes on', async () => {
    const broken = defineLearner({
      id: 'broken',
      title: 'Always fails',
      description: 'Throws in fit (a test learner).',
      params: z.strictObject({}),
      capabilities: {
        tasks: ['binary'],
        handlesMissing: true,
        handlesCategorical: true,
        supportsWeights: false,
        givesProbabilities: true,
        multiThreaded: false,
      },
      fit: async () => {
        throw new Error('kaput');
      },
      load: () => {
        throw new Error('never loaded');
      },
    });
    const registry = new Registry<Learner>('learner', [...learners.list(), broken]);
    const result = await automl(binaryData(150, 4), { target: 'y', learners: registry, include: ['broken', 'linear'], maxTrials: 6 });
    const failed = result.trials.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((t) => t.config.learner === 'broken' && t.error === 'kaput')).toBe(true);
    expect(result.trials).toHaveLength(6);
    expect(result.best.learner).toBe('linear');
  });

  it('fits target encoding inside each fold: a high-cardinality column of noise validates at chance', async () => {
    const n = 600;
    const random = seededRandom(11);
    const level = Array.from({ length: n }, (_, i) => `c${i % 200}`);
    const y = Array.from({ length: n }, () => (random() < 0.5 ? 'a' : 'b'));
    // Encoded with the target means of all rows, the column "predicts" the target it was computed from.
    const sums = new Map<string, [number, number]>();
    level.forEach((l, i) => {
      const s = sums.get(l) ?? [0, 0];
      sums.set(l, [s[0] + (y[i] === 'b' ? 1 : 0), s[1] + 1]);
    });
    const leaky = level.map((l) => (sums.get(l) as [number, number])[0] / (sums.get(l) as [number, number])[1]);
    expect(
      rocAucScore(
        y.map((v) => (v === 'b' ? 1 : 0)),
        leaky,
      ),
    ).toBeGreaterThan(0.75);
    const result = await automl(frame(cat('customer', level), cat('y', y)), {
      target: 'y',
      learners,
      include: ['linear', 'knn'],
      maxTrials: 10,
    });
    const encoded = result.trials.filter((t) => t.config.params['@encoding'] === 'target-encode' && t.status === 'ok');
    expect(encoded.length).toBeGreaterThan(0);
    for (const t of result.trials.filter((x) => x.status === 'ok')) expect(Math.abs((t.score as number) - 0.5)).toBeLessThan(0.1);
  });

  it('refuses bad input before the search starts', async () => {
    let started = false;
    const onReady = () => {
      started = true;
    };
    const data = binaryData(60, 5);
    await expect(automl(data, { target: 'y', learners, budgetSeconds: 0, onReady })).rejects.toMatchObject({ code: 'MLP_CLI_USAGE' });
    await expect(automl(data, { target: 'nope', learners, onReady })).rejects.toMatchObject({ code: 'MLP_ML_UNKNOWN_TARGET' });
    const other = frame(num('x1', [1, 2]), num('w', [3, 4]), cat('y', ['yes', 'no']));
    await expect(automl(data, { target: 'y', learners, test: other, onReady })).rejects.toMatchObject({ code: 'MLP_ML_MISSING_INPUT' });
    const texty = frame(num('x1', [1, 2]), num('x2', [1, 2]), cat('z', ['a', 'b']), cat('y', ['yes', 'no']));
    await expect(automl(data, { target: 'y', learners, test: texty, onReady })).rejects.toMatchObject({ code: 'MLP_ML_INPUT_TYPE' });
    expect(started).toBe(false);
  });
});
