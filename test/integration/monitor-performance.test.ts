/**
 * Performance monitoring on the platform, end to end through the library: a model trained on generated data,
 * predictions logged the way `mlpilot predict --log` logs them over six days of a ManualClock, labels sent for some
 * days. Checked against independent expectations: each day's realised metrics equal the engine's metric functions
 * on the same rows; the reference's value equals the metric training recorded on its validation rows; unlabelled
 * days get CBPE estimates; a concept-drift day (labels flipped) leaves the band while its estimate cannot see it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isMlpError, ManualClock, resolveConfig, silentLogger } from '../../src/core/index.js';
import { readTable } from '../../src/data/index.js';
import { accuracyScore, f1Score, meanAbsoluteError, rocAucScore, rootMeanSquaredError } from '../../src/ml/index.js';
import type { PerformanceReport, Predictions } from '../../src/workspace/index.js';
import { Workspace } from '../../src/workspace/index.js';
import { perfRows, type PerfRow, writeCsv } from '../fixtures/monitor/perf-data.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 2);

let dir: string;
let ws: Workspace;
const clock = new ManualClock(T0 - DAY);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mlp-monitor-perf-'));
  ws = await Workspace.open({ cwd: dir, config: resolveConfig({}), clock, logger: silentLogger, actor: 'tester' });
});
afterAll(async () => {
  await ws.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Scores one day's rows and logs them as `predict --log` does, timestamped in that day. */
async function logDay(model: string, day: number, rows: readonly PerfRow[]): Promise<{ scored: Predictions; ids: string[] }> {
  const file = writeCsv(join(dir, `${model}-day${day}.csv`), rows, false);
  const { frame, contentHash } = await readTable(file);
  const scored = await ws.predictions.predictFrame(model, frame);
  clock.set(T0 + day * DAY + 3_600_000);
  const logged = await ws.ingestion.logScored({ frame, scored, contentHash });
  expect(logged.accepted).toBe(rows.length);
  const prefix = `v${scored.model.version}-${contentHash.slice(0, 24)}-`;
  return { scored, ids: rows.map((_, i) => `${prefix}${i}`) };
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown>; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMlpError(error), String(error)).toBe(true);
  return error as { code: string; details: Record<string, unknown>; message: string };
}

function metricOf(report: PerformanceReport, day: number, metric: string) {
  const window = report.windows[day];
  const m = window?.metrics.find((x) => x.metric === metric);
  if (m === undefined) throw new Error(`no ${metric} on day ${day}`);
  return m;
}

describe('PerformanceService.report for a classifier', () => {
  const days: Array<{ rows: PerfRow[]; scored?: Predictions; ids?: string[]; labelled: number; flip: boolean }> = [
    { rows: perfRows('classification', 150, 101), labelled: 150, flip: false },
    { rows: perfRows('classification', 150, 102), labelled: 150, flip: false },
    { rows: perfRows('classification', 150, 103, 0.4), labelled: 150, flip: false }, // covariate shift
    { rows: perfRows('classification', 150, 104), labelled: 75, flip: false }, // half the labels arrived
    { rows: perfRows('classification', 150, 105), labelled: 0, flip: false }, // none yet
    { rows: perfRows('classification', 150, 106), labelled: 150, flip: true }, // concept drift: the relation reversed
  ];
  let testRows: number;
  let trainedRocAuc: number;
  let trainedAccuracy: number;
  let report: PerformanceReport;

  beforeAll(async () => {
    const file = writeCsv(join(dir, 'cls.csv'), perfRows('classification', 1200, 7));
    await ws.datasets.add({ file, name: 'cls' }, ws.ctx);
    const trained = await ws.training.train({ data: 'cls@1', target: 'y', learner: 'linear', model: 'cls-model', seed: 3 }, ws.ctx);
    expect(trained.evaluation.kind).toBe('holdout');
    testRows = trained.evaluation.kind === 'holdout' ? trained.evaluation.testRows : 0;
    trainedRocAuc = trained.metrics['roc-auc'] as number;
    trainedAccuracy = trained.metrics['accuracy'] as number;
    for (const [d, day] of days.entries()) {
      const { scored, ids } = await logDay('cls-model', d, day.rows);
      day.scored = scored;
      day.ids = ids;
      const classes = scored.classes as readonly string[];
      const labels = day.rows.slice(0, day.labelled).map((row, i) => {
        const label = day.flip ? classes.find((c) => c !== row.y) : row.y;
        return { id: ids[i], label };
      });
      if (labels.length > 0) await ws.ingestion.ingestLabels('cls-model', labels);
    }
    await ws.ingestion.ingestor.flush();
    clock.set(T0 + 6 * DAY + 1000);
    report = await ws.performance.report('cls-model', { window: { kind: 'daily', from: T0, to: T0 + 6 * DAY } });
  });

  it('rebuilds the validation rows from the run, and their metric is the one training recorded', () => {
    expect(report).toMatchObject({ model: 'cls-model', version: 1, task: 'binary', metrics: ['accuracy', 'f1', 'roc-auc'] });
    expect(report.reference.source).toMatchObject({ kind: 'validation', dataset: 'cls@1', evaluation: 'holdout-0.2', split: 'stratified' });
    expect(report.reference.rows).toBe(testRows);
    expect(testRows).toBeGreaterThan(200);
    expect(report.reference.cached).toBe(false);
    const source = report.reference.source as { check: { metric: string; recorded: number; rebuilt: number } };
    expect(source.check.metric).toBe('roc-auc');
    expect(source.check.recorded).toBe(trainedRocAuc);
    const byMetric = Object.fromEntries(report.baselines.map((b) => [b.metric, b]));
    // The baseline's reference value is training's own evaluation of the version, computed apart from monitoring.
    expect(byMetric['accuracy']?.realised).toBeCloseTo(trainedAccuracy, 12);
    expect(byMetric['roc-auc']?.realised).toBeCloseTo(trainedRocAuc, 12);
    expect(report.nominalWindowRows).toBe(150);
    for (const b of report.baselines) {
      expect(b.windowSize).toBe(150);
      expect(b.sd).toBeGreaterThan(0);
      expect(b.lower).toBeLessThan(b.realised);
      expect(b.upper).toBeGreaterThan(b.realised);
    }
    expect(report.estimator.method).toBe('cbpe');
  });

  it('gives one window per day with its rows and labelled rows', () => {
    expect(report.windows.map((w) => [w.rows, w.labelled, w.otherVersions])).toEqual(days.map((d) => [150, d.labelled, 0]));
    expect(report.windows.map((w) => w.window.start)).toEqual(days.map((_, d) => T0 + d * DAY));
  });

  it("computes each day's realised metrics on its labelled rows as the engine's metric functions do", () => {
    for (const [d, day] of days.entries()) {
      if (day.labelled === 0) continue;
      const scored = day.scored as Predictions;
      const classes = scored.classes as readonly string[];
      const m = day.labelled;
      const yTrue = Float64Array.from(day.rows.slice(0, m), (row) => {
        const label = day.flip ? classes.find((c) => c !== row.y) : row.y;
        return classes.indexOf(label as string);
      });
      const yPred = scored.values.slice(0, m);
      const p1 = Float64Array.from({ length: m }, (_, i) => scored.proba?.[2 * i + 1] as number);
      const expected = {
        accuracy: accuracyScore(yTrue, yPred),
        f1: f1Score(yTrue, yPred, { average: 'binary', posLabel: 1 }),
        'roc-auc': rocAucScore(yTrue, p1),
      };
      for (const [metric, value] of Object.entries(expected)) {
        const got = metricOf(report, d, metric).realised;
        expect(got.status, `${metric} day ${d}`).toBe('ok');
        expect(got.value, `${metric} day ${d}`).toBeCloseTo(value, 12);
        if (metric !== 'f1') {
          // Wilson and DeLong intervals contain their estimate (a bootstrap percentile interval need not).
          expect(got.lower as number).toBeLessThanOrEqual(value);
          expect(got.upper as number).toBeGreaterThanOrEqual(value);
        }
      }
    }
  });

  it('estimates every day with CBPE, labelled or not, with a sampling error of a 150-row window', () => {
    for (const [d] of days.entries()) {
      for (const metric of ['accuracy', 'f1', 'roc-auc']) {
        const e = metricOf(report, d, metric).estimated;
        expect(e, `${metric} day ${d}`).toMatchObject({ method: 'cbpe', status: 'ok' });
        expect(e?.value as number).toBeGreaterThan(0);
        expect(e?.value as number).toBeLessThanOrEqual(1);
        expect(e?.standardError as number).toBeGreaterThan(0);
      }
    }
    const unlabelled = metricOf(report, 4, 'accuracy');
    expect(unlabelled.realised).toMatchObject({ status: 'no-labels', value: null });
    expect(unlabelled.estimated?.value).not.toBeNull();
  });

  it('flags the concept-drift day: realised accuracy falls below the band while CBPE, blind to it, stays inside', () => {
    const drift = metricOf(report, 5, 'accuracy');
    expect(drift.flag.realised).toBe('below');
    expect(drift.flag.estimated).toBeNull();
    expect(report.windows[5]?.alert).toBe(true);
    // The band of a window is the reference value ± 3σ of a window of its size.
    const base = report.baselines.find((b) => b.metric === 'accuracy');
    expect(drift.band?.lower).toBeCloseTo(Math.max(0, (base?.realised as number) - 3 * (base?.sd as number)), 12);
    expect(drift.realisedBand).toEqual(drift.band);
    // Day 3 has 75 of 150 rows labelled: its realised value is held to the band of 75 rows, √2 times as wide.
    const half = metricOf(report, 3, 'accuracy');
    const width = (b: { lower: number; upper: number } | null) => (b === null ? Number.NaN : b.upper - b.lower);
    // (neither band reaches 0 or 1 here, so neither is clipped)
    expect(width(half.realisedBand)).toBeCloseTo(Math.SQRT2 * width(half.band), 12);
    expect(metricOf(report, 4, 'accuracy').realisedBand).toBeNull();
  });

  it('reads the reference from the cache on the next call and answers the same', async () => {
    const again = await ws.performance.report('cls-model', { window: { kind: 'daily', from: T0, to: T0 + 6 * DAY } });
    expect(again.reference.cached).toBe(true);
    expect({ ...again, reference: { ...again.reference, cached: false } }).toEqual(report);
  });

  it('leaves out predictions of another version and counts them', async () => {
    await ws.ingestion.ingest('cls-model', [
      {
        id: 'v9-x',
        timestamp: T0 + 10,
        version: 9,
        inputs: { x1: 0, x2: 0, c: 'a' },
        outputs: { prediction: 'yes', proba_no: 0.2, proba_yes: 0.8 },
      },
    ]);
    await ws.ingestion.ingestor.flush();
    const r = await ws.performance.report('cls-model', { window: { kind: 'daily', from: T0, to: T0 + DAY }, metrics: ['accuracy'] });
    expect(r.windows[0]).toMatchObject({ rows: 150, otherVersions: 1 });
  });

  it('refuses stored outputs without class probabilities, naming the prediction and field', async () => {
    await ws.ingestion.ingest('cls-model', [
      { id: 'bare', timestamp: T0 + 7 * DAY + 5, inputs: { x1: 0, x2: 0, c: 'a' }, outputs: { prediction: 'yes' } },
    ]);
    await ws.ingestion.ingestor.flush();
    const error = await errorOf(ws.performance.report('cls-model', { window: { kind: 'daily', from: T0 + 7 * DAY, to: T0 + 8 * DAY } }));
    expect(error.code).toBe('MLP_MONITOR_WINDOW_OUTPUTS');
    expect(error.details).toMatchObject({ predictionId: 'bare', field: 'outputs.proba_no' });
  });

  it('refuses a metric it does not know and one that does not fit the task', async () => {
    const window = { kind: 'daily', from: T0, to: T0 + DAY } as const;
    const unknown = await errorOf(ws.performance.report('cls-model', { window, metrics: ['precision' as 'accuracy'] }));
    expect(unknown).toMatchObject({ code: 'MLP_MONITOR_PERF_INPUT', details: { field: 'metrics[0]' } });
    const wrong = await errorOf(ws.performance.report('cls-model', { window, metrics: ['rmse'] }));
    expect(wrong.code).toBe('MLP_MONITOR_PERF_INPUT');
  });

  it('refuses a version whose validation rows cannot be rebuilt, and takes a given reference dataset instead', async () => {
    await ws.training.train({ data: 'cls@1', target: 'y', learner: 'linear', model: 'cls-all', seed: 3, holdout: 0 }, ws.ctx);
    await logDay('cls-all', 0, days[0]?.rows ?? []);
    const window = { kind: 'daily', from: T0, to: T0 + DAY } as const;
    const refused = await errorOf(ws.performance.report('cls-all', { window }));
    expect(refused.code).toBe('MLP_MONITOR_NO_REFERENCE');
    expect(refused.message).toContain('--reference');
    const holdout = writeCsv(join(dir, 'cls-holdout.csv'), perfRows('classification', 300, 8));
    await ws.datasets.add({ file: holdout, name: 'cls-holdout' }, ws.ctx);
    const r = await ws.performance.report('cls-all', { window, reference: 'cls-holdout' });
    expect(r.reference).toMatchObject({ source: { kind: 'dataset', dataset: 'cls-holdout@1', target: 'y' }, rows: 300, cached: false });
    // The reference's value is the registered model's metric on the given rows.
    const { frame } = await readTable(holdout);
    const scored = await ws.predictions.predictFrame('cls-all', frame);
    const classes = scored.classes as readonly string[];
    const yTrue = Float64Array.from(perfRows('classification', 300, 8), (row) => classes.indexOf(row.y as string));
    expect(r.baselines.find((b) => b.metric === 'accuracy')?.realised).toBeCloseTo(accuracyScore(yTrue, scored.values), 12);
    // The same rows with the label column named otherwise: refused until the column is named, then the same baselines.
    const renamed = join(dir, 'cls-renamed.csv');
    writeFileSync(renamed, readFileSync(holdout, 'utf8').replace(/^x1,x2,c,y/, 'x1,x2,c,truth'));
    await ws.datasets.add({ file: renamed, name: 'cls-renamed' }, ws.ctx);
    const unnamed = await errorOf(ws.performance.report('cls-all', { window, reference: 'cls-renamed' }));
    expect(unnamed).toMatchObject({ code: 'MLP_MONITOR_PERF_REFERENCE', details: { field: 'reference' } });
    expect(unnamed.message).toContain('--reference-target');
    const named = await ws.performance.report('cls-all', { window, reference: 'cls-renamed', referenceTarget: 'truth' });
    expect(named.reference.source).toEqual({ kind: 'dataset', dataset: 'cls-renamed@1', target: 'truth' });
    expect(named.baselines).toEqual(r.baselines);
    const alone = await errorOf(ws.performance.report('cls-all', { window, referenceTarget: 'truth' }));
    expect(alone).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field: 'referenceTarget' } });
  });

  it('refuses validation rows that do not give the recorded metric back', async () => {
    const trained = await ws.training.train({ data: 'cls@1', target: 'y', learner: 'linear', model: 'cls-tampered', seed: 3 }, ws.ctx);
    // A later value of the primary metric on the run: the rebuilt rows no longer match what the run says.
    await ws.store.runs.logMetrics(trained.runId, [{ key: 'roc-auc', value: 0.5, step: 1, timestamp: clock.now() }]);
    await logDay('cls-tampered', 0, days[0]?.rows ?? []);
    const error = await errorOf(ws.performance.report('cls-tampered', { window: { kind: 'daily', from: T0, to: T0 + DAY } }));
    expect(error).toMatchObject({ code: 'MLP_MONITOR_REFERENCE_MISMATCH', details: { metric: 'roc-auc', recorded: 0.5 } });
  });
});

describe('PerformanceService.report for a regressor', () => {
  it('computes realised MAE and RMSE per day as the engine does and estimates them with DLE', async () => {
    const file = writeCsv(join(dir, 'reg.csv'), perfRows('regression', 800, 11));
    await ws.datasets.add({ file, name: 'reg' }, ws.ctx);
    const trained = await ws.training.train({ data: 'reg@1', target: 'y', learner: 'linear', model: 'reg-model', seed: 1 }, ws.ctx);
    expect(trained.task).toBe('regression');
    const rows = [perfRows('regression', 120, 201), perfRows('regression', 120, 202)];
    const scored: Predictions[] = [];
    for (const [d, day] of rows.entries()) {
      const { scored: s, ids } = await logDay('reg-model', 10 + d, day);
      scored.push(s);
      if (d === 0)
        await ws.ingestion.ingestLabels(
          'reg-model',
          day.map((row, i) => ({ id: ids[i], label: row.y })),
        );
    }
    await ws.ingestion.ingestor.flush();
    clock.set(T0 + 13 * DAY);
    const r = await ws.performance.report('reg-model', { window: { kind: 'daily', from: T0 + 10 * DAY, to: T0 + 12 * DAY } });
    expect(r).toMatchObject({ task: 'regression', metrics: ['mae', 'rmse'], estimator: { method: 'dle' } });
    expect(r.reference).toMatchObject({ source: { kind: 'validation', split: 'random' } });
    expect(r.reference.rows).toBe(trained.evaluation.kind === 'holdout' ? trained.evaluation.testRows : -1);
    expect(r.baselines.find((b) => b.metric === 'rmse')?.realised).toBeCloseTo(trained.metrics['rmse'] as number, 12);
    const yTrue = Float64Array.from(rows[0] ?? [], (row) => row.y as number);
    const mae = r.windows[0]?.metrics.find((m) => m.metric === 'mae');
    const rmse = r.windows[0]?.metrics.find((m) => m.metric === 'rmse');
    expect(mae?.realised.value).toBeCloseTo(meanAbsoluteError(yTrue, scored[0]?.values ?? []), 12);
    expect(rmse?.realised.value).toBeCloseTo(rootMeanSquaredError(yTrue, scored[0]?.values ?? []), 12);
    const unlabelled = r.windows[1]?.metrics.find((m) => m.metric === 'mae');
    expect(unlabelled?.realised.status).toBe('no-labels');
    expect(unlabelled?.estimated).toMatchObject({ method: 'dle', status: 'ok' });
    expect(unlabelled?.estimated?.value as number).toBeGreaterThan(0);
  });
});
