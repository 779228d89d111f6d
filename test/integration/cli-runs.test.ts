import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES, seedRuns, type SeededRuns } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
let runs: SeededRuns;

beforeAll(async () => {
  expect((await cli('data', 'add', `${EXAMPLES}/iris.csv`, '--name', 'iris')).code).toBe(0);
  runs = await seedRuns(project.dir);
});
afterAll(() => project.cleanup());

interface RunJson {
  id: string;
  name: string;
  params: Record<string, string>;
  metrics: Record<string, number>;
}

describe('mlpilot runs and experiments', () => {
  it('lists the runs of an experiment, newest first, honouring --limit', async () => {
    const all = (await cli('runs', 'list', '--experiment', 'exp', '--json')).json<RunJson[]>();
    expect(all.map((r) => r.name)).toEqual(['run-c', 'run-b', 'run-a']);
    const two = (await cli('runs', 'list', '--limit', '2', '--json')).json<RunJson[]>();
    expect(two).toHaveLength(2);
    const human = await cli('runs', 'list');
    expect(human.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STATUS\s+STARTED\s+DURATION\s+METRICS$/);
    expect(human.stdout).toMatch(new RegExp(`${runs.c}\\s+run-c\\s+finished`));
  });

  it('shows params, metrics, tags, inputs and artifacts of a run', async () => {
    const r = await cli('runs', 'show', runs.c);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/experiment:\s+exp/);
    expect(r.stdout).toMatch(/lr\s+0\.1/);
    expect(r.stdout).toMatch(/auc\s+0\.9\n/);
    expect(r.stdout).toMatch(/team\s+risk/);
    expect(r.stdout).toMatch(/iris@1\s+train/);
    expect(r.stdout).toMatch(/model\/weights\.json\s+\d+ B/);
    const json = (await cli('runs', 'show', runs.c, '--json')).json<RunJson & { artifacts: Array<{ path: string }> }>();
    expect(json.artifacts.map((a) => a.path).sort()).toEqual(['model/meta.json', 'model/weights.json']);
  });

  it('exits 4 with the catalog code for an unknown run id', async () => {
    const r = await cli('runs', 'show', 'no-such-run');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error MLP_STORE_NOT_FOUND: /);
    const json = await cli('runs', 'show', 'no-such-run', '--json');
    expect(json.json()).toMatchObject({ error: { code: 'MLP_STORE_NOT_FOUND' } });
  });

  it('searches with a filter and order: lr 0.1 and auc > 0.8 are runs c (0.9) then a (0.85)', async () => {
    const r = await cli(
      'runs',
      'search',
      '--filter',
      "metrics.auc > 0.8 and params.lr = '0.1'",
      '--order-by',
      'metrics.auc desc',
      '--json',
    );
    expect(r.code).toBe(0);
    const page = r.json<{ runs: RunJson[]; nextPageToken: string | null }>();
    expect(page.runs.map((run) => run.id)).toEqual([runs.c, runs.a]);
    expect(page.nextPageToken).toBeNull();
  });

  it('pages through search results with --max-results and --page-token', async () => {
    const first = (await cli('runs', 'search', '--order-by', 'metrics.auc asc', '--max-results', '2', '--json')).json<{
      runs: RunJson[];
      nextPageToken: string;
    }>();
    expect(first.runs.map((r) => r.id)).toEqual([runs.b, runs.a]);
    expect(typeof first.nextPageToken).toBe('string');
    const second = (
      await cli('runs', 'search', '--order-by', 'metrics.auc asc', '--max-results', '2', '--page-token', first.nextPageToken, '--json')
    ).json<{ runs: RunJson[] }>();
    expect(second.runs.map((r) => r.id)).toEqual([runs.c]);
  });

  it('exits 3 for a filter with a syntax error', async () => {
    const r = await cli('runs', 'search', '--filter', 'metrics.auc >> 0.8');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error MLP_/);
  });

  it('compares runs side by side and marks the rows that differ', async () => {
    const r = await cli('runs', 'compare', runs.a, runs.b);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/params\.lr \*\s+0\.1\s+0\.01/);
    expect(r.stdout).toMatch(/params\.depth\s+3\s+3/);
    expect(r.stdout).toMatch(/metrics\.auc \*\s+0\.85\s+0\.75/);
    const json = (await cli('runs', 'compare', runs.a, runs.b, '--json')).json<{
      params: Record<string, unknown[]>;
      metrics: Record<string, unknown[]>;
    }>();
    expect(json.params['lr']).toEqual(['0.1', '0.01']);
    expect(json.metrics['auc']).toEqual([0.85, 0.75]);
  });

  it('deletes a run: it leaves the list but stays searchable with --include-deleted', async () => {
    expect((await cli('runs', 'delete', runs.b)).code).toBe(0);
    const left = (await cli('runs', 'list', '--json')).json<RunJson[]>();
    expect(left.map((r) => r.id)).not.toContain(runs.b);
    const withDeleted = (await cli('runs', 'search', '--include-deleted', '--json')).json<{ runs: RunJson[] }>();
    expect(withDeleted.runs.map((r) => r.id)).toContain(runs.b);
  });

  it('creates, lists and deletes experiments; a taken name exits 5', async () => {
    expect((await cli('experiments', 'create', 'churn', '--description', 'monthly')).code).toBe(0);
    expect((await cli('experiments', 'create', 'churn')).code).toBe(5);
    const names = (await cli('experiments', 'list', '--json')).json<Array<{ name: string }>>().map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['exp', 'churn']));
    expect((await cli('experiments', 'delete', 'churn')).code).toBe(0);
    const after = (await cli('experiments', 'list', '--json')).json<Array<{ name: string }>>().map((e) => e.name);
    expect(after).not.toContain('churn');
  });
});
