/**
 * `mlpilot monitor performance`: after `predict --log --id-column` and `monitor ingest --labels`, the table and the
 * JSON show the window's realised accuracy — the share of rows whose logged prediction equals the label, counted
 * here from the predictions file — with the CBPE estimate and the band; bad metrics and unknown models are refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
const iris = join(EXAMPLES, 'iris.csv');
let expectedAccuracy: number;

beforeAll(async () => {
  const trained = await cli('train', '--data', iris, '--target', 'species', '--learner', 'naive-bayes', '--model', 'nb');
  expect(trained.code, trained.stderr).toBe(0);
  const raw = readFileSync(iris, 'utf8').trim().split('\n');
  const header = raw[0]?.split(',') ?? [];
  const speciesAt = header.indexOf('species');
  writeFileSync(join(project.dir, 'batch.csv'), `${raw.map((line, i) => `${i === 0 ? 'req' : `r${i - 1}`},${line}`).join('\n')}\n`);
  const predicted = await cli('predict', '--model', 'nb', '--data', 'batch.csv', '--out', 'p.csv', '--log', '--id-column', 'req');
  expect(predicted.code, predicted.stderr).toBe(0);
  const species = raw.slice(1).map((line) => line.split(',')[speciesAt] as string);
  const out = readFileSync(join(project.dir, 'p.csv'), 'utf8').trim().split('\n');
  const predictionAt = out[0]?.split(',').indexOf('prediction') ?? -1;
  const hits = out.slice(1).filter((line, i) => line.split(',')[predictionAt] === species[i]).length;
  expectedAccuracy = hits / species.length;
  writeFileSync(join(project.dir, 'labels.jsonl'), `${species.map((label, i) => JSON.stringify({ id: `r${i}`, label })).join('\n')}\n`);
  const ingested = await cli('monitor', 'ingest', '--model', 'nb', '--labels', 'labels.jsonl');
  expect(ingested.code, ingested.stderr).toBe(0);
});
afterAll(() => project.cleanup());

describe('monitor performance', () => {
  it('prints per window the realised value with its interval, the estimate, the band and the reference', async () => {
    const r = await cli('monitor', 'performance', '--model', 'nb', '--window', 'rows', '--size', '150');
    expect(r.code, r.stderr).toBe(0);
    for (const header of ['WINDOW', 'ROWS', 'LABELLED', 'METRIC', 'REALISED [CI]', 'ESTIMATED ± SE', 'BASELINE BAND', 'FLAG'])
      expect(r.stdout).toContain(header);
    expect(r.stdout).toContain('validation rows of iris@1 (holdout-0.2, stratified, seed 0');
    expect(r.stdout).toContain('estimator: CBPE');
    expect(r.stdout).toContain(expectedAccuracy.toFixed(4));
  });

  it('answers JSON with the realised accuracy the predictions file gives, and caches the reference', async () => {
    const r = await cli('monitor', 'performance', '--model', 'nb@1', '--window', 'rows', '--size', '150', '--metric', 'accuracy', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = r.json<{
      reference: { cached: boolean; rows: number };
      windows: Array<{ rows: number; labelled: number; metrics: Array<{ realised: { value: number }; estimated: { method: string } }> }>;
    }>();
    expect(report.reference).toMatchObject({ cached: true, rows: 30 });
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]).toMatchObject({ rows: 150, labelled: 150 });
    expect(report.windows[0]?.metrics[0]?.realised.value).toBeCloseTo(expectedAccuracy, 12);
    expect(report.windows[0]?.metrics[0]?.estimated.method).toBe('cbpe');
  });

  it('refuses a metric of the other task (exit 3) and an unknown model (exit 4)', async () => {
    const wrong = await cli('monitor', 'performance', '--model', 'nb', '--metric', 'rmse');
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('rmse');
    const missing = await cli('monitor', 'performance', '--model', 'nobody');
    expect(missing.code).toBe(4);
  });
});
