/**
 * `mlpilot monitor drift --current window:…`: a model trained on iris logs two batches with `predict --log` — iris as
 * it is, then iris with every measurement moved by +2 cm —; the window of the shifted batch drifts against the
 * model's training data (found by lineage when `--reference` is omitted), exit 10; the window of the unmoved batch
 * does not (every row of it is a row of the training data), exit 0. Only the inputs are compared (no prediction or
 * probability column), and malformed windows are refused naming the part (exit 2), unknown ones with exit 4.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DriftReport } from '../../src/monitor/index.js';
import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
const FEATURES = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];

beforeAll(async () => {
  const iris = join(EXAMPLES, 'iris.csv');
  const trained = await cli('train', '--data', iris, '--target', 'species', '--learner', 'naive-bayes', '--model', 'nb');
  expect(trained.code, trained.stderr).toBe(0);
  const lines = readFileSync(iris, 'utf8').trim().split('\n');
  // The scoring batches carry the features only (no label column), as traffic does.
  const features = (shift: number) =>
    lines.map((line, i) =>
      i === 0
        ? line
        : line
            .split(',')
            .slice(0, 4)
            .map((v) => (Number(v) + shift).toFixed(2))
            .join(','),
    );
  writeFileSync(
    join(project.dir, 'same.csv'),
    `${features(0)
      .map((l, i) => (i === 0 ? FEATURES.map((f) => `"${f}"`).join(',') : l))
      .join('\n')}\n`,
  );
  writeFileSync(
    join(project.dir, 'moved.csv'),
    `${features(2)
      .map((l, i) => (i === 0 ? FEATURES.map((f) => `"${f}"`).join(',') : l))
      .join('\n')}\n`,
  );
  for (const file of ['same.csv', 'moved.csv']) {
    const logged = await cli('predict', '--model', 'nb', '--data', file, '--out', `${file}.out.csv`, '--log');
    expect(logged.code, logged.stderr).toBe(0);
    // Row windows are ordered by timestamp: the second batch must come strictly later.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
});
afterAll(() => project.cleanup());

describe('mlpilot monitor drift --current window:…', () => {
  it('finds drift in the latest window of the shifted batch against the training data (lineage), exit 10', async () => {
    const r = await cli('monitor', 'drift', '--current', 'window:nb:rows:150', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(10);
    const report = r.json<DriftReport>();
    expect(report.reference).toEqual({ label: 'iris@1 (training data of nb@1)', rows: 150 });
    expect(report.current.rows).toBe(150);
    expect(report.current.label).toMatch(/^nb rows:150 window /);
    // Inputs only: no output or label column of the logged predictions is compared or skipped.
    expect(report.columns.map((c) => c.column).sort()).toEqual([...FEATURES].sort());
    expect(report.skipped.map((s) => s.column)).toEqual(['species']);
    expect(report.dataset.drift).toBe(true);
    expect(report.dataset.drifted).toBe(4);
  });

  it('finds no drift in the window of the unmoved batch (START before the log), exit 0; the table names both sides', async () => {
    const r = await cli('monitor', 'drift', '--reference', 'iris@1', '--current', 'window:nb@1:rows:150:1970-01-01T00:00:00Z');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^drift of nb@1 rows:150 window .* \(150 rows\) against iris@1 \(150 rows\)/);
    expect(r.stdout).toContain('✓ no dataset drift: 0 of 4 columns drifted');
  });

  it('reads a daily window: both batches of today, half of the rows moved', async () => {
    const r = await cli('monitor', 'drift', '--current', 'window:nb:daily', '--json');
    expect(r.stderr).toBe('');
    const report = r.json<DriftReport>();
    expect(report.current.rows).toBe(300);
    expect(report.current.label).toMatch(/^nb daily window \d{4}-\d{2}-\d{2}T00:00:00\.000Z–/);
  });

  it.each([
    ['window:nb', 'kind'],
    ['window:nb:weekly', 'kind'],
    ['window:nb:rows', 'rows'],
    ['window:nb:rows:0', 'rows'],
    ['window:nb:daily:2026-03-01T10:00:00', 'start'],
    ['window:nb:daily:yesterday', 'start'],
    ['window:../etc:daily', 'model'],
    ['window:nb@:daily', 'version'],
  ])('refuses %s naming the %s (exit 2, JSON error on stdout)', async (source, part) => {
    const r = await cli('monitor', 'drift', '--current', source, '--json');
    expect(r.code).toBe(2);
    const error = JSON.parse(r.stdout) as { error: { code: string; details: { part: string; field: string } } };
    expect(error.error.code).toBe('MLP_DRIFT_INVALID_SOURCE');
    expect(error.error.details).toMatchObject({ part, field: '--current' });
  });

  it('refuses a model without logged predictions (exit 4) and a missing reference for a file (exit 2)', async () => {
    const none = await cli('monitor', 'drift', '--reference', 'iris@1', '--current', 'window:other:hourly', '--json');
    expect(none.code).toBe(4);
    expect(none.stdout).toContain('MLP_DRIFT_NO_WINDOW');
    const noRef = await cli('monitor', 'drift', '--current', 'same.csv');
    expect(noRef.code).toBe(2);
    expect(noRef.stderr).toContain('--reference is required unless --current is a traffic window');
  });
});
