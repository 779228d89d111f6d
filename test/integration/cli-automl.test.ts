/**
 * `mlpilot automl` end to end: a search on a file as a tracked parent run with a child run per trial, the JSON
 * summary, the HTML report, the registered model predicting through `mlpilot predict`, and bad input refused with
 * its exit code before anything is registered.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';

const penguins = join(import.meta.dirname, '../../examples/penguins.csv');

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

interface Summary {
  run_id: string;
  task: string;
  metric: string;
  budget_s: number;
  elapsed_s: number;
  trials: { count: number; failed: number };
  best: { learner: string; params: Record<string, unknown>; validation_score: number };
  ensemble: { members: Array<{ learner: string }>; weights: number[] };
  validation: { strategy: string; folds: number; score: number };
  test_metrics?: Record<string, number>;
  model?: { name: string; version: number };
}

describe('mlpilot automl', () => {
  it('searches, tracks every trial as a child run, writes the report and registers a model that predicts', async () => {
    // Split penguins into train and test files: every 4th row tests.
    const lines = readFileSync(penguins, 'utf8').trim().split('\n');
    const [header, ...rows] = lines;
    writeFileSync(join(project.dir, 'train.csv'), `${[header, ...rows.filter((_, i) => i % 4 !== 0)].join('\n')}\n`);
    writeFileSync(join(project.dir, 'test.csv'), `${[header, ...rows.filter((_, i) => i % 4 === 0)].join('\n')}\n`);
    const r = await runCli(
      [
        'automl',
        '--train',
        'train.csv',
        '--test',
        'test.csv',
        '--target',
        'Species',
        '--max-trials',
        '10',
        '--register',
        'pengu',
        '--report',
        'report.html',
        '--json',
      ],
      { cwd: project.dir },
    );
    expect(r.code).toBe(0);
    const s = r.json<Summary>();
    expect(s).toMatchObject({
      task: 'multiclass',
      metric: 'log_loss',
      budget_s: 60,
      trials: { count: 10 },
      model: { name: 'pengu', version: 1 },
    });
    expect(s.elapsed_s).toBeLessThan(66);
    expect(s.validation).toMatchObject({ strategy: 'stratified', folds: 5 });
    expect(s.ensemble.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(s.ensemble.members).toHaveLength(s.ensemble.weights.length);
    expect(Object.keys(s.test_metrics ?? {}).sort()).toEqual(['balanced_accuracy', 'log_loss']);
    expect(s.test_metrics?.balanced_accuracy).toBeGreaterThan(0.9);

    const html = readFileSync(join(project.dir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');

    const children = await runCli(['runs', 'search', '--filter', "tags.`mlpilot.automl` = 'trial'", '--json'], { cwd: project.dir });
    const trialRuns = children.json<{ runs: Array<{ parentRunId: string; metrics: Record<string, number> }> }>().runs;
    expect(trialRuns).toHaveLength(10);
    expect(trialRuns.every((run) => run.parentRunId === s.run_id)).toBe(true);

    const lineage = await runCli(['lineage', 'model', 'pengu@1', '--json'], { cwd: project.dir });
    expect(lineage.code).toBe(0);
    expect(lineage.stdout).toContain('train@1');

    const out = join(project.dir, 'p.csv');
    const p = await runCli(['predict', '--model', 'pengu@1', '--data', 'test.csv', '--out', out], { cwd: project.dir });
    expect(p.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('prediction,proba_Adelie,proba_Chinstrap,proba_Gentoo');
  }, 180_000);

  it('refuses bad input with a clear error and its exit code, registering nothing', async () => {
    const file = (name: string, text: string) => {
      writeFileSync(join(project.dir, name), text);
      return name;
    };
    const rows = (f: (i: number) => string) => Array.from({ length: 40 }, (_, i) => f(i)).join('\n');
    const ok = file('ok.csv', `x,e,y\n${rows((i) => `${i % 7},,${i % 2 ? 'a' : 'b'}`)}\n`);
    const cases: Array<{ argv: string[]; code: number; message: RegExp }> = [
      { argv: ['--train', ok, '--target', 'nope'], code: 2, message: /nope/ },
      { argv: ['--train', file('one.csv', `x,y\n${rows((i) => `${i},same`)}\n`), '--target', 'y'], code: 3, message: /class/ },
      { argv: ['--train', ok, '--target', 'y'], code: 3, message: /feature \\?"e\\?" has no value/ },
      { argv: ['--train', ok, '--target', 'y', '--budget', '0'], code: 2, message: /seconds above 0/ },
      {
        argv: [
          '--train',
          file('t.csv', `x,y\n${rows((i) => `${i % 5},${i % 3}`)}\n`),
          '--target',
          'y',
          '--test',
          file('o.csv', 'w,y\n1,2\n'),
        ],
        code: 3,
        message: /x/,
      },
      {
        argv: ['--train', file('txt.csv', `x,y\n${rows((i) => `${i % 5},v${i}`)}\n`), '--target', 'y', '--task', 'regression'],
        code: 3,
        message: /numeric/,
      },
    ];
    for (const c of cases) {
      const r = await runCli(['automl', ...c.argv, '--max-trials', '2', '--json'], { cwd: project.dir });
      expect({ argv: c.argv, code: r.code }).toEqual({ argv: c.argv, code: c.code });
      expect(r.stdout + r.stderr).toMatch(c.message);
    }
    expect((await runCli(['data', 'list', '--json'], { cwd: project.dir })).stdout).not.toMatch(/"name"/);
    expect(existsSync(join(project.dir, 'report.html'))).toBe(false);
  }, 120_000);
});
