/**
 * An `estimated-metric` monitor end to end: a classifier trained on generated data, six days of predictions logged
 * as `predict --log` logs them (ManualClock), the last three days moved onto the model's decision boundary (a
 * covariate shift: P(y | x) unchanged, the model is unsure there). The monitor, with no labels at all, alerts on
 * exactly the three shifted days and opens one incident. Checked against independent expectations: each judged value
 * is the CBPE estimate `ws.performance.report` gives for that day, and the labels sent afterwards (drawn from the same
 * process) confirm the drop: the realised accuracy of every shifted day is below the threshold, of every normal day
 * above it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, silentLogger } from '../../src/core/index.js';
import { readTable } from '../../src/data/index.js';
import { Workspace } from '../../src/workspace/index.js';
import { perfRows, type PerfRow, uniform, writeCsv } from '../fixtures/monitor/perf-data.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 2);
const THRESHOLD = 0.7;

/** Rows on the generating process's boundary 1.5·x1 − x2 + 0.8·[c = a] = 0 (± 0.05), labelled by the same process. */
function boundaryRows(n: number, seed: number): PerfRow[] {
  const next = uniform(seed);
  return Array.from({ length: n }, () => {
    const x2 = Number((next() * 2 - 1).toFixed(4));
    const c = ['a', 'b', 'c'][Math.floor(next() * 3)] as string;
    const x1 = Number(((x2 - (c === 'a' ? 0.8 : 0)) / 1.5 + (next() - 0.5) * 0.1).toFixed(4));
    const u = Math.min(Math.max(next(), 1e-9), 1 - 1e-9);
    const z = 1.5 * x1 - x2 + (c === 'a' ? 0.8 : 0) + Math.log(u / (1 - u)) * 0.7;
    return { x1, x2, c, y: z > 0 ? 'yes' : 'no' };
  });
}

let dir: string;
let ws: Workspace;
const clock = new ManualClock(T0 - DAY);
const days = [0, 1, 2, 3, 4, 5].map((d) => (d < 3 ? perfRows('classification', 150, 201 + d) : boundaryRows(150, 301 + d)));
const ids: string[][] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mlp-monitor-estimated-'));
  const config = resolveConfig({
    file: {
      source: 'test',
      values: {
        monitors: [
          {
            name: 'cls-accuracy',
            model: 'cls-model',
            signal: { kind: 'estimated-metric', metric: 'accuracy' },
            window: { every: 'day' },
            threshold: { below: THRESHOLD },
            minRows: 50,
          },
        ],
      },
    },
  });
  ws = await Workspace.open({ cwd: dir, config, clock, logger: silentLogger, actor: 'tester' });
  await ws.datasets.add({ file: writeCsv(join(dir, 'train.csv'), perfRows('classification', 1200, 7)), name: 'cls' }, ws.ctx);
  await ws.training.train({ data: 'cls@1', target: 'y', learner: 'linear', model: 'cls-model', seed: 3 }, ws.ctx);
  for (const [d, rows] of days.entries()) {
    const { frame, contentHash } = await readTable(writeCsv(join(dir, `day${d}.csv`), rows, false));
    const scored = await ws.predictions.predictFrame('cls-model', frame);
    clock.set(T0 + d * DAY + 3_600_000);
    await ws.ingestion.logScored({ frame, scored, contentHash });
    ids.push(rows.map((_, i) => `v1-${contentHash.slice(0, 24)}-${i}`));
  }
  await ws.ingestion.ingestor.flush();
  clock.set(T0 + 6 * DAY + 1000);
});
afterAll(async () => {
  await ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('estimated-metric monitor over the prediction log', () => {
  it('alerts on the three shifted days without any label, with the values the performance service estimates', async () => {
    const [round] = await ws.monitors.evaluate({}, ws.ctx);
    expect(round?.error).toBeUndefined();
    expect(round?.evaluated).toHaveLength(6);
    const evaluations = [...((await ws.monitors.status('cls-accuracy'))[0]?.recent ?? [])].reverse();
    expect(evaluations.map((e) => e.status)).toEqual(['healthy', 'healthy', 'healthy', 'alert', 'alert', 'alert']);
    const alerts = await ws.monitors.alerts({ monitor: 'cls-accuracy' });
    expect(alerts.map((a) => a.window).sort()).toEqual([3, 4, 5].map((d) => `2026-03-0${d + 2}T00:00:00.000Z/P1D`));
    const incidents = await ws.monitors.incidents({ monitor: 'cls-accuracy' });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ status: 'open', alertCount: 3, firstWindow: '2026-03-05T00:00:00.000Z/P1D' });

    const report = await ws.performance.report('cls-model', {
      window: { kind: 'daily', from: T0, to: T0 + 6 * DAY },
      metrics: ['accuracy'],
    });
    expect(report.windows).toHaveLength(6);
    for (const [d, evaluation] of evaluations.entries()) {
      expect(evaluation.rows).toBe(150);
      expect(evaluation.value).toBeCloseTo(report.windows[d]?.metrics[0]?.estimated?.value as number, 12);
      expect(evaluation.note).toMatch(/^CBPE estimate of accuracy ± .* for cls-model@1, reference validation$/);
    }
  });

  it('was right: the labels that arrive later put the realised accuracy of the shifted days below the threshold', async () => {
    for (const [d, rows] of days.entries())
      await ws.ingestion.ingestLabels(
        'cls-model',
        rows.map((row, i) => ({ id: ids[d]?.[i], label: row.y })),
      );
    await ws.ingestion.ingestor.flush();
    const report = await ws.performance.report('cls-model', {
      window: { kind: 'daily', from: T0, to: T0 + 6 * DAY },
      metrics: ['accuracy'],
    });
    const realised = report.windows.map((w) => w.metrics[0]?.realised.value as number);
    for (const [d, value] of realised.entries()) {
      if (d < 3) expect(value).toBeGreaterThan(THRESHOLD);
      else expect(value).toBeLessThan(THRESHOLD);
    }
  });

  it('refuses a metric CBPE does not estimate, naming signal.metric in the round', async () => {
    await ws.monitors.declare(
      {
        name: 'cls-logloss',
        model: 'cls-model',
        signal: { kind: 'estimated-metric', metric: 'log-loss' },
        window: { every: 'day' },
        threshold: { above: 1 },
      },
      ws.ctx,
    );
    const [round] = await ws.monitors.evaluate({ monitor: 'cls-logloss' }, ws.ctx);
    expect(round?.error?.code).toBe('MLP_MONITOR_SIGNAL');
    expect(round?.error?.message).toContain('log-loss has no label-free estimate for a binary model');
  });
});
