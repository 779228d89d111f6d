import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readTable } from '../../src/data/index.js';
import { createLearnerRegistry, FittedEnsemble, fitPipeline, nativeBundle } from '../../src/ml/index.js';
import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES, withWorkspace } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
const iris = join(EXAMPLES, 'iris.csv');

/** What the ensemble predicts in memory, before it is stored. */
let expected: { labels: string[]; proba: Float64Array; classes: readonly string[] };

// As AutoML saves its chosen ensemble: fitted pipelines → one native bundle logged by a run → a model version.
beforeAll(async () => {
  const { frame } = await readTable(iris);
  const learners = createLearnerRegistry();
  const fit = (learner: string, params: Record<string, unknown>) =>
    fitPipeline({ frame, target: 'species', learner: learners.get(learner), params, context: { seed: 5, threads: 1 } });
  const ensemble = new FittedEnsemble({
    members: [await fit('gbdt', { numRounds: 8 }), await fit('linear', {}), await fit('knn', { k: 7 })],
    weights: [0.5, 0.3, 0.2],
  });
  expected = { labels: ensemble.predictLabels(frame), proba: ensemble.predictProba(frame), classes: ensemble.classes ?? [] };
  await withWorkspace(project.dir, async (ws) => {
    const runId = await ws.tracker().withRun({ experiment: 'automl', name: 'ensemble' }, async (run) => {
      await run.logBundle('model', nativeBundle(ensemble, { metrics: { accuracy: 0.97 }, lineage: { runId: run.id } }));
      return run.id;
    });
    await ws.models.registerFromRun({ name: 'iris-ens', runId, artifactPath: 'model' }, ws.ctx);
  });
});
afterAll(() => project.cleanup());

describe('an ensemble registered as a model version', () => {
  it('mlpilot predict scores it as the ensemble did in memory: labels and the averaged probabilities', async () => {
    const r = await cli('predict', '--model', 'iris-ens@1', '--data', iris, '--out', 'p.jsonl');
    expect(r.code, r.stderr).toBe(0);
    const rows = (await readTable(join(project.dir, 'p.jsonl'))).frame.toRows();
    expect(Object.keys(rows[0] ?? {})).toEqual(['prediction', ...expected.classes.map((c) => `proba_${c}`)]);
    expect(rows.map((row) => row.prediction)).toEqual(expected.labels);
    const k = expected.classes.length;
    rows.forEach((row, i) =>
      expected.classes.forEach((c, j) => expect(row[`proba_${c}`]).toBeCloseTo(expected.proba[i * k + j] as number, 12)),
    );
  });

  it('PredictionService.predictFrame gives the same probabilities, bit for bit', async () => {
    const { frame } = await readTable(iris);
    const scored = await withWorkspace(project.dir, (ws) => ws.predictions.predictFrame('iris-ens@1', frame));
    expect(scored.task).toBe('multiclass');
    expect(scored.proba).toEqual(expected.proba);
  });

  it('models show works on it, and models export refuses it (exit 3: ensembles cannot be exported to ONNX)', async () => {
    const shown = await cli('models', 'show', 'iris-ens@1');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/model version:\s+iris-ens@1/);
    const exported = await cli('models', 'export', 'iris-ens@1', '--out', 'ens.onnx');
    expect(exported.code).toBe(3);
    expect(exported.stderr).toContain('MLP_ML_EXPORT_UNSUPPORTED');
    expect(exported.stderr).toContain('ensembles cannot be exported to ONNX');
    expect(existsSync(join(project.dir, 'ens.onnx'))).toBe(false);
  });
});
