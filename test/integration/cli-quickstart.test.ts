import { readFileSync } from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { QUICKSTART } from '../fixtures/cli/quickstart-argv.js';
import { runCli, tempProject } from '../fixtures/cli/run-cli.js';

// Every case gets a project of its own, so none depends on what another left behind (or on their order).
let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

interface QuickstartJson {
  datasetCreated: boolean;
  dataset: { datasetName: string; version: number; rowCount: number };
  runId: string;
  experiment: string;
  automl: {
    runId: string;
    budgetSeconds: number;
    trials: number;
    failedTrials: number;
    bestLearner: string;
    ensembleSize: number;
    metric: string;
    validationScore: number;
    model: { modelName: string; version: number; runId: string };
  };
  next: string[];
  serverUrl: string;
}

interface QuickstartMonitoringJson {
  rows: number;
  logged: number;
  reportFile: string;
  drift: { compared: number; drifted: number; datasetDrift: boolean; columns: Array<{ column: string }> };
  accuracy: { estimated: number | null; realised: number | null; band: { lower: number; upper: number } | null };
}

describe('mlpilot quickstart', () => {
  it('registers iris and tracks a run in a fresh directory, and tells where to look next', async () => {
    const r = await runCli([...QUICKSTART], { cwd: project.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('registered dataset iris@1: 150 rows');
    expect(r.stdout).toContain('mlpilot runs show');
    expect(r.stdout).toContain('registered model iris-classifier@1 and pointed alias "champion" at it');
    expect(r.stdout).toMatch(
      /✓ automl in 8 s \(run \w+\): [1-9]\d* trials.*, best [a-z-]+, ensemble of [1-9]\d*, validation log_loss .*; registered model iris-automl@1/,
    );
    expect(r.stdout).toContain('mlpilot automl --train iris@1 --target species');
    expect(r.stdout).toContain('http://127.0.0.1:8080/');
  }, 120_000);

  it('is idempotent for the data the second time: same dataset version, more runs, new model versions', async () => {
    expect((await runCli([...QUICKSTART], { cwd: project.dir })).code).toBe(0);
    const r = await runCli([...QUICKSTART, '--json'], { cwd: project.dir });
    expect(r.code).toBe(0);
    const body = r.json<QuickstartJson>();
    expect(body.datasetCreated).toBe(false);
    expect(body.dataset).toMatchObject({ datasetName: 'iris', version: 1, rowCount: 150 });
    const datasets = (await runCli(['data', 'list', '--json'], { cwd: project.dir })).json<Array<{ versionCount: number }>>();
    expect(datasets).toEqual([expect.objectContaining({ versionCount: 1 })]);
    const runs = (await runCli(['runs', 'list', '--experiment', body.experiment, '--limit', '1000', '--json'], { cwd: project.dir })).json<
      Array<{ id: string; parentRunId: string | null; tags: Record<string, string>; status: string }>
    >();
    // Each quick start records a profiling run, a training run and an AutoML search: a parent run with a child run
    // per trial.
    expect(runs.filter((run) => run.tags['mlpilot.automl'] === undefined)).toHaveLength(4);
    const parents = runs.filter((run) => run.tags['mlpilot.automl'] === 'parent');
    expect(parents).toHaveLength(2);
    expect(parents.every((run) => run.status === 'finished')).toBe(true);
    const { automl } = body;
    expect(automl.trials).toBeGreaterThan(0);
    expect(automl.trials - automl.failedTrials).toBeGreaterThan(0);
    expect(automl.ensembleSize).toBeGreaterThan(0);
    expect(automl.metric).toBe('log_loss');
    expect(Number.isFinite(automl.validationScore)).toBe(true);
    expect(runs.filter((run) => run.parentRunId === automl.runId)).toHaveLength(automl.trials);
    const automlModel = (await runCli(['models', 'show', 'iris-automl@2', '--json'], { cwd: project.dir })).json<{
      version: number;
      runId: string;
    }>();
    expect(automlModel).toMatchObject({ version: 2, runId: automl.runId });
    expect(automl.model).toMatchObject({ modelName: 'iris-automl', version: 2, runId: automl.runId });
    const models = (await runCli(['models', 'show', 'iris-classifier@champion', '--json'], { cwd: project.dir })).json<{
      version: number;
    }>();
    expect(models.version).toBe(2);
    expect(runs.map((run) => run.id)).toContain(body.runId);
  }, 120_000);

  it('replays a later window with a planted shift: drift on exactly the shifted columns, an HTML report, accuracy estimated then realised', async () => {
    const r = await runCli([...QUICKSTART, '--json'], { cwd: project.dir });
    expect(r.code).toBe(0);
    const { monitoring } = r.json<{ monitoring: QuickstartMonitoringJson }>();
    expect(monitoring.rows).toBe(150);
    expect(monitoring.logged).toBe(150);
    // The step moves the two petal columns only; the sepal columns are a resample of the reference's own rows.
    expect(monitoring.drift.columns.map((c) => c.column).sort()).toEqual(['petal length (cm)', 'petal width (cm)']);
    expect(monitoring.drift).toMatchObject({ compared: 4, drifted: 2, datasetDrift: true });
    const html = readFileSync(monitoring.reportFile, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('petal length (cm)');
    // Without labels CBPE expects the reference's accuracy; the shift pushes versicolor rows across the model's
    // boundary to virginica, so the realised accuracy (labels sent afterwards) is far lower: where CBPE fails.
    const { estimated, realised, band } = monitoring.accuracy;
    expect(estimated).toBeGreaterThan(0.8);
    expect(realised).toBeLessThan((estimated as number) - 0.2);
    expect(realised).toBeLessThan((band as { lower: number }).lower);
    // The same window through the command a user runs next.
    const perf = await runCli(['monitor', 'performance', '--model', 'iris-classifier', '--window', 'rows', '--size', '150', '--json'], {
      cwd: project.dir,
    });
    expect(perf.code).toBe(0);
    const windows = perf.json<{ windows: Array<{ labelled: number; metrics: Array<{ metric: string; realised: { value: number } }> }> }>()
      .windows;
    const last = windows.at(-1);
    expect(last?.labelled).toBe(150);
    expect(last?.metrics.find((m) => m.metric === 'accuracy')?.realised.value).toBeCloseTo(realised as number, 12);
  }, 120_000);

  it('uses the server port from the configuration in its hint', async () => {
    const r = await runCli([...QUICKSTART, '--json'], { cwd: project.dir, env: { MLPILOT_SERVER_PORT: '9123' } });
    expect(r.json<QuickstartJson>().serverUrl).toBe('http://127.0.0.1:9123');
  }, 120_000);
});
