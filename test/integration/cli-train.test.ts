import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';

const project = tempProject();
afterAll(() => project.cleanup());
const penguins = join(import.meta.dirname, '../../examples/penguins.csv');

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

  it.each([
    [['--learner', 'svm'], 2, /unknown learner "svm"; known: .*gbdt/],
    [['--param', 'maxDepth=-3'], 2, /parameter maxDepth/],
    [['--param', 'depth=3'], 2, /valid parameters: .*maxDepth/],
    [['--target', 'Colour'], 2, /target column "Colour" is not in .*columns: Species/],
  ])('refuses %j with exit %i and registers nothing', async (extra, code, message) => {
    const before = (await runCli(['models', 'list', '--json'], { cwd: project.dir })).json<unknown[]>().length;
    const r = await runCli(['train', '--data', penguins, '--target', 'Species', ...extra], { cwd: project.dir });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    const models = (await runCli(['models', 'show', 'penguins-gbdt', '--json'], { cwd: project.dir })).json<{ latestVersion: number }>();
    expect(models.latestVersion).toBe(1);
    expect((await runCli(['models', 'list', '--json'], { cwd: project.dir })).json<unknown[]>()).toHaveLength(before);
  });

  it('lists the learners with their capabilities', async () => {
    const r = await runCli(['learners', 'list', '--json'], { cwd: project.dir });
    const ids = r.json<Array<{ id: string }>>().map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['gbdt', 'linear', 'knn', 'naive-bayes']));
  });
});
