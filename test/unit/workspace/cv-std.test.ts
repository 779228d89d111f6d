import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, silentLogger } from '../../../src/core/index.js';
import { Workspace } from '../../../src/workspace/index.js';

const penguins = join(import.meta.dirname, '../../../examples/penguins.csv');

describe('cross-validated training runs', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await Workspace.open({
      cwd: mkdtempSync(join(tmpdir(), 'mlp-cvstd-')),
      config: resolveConfig({}),
      clock: new ManualClock(Date.UTC(2026, 2, 1)),
      logger: silentLogger,
      actor: 'bob',
    });
  });
  afterAll(async () => {
    await ws.close();
  });

  it('record <metric>_std, the fold values’ population standard deviation, next to each mean', async () => {
    const result = await ws.training.train({ file: penguins, target: 'Species', learner: 'naive-bayes', cv: 4 }, ws.ctx);
    const folds = result.evaluation.kind === 'cv' ? result.evaluation.foldMetrics : {};
    const run = await ws.store.runs.get(result.runId);
    expect(Object.keys(folds).length).toBeGreaterThan(3);
    for (const [id, values] of Object.entries(folds)) {
      const [a, b, c, d] = values as [number, number, number, number];
      const mean = (a + b + c + d) / 4;
      // ddof 0, as scikit-learn's cv_results_ std_test_score (numpy's default).
      const std = Math.sqrt(((a - mean) ** 2 + (b - mean) ** 2 + (c - mean) ** 2 + (d - mean) ** 2) / 4);
      expect(run.metrics[id]).toBeCloseTo(mean, 12);
      expect(run.metrics[`${id}_std`], id).toBeCloseTo(std, 12);
    }
    expect(Object.keys(run.metrics).sort()).toEqual([...Object.keys(folds), ...Object.keys(folds).map((id) => `${id}_std`)].sort());
    expect(result.modelVersion.metrics.accuracy_std).toBe(run.metrics.accuracy_std);
  });

  it('record no _std for a holdout run', async () => {
    const result = await ws.training.train({ file: penguins, target: 'Species', learner: 'naive-bayes' }, ws.ctx);
    const run = await ws.store.runs.get(result.runId);
    expect(Object.keys(run.metrics).filter((k) => k.endsWith('_std'))).toEqual([]);
    expect(Object.keys(run.metrics).sort()).toEqual(Object.keys(result.metrics).sort());
  });
});
