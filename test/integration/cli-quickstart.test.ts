import { afterEach, beforeEach, describe, expect, it } from 'vitest';

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
  next: string[];
  serverUrl: string;
}

describe('mlpilot quickstart', () => {
  it('registers iris and tracks a run in a fresh directory, and tells where to look next', async () => {
    const r = await runCli(['quickstart'], { cwd: project.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('registered dataset iris@1: 150 rows');
    expect(r.stdout).toContain('mlpilot runs show');
    expect(r.stdout).toContain('registered model iris-classifier@1 and pointed alias "champion" at it');
    expect(r.stdout).toContain('http://127.0.0.1:8080/');
  });

  it('is idempotent for the data the second time: same dataset version, two more runs, a new model version', async () => {
    expect((await runCli(['quickstart'], { cwd: project.dir })).code).toBe(0);
    const r = await runCli(['quickstart', '--json'], { cwd: project.dir });
    expect(r.code).toBe(0);
    const body = r.json<QuickstartJson>();
    expect(body.datasetCreated).toBe(false);
    expect(body.dataset).toMatchObject({ datasetName: 'iris', version: 1, rowCount: 150 });
    const datasets = (await runCli(['data', 'list', '--json'], { cwd: project.dir })).json<Array<{ versionCount: number }>>();
    expect(datasets).toEqual([expect.objectContaining({ versionCount: 1 })]);
    const runs = (await runCli(['runs', 'list', '--experiment', body.experiment, '--json'], { cwd: project.dir })).json<
      Array<{ id: string }>
    >();
    // Each quick start records a profiling run and a training run.
    expect(runs).toHaveLength(4);
    const models = (await runCli(['models', 'show', 'iris-classifier@champion', '--json'], { cwd: project.dir })).json<{
      version: number;
    }>();
    expect(models.version).toBe(2);
    expect(runs.map((run) => run.id)).toContain(body.runId);
  });

  it('uses the server port from the configuration in its hint', async () => {
    const r = await runCli(['quickstart', '--json'], { cwd: project.dir, env: { MLPILOT_SERVER_PORT: '9123' } });
    expect(r.json<QuickstartJson>().serverUrl).toBe('http://127.0.0.1:9123');
  });
});
