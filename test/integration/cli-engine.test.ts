/**
 * The CLI's engine commands beyond `train`/`predict`: ONNX export, learner descriptions, and training as a job
 * (`train --detach`). Every case works in its own project.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES } from '../fixtures/cli/seed.js';

const interop = join(import.meta.dirname, '../fixtures/ml/interop');
let project: { dir: string; cleanup: () => void };
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });

beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

describe('mlpilot engine commands', () => {
  it('exports an imported XGBoost model as ONNX whose predictions match XGBoost', async () => {
    const cases = JSON.parse(readFileSync(join(interop, 'xgb-regression.cases.json'), 'utf8')) as {
      features: string[];
      rows: Array<Array<number | null>>;
      predict: number[];
    };
    const features = cases.features.join(',');
    expect(
      (
        await cli(
          'models',
          'import',
          join(interop, 'xgb-regression.model.json'),
          '--name',
          'xgb',
          '--flavor',
          'xgboost-json',
          '--features',
          features,
        )
      ).code,
    ).toBe(0);
    const exported = await cli('models', 'export', 'xgb@1', '--out', 'xgb.onnx', '--json');
    expect(exported.code).toBe(0);
    expect(exported.json()).toMatchObject({ model: 'xgb', version: 1, format: 'onnx' });
    expect(
      (await cli('models', 'import', join(project.dir, 'xgb.onnx'), '--name', 'xgb-onnx', '--flavor', 'onnx', '--features', features)).code,
    ).toBe(0);
    const csv = [features, ...cases.rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n');
    writeFileSync(join(project.dir, 'cases.csv'), `${csv}\n`);
    expect((await cli('predict', '--model', 'xgb-onnx@1', '--data', 'cases.csv', '--out', 'pred.csv')).code).toBe(0);
    const predicted = readFileSync(join(project.dir, 'pred.csv'), 'utf8').trim().split('\n').slice(1).map(Number);
    predicted.forEach((p, i) => expect(p).toBeCloseTo(cases.predict[i]!, 4));
  });

  it('models import --categories lets predict score label data like XGBoost (fixture from make_xgboost_label_fixture.py)', async () => {
    const cases = JSON.parse(readFileSync(join(interop, 'xgb-labels.cases.json'), 'utf8')) as {
      features: string[];
      rows: Array<Array<string | number | null>>;
      predict: number[];
    };
    const csv = [cases.features.join(','), ...cases.rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n');
    writeFileSync(join(project.dir, 'labels.csv'), `${csv}\n`);
    const model = join(interop, 'xgb-labels.model.json');
    expect((await cli('models', 'import', model, '--name', 'plain', '--flavor', 'xgboost-json')).code).toBe(0);
    const refused = await cli('predict', '--model', 'plain@1', '--data', 'labels.csv', '--out', 'p.csv');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/MLP_ML_INPUT_TYPE.*"color".*--categories/s);
    const imported = await cli(
      'models',
      'import',
      model,
      '--name',
      'labelled',
      '--flavor',
      'xgboost-json',
      '--categories',
      join(interop, 'xgb-labels.categories.json'),
    );
    expect(imported.code).toBe(0);
    expect((await cli('predict', '--model', 'labelled@1', '--data', 'labels.csv', '--out', 'pred.csv')).code).toBe(0);
    const predicted = readFileSync(join(project.dir, 'pred.csv'), 'utf8').trim().split('\n').slice(1).map(Number);
    expect(predicted).toHaveLength(cases.predict.length);
    predicted.forEach((p, i) => expect(Math.abs(p - cases.predict[i]!)).toBeLessThan(1e-6));
  });

  it('refuses to export a pipeline that preprocesses its inputs, with exit 3 and the reason', async () => {
    expect(
      (await cli('train', '--data', `${EXAMPLES}/penguins.csv`, '--target', 'Species', '--learner', 'linear', '--model', 'pen')).code,
    ).toBe(0);
    const r = await cli('models', 'export', 'pen@1', '--out', 'pen.onnx');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/MLP_ML_EXPORT_UNSUPPORTED/);
  });

  it('describes a learner: parameters with types and defaults, and its search space', async () => {
    const r = await cli('learners', 'show', 'rf', '--json');
    expect(r.code).toBe(0);
    const learner = r.json<{ id: string; params: Array<{ name: string; default?: unknown }>; searchSpace: Record<string, unknown> }>();
    expect(learner.id).toBe('rf');
    expect(learner.params.find((p) => p.name === 'nEstimators')).toMatchObject({
      default: 100,
      aliases: { 'scikit-learn': ['n_estimators'] },
    });
    expect(Object.keys(learner.searchSpace).length).toBeGreaterThan(0);
    const table = await cli('learners', 'show', 'gbdt');
    expect(table.stdout).toMatch(/learningRate\s+number in \(0, 1\]\s+0\.1\s.*xgboost: eta\/learning_rate/);
    expect((await cli('learners', 'show', 'svm')).code).toBe(2);
  });

  it('trains as a job with --detach: the data file is registered, the local backend waits and exits with the outcome', async () => {
    const r = await cli(
      'train',
      '--data',
      `${EXAMPLES}/iris.csv`,
      '--target',
      'species',
      '--learner',
      'naive-bayes',
      '--time-column',
      'sepal length (cm)',
      '--detach',
      '--json',
    );
    expect(r.code).toBe(0);
    const job = r.json<{
      type: string;
      status: string;
      result: { model: { name: string; version: number }; evaluation: { strategy: string } };
    }>();
    expect(job).toMatchObject({
      type: 'train',
      status: 'succeeded',
      result: { model: { name: 'iris-naive-bayes', version: 1 }, evaluation: { strategy: 'temporal' } },
    });
    const versions = await cli('models', 'versions', 'iris-naive-bayes', '--json');
    expect(versions.json<unknown[]>()).toHaveLength(1);
    const bad = await cli('train', '--data', `${EXAMPLES}/iris.csv`, '--target', 'species', '--time-column', 'nope', '--detach');
    expect(bad.code).toBe(4);
    expect((await cli('jobs', 'list', '--json')).json<unknown[]>()).toHaveLength(1);
  });
});
