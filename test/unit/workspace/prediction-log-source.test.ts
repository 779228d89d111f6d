/**
 * Monitors over the workspace's own prediction log: predictions and labels ingested through `ws.monitor`, a model
 * whose run recorded its training data (the drift reference), and rounds of `ws.monitors.evaluate` on those.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, seededRandom, silentLogger } from '../../../src/core/index.js';
import { Workspace } from '../../../src/workspace/index.js';
import { normals } from '../../fixtures/monitor/frame-data-source.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 4, 1);

describe('monitors over the prediction log', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-monlog-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads hourly windows and row windows of ingested predictions, labels joined, and the training data as reference', async () => {
    const random = seededRandom(5);
    const train = normals(random, 300);
    writeFileSync(join(dir, 'train.csv'), `x,y\n${Array.from(train, (x, i) => `${x},${i % 2}`).join('\n')}\n`);
    const monitors = [
      {
        name: 'x-drift',
        model: 'churn',
        signal: { kind: 'drift', column: 'x', method: 'ks' },
        window: { every: 'hour' },
        threshold: { below: 0.001 },
      },
      {
        name: 'accuracy',
        model: 'churn',
        signal: { kind: 'metric', metric: 'accuracy' },
        window: { rows: 100 },
        threshold: { below: 0.7 },
      },
    ];
    const clock = new ManualClock(T0);
    const ws = await Workspace.open({
      cwd: dir,
      config: resolveConfig({ file: { source: 'test', values: { monitors } } }),
      clock,
      logger: silentLogger,
      actor: 'tester',
    });
    try {
      // A model version whose run trained on train.csv: the drift monitor's reference.
      await ws.datasets.add({ file: join(dir, 'train.csv'), name: 'train' }, ws.ctx);
      const tracker = ws.tracker();
      await tracker.withRun({ experiment: 'churn', inputs: [{ dataset: 'train@1', role: 'train' }] }, async (run) => {
        await run.logArtifact('model/weights.txt', new TextEncoder().encode('w'));
        await ws.models.registerFromRun({ name: 'churn', runId: run.id, artifactPath: 'model' }, ws.ctx);
      });
      // Hour 0: 100 predictions like the training data, all right; hour 1: 100 shifted by 2σ, 40 wrong.
      const rows = [
        ...Array.from(normals(random, 100), (x) => ({ x, shift: 0 })),
        ...Array.from(normals(random, 100, 2), (x) => ({ x, shift: 1 })),
      ];
      const predictions = rows.map((r, i) => ({
        id: `p${i}`,
        timestamp: T0 + r.shift * H + i,
        inputs: { x: r.x },
        outputs: { prediction: i % 2 },
      }));
      await ws.ingestion.ingest('churn', predictions);
      await ws.ingestion.ingestLabels(
        'churn',
        rows.map((r, i) => ({ id: `p${i}`, label: r.shift === 1 && i % 5 < 2 ? 1 - (i % 2) : i % 2 })),
      );
      await ws.ingestion.ingestor.flush();

      const rounds = await ws.monitors.evaluate({ at: T0 + 2 * H }, ws.ctx);
      const byMonitor = Object.fromEntries(rounds.map((r) => [r.monitor, r]));
      expect(byMonitor['x-drift']?.error).toBeUndefined();
      expect(byMonitor['x-drift']?.evaluated.map((e) => [e.evaluation.window.key, e.evaluation.status, e.evaluation.rows])).toEqual([
        ['2026-05-01T00:00:00.000Z/PT1H', 'healthy', 100],
        ['2026-05-01T01:00:00.000Z/PT1H', 'alert', 100],
      ]);
      expect(byMonitor['accuracy']?.evaluated.map((e) => [e.evaluation.window.key, e.evaluation.value])).toEqual([
        ['rows:0-100', 1],
        ['rows:100-200', 0.6],
      ]);
      expect((await ws.monitors.incidents({ open: true })).map((i) => i.monitor).sort()).toEqual(['accuracy', 'x-drift']);
    } finally {
      await ws.close();
    }
  });

  it('runs a round as a monitor-evaluate job on a pool thread, submitted by the scheduler as an hour begins', async () => {
    const monitors = [{ name: 'err', model: 'svc', signal: { kind: 'error-rate' }, window: { every: 'hour' }, threshold: { above: 0.25 } }];
    const clock = new ManualClock(T0);
    const ws = await Workspace.open({
      cwd: dir,
      config: resolveConfig({ file: { source: 'test', values: { monitors } } }),
      clock,
      logger: silentLogger,
      actor: 'tester',
    });
    try {
      // Hour 0: 1 error in 10; hour 1: 5 in 10.
      const predictions = Array.from({ length: 20 }, (_, i) => ({
        id: `p${i}`,
        timestamp: T0 + (i < 10 ? 0 : H) + i,
        inputs: { error: i < 10 ? i === 3 : i % 2 === 0 },
        outputs: { prediction: 1 },
      }));
      await ws.ingestion.ingest('svc', predictions);
      await ws.ingestion.ingestor.flush();
      clock.set(T0 + 2 * H + 5);
      const jobId = await ws.monitors.scheduler(ws.ctx).tick();
      expect(jobId).toBeDefined();
      const job = await (await ws.jobs()).wait(jobId as string, { timeoutMs: 60_000 });
      expect(job.status).toBe('succeeded');
      expect(job.result).toEqual({
        monitors: [
          {
            monitor: 'err',
            windows: 2,
            alerts: 1,
            transitions: [{ window: '2026-05-01T01:00:00.000Z/PT1H', transition: 'opened' }],
            actions: [],
            more: false,
          },
        ],
      });
      expect((await ws.monitors.status('err'))[0]).toMatchObject({ state: 'alert', lastEvaluation: { value: 0.5, status: 'alert' } });
      // The events of the thread's writes carry the scheduler's actor.
      expect((await ws.store.events.list({ types: ['incident.opened'] })).map((e) => e.actor)).toEqual(['tester']);
    } finally {
      await ws.close();
    }
  }, 90_000);
});
