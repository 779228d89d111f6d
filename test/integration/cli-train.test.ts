import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';

const penguins = join(import.meta.dirname, '../../examples/penguins.csv');

// Every case gets a project of its own, so none depends on what another left behind (or on their order).
let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

describe('mlpilot train and predict', () => {
  it('trains gbdt on a file as a tracked run, registers it and scores a file with it', async () => {
    const r = await runCli(['train', '--data', penguins, '--target', 'Species', '--param', 'numRounds=30', '--json'], { cwd: project.dir });
    expect(r.code).toBe(0);
    const body = r.json<{ task: string; metrics: Record<string, number>; modelVersion: { modelName: string; version: number } }>();
    expect(body.task).toBe('multiclass');
    expect(body.modelVersion).toMatchObject({ modelName: 'penguins-gbdt', version: 1 });
    expect(body.metrics.accuracy).toBeGreaterThan(0.9);

    const out = join(project.dir, 'scores.csv');
    const p = await runCli(['predict', '--model', 'penguins-gbdt@1', '--data', penguins, '--out', out], { cwd: project.dir });
    expect(p.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(345);
    expect(lines[0]).toBe('prediction,proba_Adelie,proba_Chinstrap,proba_Gentoo');
  });

  it('scores a large batch on 2 threads exactly as on one; refuses --threads 0', async () => {
    // 9,000 rows: more than two pieces of 4,096, so the threaded walk runs
    const rows = ['a,b,c,y'];
    for (let i = 0; i < 9000; i++) {
      const a = (i * 7919) % 1000;
      const b = (i * 104729) % 97;
      const c = i % 13 === 0 ? '' : String((i * 31) % 50);
      rows.push(`${a},${b},${c},${(a > 500 ? 3 : 0) + b * 0.1 + (i % 7)}`);
    }
    const data = join(project.dir, 'big.csv');
    writeFileSync(data, `${rows.join('\n')}\n`);
    expect(
      (await runCli(['train', '--data', data, '--target', 'y', '--model', 'big', '--param', 'numRounds=20'], { cwd: project.dir })).code,
    ).toBe(0);
    const outs = [1, 2].map((t) => join(project.dir, `big-${t}.csv`));
    for (const [i, out] of outs.entries()) {
      const r = await runCli(['predict', '--model', 'big@1', '--data', data, '--out', out, '--threads', String(i + 1)], {
        cwd: project.dir,
      });
      expect(r.code).toBe(0);
    }
    const [one, two] = outs.map((o) => readFileSync(o, 'utf8'));
    expect(one?.split('\n')).toHaveLength(9002);
    expect(two).toBe(one);
    const bad = await runCli(['predict', '--model', 'big@1', '--data', data, '--out', outs[0] as string, '--threads', '0'], {
      cwd: project.dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threads/);
  });

  it.each([
    [['--learner', 'svm'], 2, /unknown learner "svm"; known: .*gbdt/],
    [['--param', 'maxDepth=-3'], 2, /parameter maxDepth/],
    [['--param', 'depth=3'], 2, /valid parameters: .*maxDepth/],
    [
      ['--param', 'n_estimators=50'],
      2,
      /parameter n_estimators: unknown parameter; did you mean numRounds\? \(n_estimators is its name in XGBoost/,
    ],
    [['--param', 'learningRat=0.1'], 2, /parameter learningRat: unknown parameter; did you mean learningRate\?; valid parameters/],
    [['--learner', 'rf', '--param', 'min_samples_leaf=3'], 2, /rf: parameter min_samples_leaf: .*did you mean minSamplesLeaf\?/],
    [['--target', 'Colour'], 2, /target column "Colour" is not in .*columns: Species/],
    [['--cv', '5', '--holdout', '0.3'], 2, /give cv or holdout, not both/],
    [['--time-column', 'Island', '--group-column', 'Island'], 2, /give timeColumn or groupColumn, not both/],
    [['--split', 'time'], 2, /expected auto or random/],
    [['--holdout', '1'], 2, /fraction from 0/],
    [['--positive-class', 'Adelie'], 3, /only applies to a binary target; this is a multiclass target \(3 classes\)/],
  ])('refuses %j with exit %i and registers nothing', async (extra, code, message) => {
    const trained = await runCli(['train', '--data', penguins, '--target', 'Species', '--param', 'numRounds=5'], { cwd: project.dir });
    expect(trained.code).toBe(0);
    const before = (await runCli(['models', 'list', '--json'], { cwd: project.dir })).json<unknown[]>().length;
    const r = await runCli(['train', '--data', penguins, '--target', 'Species', ...extra], { cwd: project.dir });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    const models = (await runCli(['models', 'show', 'penguins-gbdt', '--json'], { cwd: project.dir })).json<{ latestVersion: number }>();
    expect(models.latestVersion).toBe(1);
    expect((await runCli(['models', 'list', '--json'], { cwd: project.dir })).json<unknown[]>()).toHaveLength(before);
  });

  it('says which task was inferred and why, what the model was fitted on, and the fold means with their std', async () => {
    const r = await runCli(['train', '--data', penguins, '--target', 'Species', '--learner', 'naive-bayes', '--cv', '3'], {
      cwd: project.dir,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('task multiclass, inferred from the target: 3 distinct text labels (--task to override)');
    expect(r.stdout).toContain('fitted on all 344 rows after evaluation');
    expect(r.stdout).toContain(
      'Evaluation: 3-fold cross-validation, split at random (stratified by class): the data has no date/time column',
    );
    expect(r.stdout).toMatch(/METRIC\s+MEAN\s+STD\n/);
    expect(r.stdout).toMatch(/\naccuracy\s+0\.\d+\s+0\.\d+\n/);

    const none = await runCli(['train', '--data', 'penguins@1', '--target', 'Species', '--learner', 'naive-bayes', '--holdout', '0'], {
      cwd: project.dir,
    });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('fitted on all 344 rows\n');
    expect(none.stdout).toContain('Evaluation: none (--holdout 0)\nThe model has no metrics');
  });

  it('states the positive class of a binary target and takes --positive-class', async () => {
    const data = join(project.dir, 'sex.csv');
    const rows = readFileSync(penguins, 'utf8').trim().split('\n');
    const header = rows[0]!.split(',');
    const sex = header.indexOf('Sex');
    const mass = header.indexOf('Body Mass (g)');
    const kept = rows
      .slice(1)
      .map((line) => line.split(','))
      .filter((cells) => cells[sex] === 'MALE' || cells[sex] === 'FEMALE');
    writeFileSync(data, `mass,sex\n${kept.map((cells) => `${cells[mass]},${cells[sex]}`).join('\n')}\n`);
    const byDefault = await runCli(['train', '--data', data, '--target', 'sex', '--learner', 'linear'], { cwd: project.dir });
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout).toContain('positive class: MALE (ROC AUC and F1 treat it as positive; --positive-class to choose)');
    const chosen = await runCli(
      ['train', '--data', 'sex@1', '--target', 'sex', '--learner', 'linear', '--positive-class', 'FEMALE', '--json'],
      {
        cwd: project.dir,
      },
    );
    expect(chosen.code).toBe(0);
    expect(chosen.json<{ positiveClass: string }>().positiveClass).toBe('FEMALE');
  });

  it('a --data path that does not exist is a missing file (exit 4, naming it), not an invalid dataset name', async () => {
    for (const typo of ['./irs.csv', 'irs.csv', 'data/train.parquet']) {
      const r = await runCli(['train', '--data', typo, '--target', 'Species', '--json'], { cwd: project.dir });
      expect(r.code, typo).toBe(4);
      const { error } = r.json<{ error: { code: string; message: string } }>();
      expect(error.code).toBe('MLP_DATA_FILE_NOT_FOUND');
      expect(error.message).toContain(join(project.dir, typo));
    }
    // A plain name is still a dataset reference.
    const unknown = await runCli(['train', '--data', 'irs', '--target', 'Species', '--json'], { cwd: project.dir });
    expect(unknown.code).toBe(4);
    expect(unknown.json()).toMatchObject({ error: { code: 'MLP_STORE_NOT_FOUND' } });
  });

  it('lists the learners with their capabilities', async () => {
    const r = await runCli(['learners', 'list', '--json'], { cwd: project.dir });
    const ids = r.json<Array<{ id: string }>>().map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['gbdt', 'linear', 'knn', 'naive-bayes']));
  });
});
