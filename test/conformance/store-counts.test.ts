/**
 * Count and aggregate queries on every backend, against a fixture counted by hand below, including more than
 * 10,000 queued jobs (the old /metrics gauge listed jobs and stopped at 10,000), and the /metrics gauges
 * that read them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/index.js';
import { createApiMetrics } from '../../src/server/metrics.js';
import { storeGauges } from '../../src/server/store-gauges.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import type { JobsTable } from '../../src/store/db-schema.js';
import { storeBackends } from '../fixtures/store/backends.js';
import { withRawDb } from '../fixtures/store/raw.js';

const backends = await storeBackends();
const ctx = { actor: 'counter' };
const hex = (c: string): string => c.repeat(64);
const BULK_QUEUED = 10_001;

describe.each(backends)('store counts on $name', (backend) => {
  let store: Store;

  beforeAll(async () => {
    const url = backend.freshUrl();
    store = await openStore({ url, clock: new ManualClock(Date.UTC(2026, 0, 1)) });
    // Experiments a, b live; c deleted.
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => store.experiments.create({ name }, ctx).then((e) => e.id)));
    const run = async (experimentId: string, status: 'running' | 'finished' | 'failed' | 'killed'): Promise<string> => {
      const created = await store.runs.create({ experimentId }, ctx);
      if (status !== 'running') await store.runs.end(created.id, status, ctx);
      return created.id;
    };
    // a: finished, failed, running, finished-then-deleted. b: killed, finished. c: finished (its experiment is deleted).
    for (const status of ['finished', 'failed', 'running'] as const) await run(a as string, status);
    await store.runs.delete(await run(a as string, 'finished'), ctx);
    for (const status of ['killed', 'finished'] as const) await run(b as string, status);
    await run(c as string, 'finished');
    await store.experiments.delete(c as string, ctx);
    // Datasets: iris v1, v2; wine v1.
    const version = (name: string, digit: string) =>
      store.datasets.addVersion(
        {
          name,
          contentHash: hex(digit),
          format: 'csv',
          source: `${name}.csv`,
          rowCount: 1,
          byteSize: 1,
          schema: {},
          profile: {},
          artifactDigest: null,
        },
        ctx,
      );
    await version('iris', '1');
    await version('iris', '2');
    await version('wine', '3');
    // Models: m1 with two versions, m2 without any.
    await store.models.createVersion({ modelName: 'm1', bundleDigest: hex('4'), signature: {} }, ctx);
    await store.models.createVersion({ modelName: 'm1', bundleDigest: hex('5'), signature: {} }, ctx);
    await store.models.create({ name: 'm2' }, ctx);
    // Jobs through the API: train 2 running + 1 succeeded; report 3 queued of which one cancelled, 1 failed.
    const job = (type: string) => store.jobs.create({ type, payload: null }, ctx);
    for (let i = 0; i < 2; i++) await store.jobs.update((await job('train')).id, { status: 'running', workerId: 'w', attempts: 1 });
    await store.jobs.update((await job('train')).id, { status: 'succeeded' });
    const reports = [await job('report'), await job('report'), await job('report')];
    await store.jobs.requestCancel((reports[0] as { id: string }).id, ctx);
    await store.jobs.update((await job('report')).id, { status: 'failed' });
    // And 10,001 queued train jobs in bulk (multi-row inserts in one transaction; no events needed here).
    const rows: JobsTable[] = Array.from({ length: BULK_QUEUED }, (_, i) => ({
      id: `bulk-${String(i).padStart(5, '0')}`,
      type: 'train',
      payload_json: 'null',
      status: 'queued',
      progress: 0,
      progress_message: null,
      result_json: null,
      error_json: null,
      attempts: 0,
      cancel_requested: 0,
      worker_id: null,
      created_at: i,
      started_at: null,
      finished_at: null,
      parent_id: null,
      job_group: null,
      submitted_by: null,
    }));
    await withRawDb(url, (db) =>
      db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 500)
          await trx
            .insertInto('jobs')
            .values(rows.slice(i, i + 500))
            .execute();
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('counts experiments, with and without the deleted one', async () => {
    expect(await store.experiments.count()).toBe(2);
    expect(await store.experiments.count({ includeDeleted: true })).toBe(3);
  });

  it('counts runs by status, leaving out deleted runs and runs of deleted experiments unless asked', async () => {
    expect(await store.runs.countByStatus()).toEqual({ running: 1, finished: 2, failed: 1, killed: 1 });
    expect(await store.runs.countByStatus({ includeDeleted: true })).toEqual({ running: 1, finished: 4, failed: 1, killed: 1 });
    const a = await store.experiments.get('a');
    expect(await store.runs.countByStatus({ experimentIds: [a.id] })).toEqual({ running: 1, finished: 1, failed: 1, killed: 0 });
  });

  it('counts datasets, models and their versions', async () => {
    expect(await store.datasets.counts()).toEqual({ datasets: 2, versions: 3 });
    expect(await store.models.counts()).toEqual({ models: 2, versions: 2 });
  });

  it('counts jobs by type and status past 10,000, filtered like list', async () => {
    expect(await store.jobs.counts()).toEqual([
      { type: 'report', status: 'cancelled', count: 1 },
      { type: 'report', status: 'failed', count: 1 },
      { type: 'report', status: 'queued', count: 2 },
      { type: 'train', status: 'queued', count: BULK_QUEUED },
      { type: 'train', status: 'running', count: 2 },
      { type: 'train', status: 'succeeded', count: 1 },
    ]);
    expect(await store.jobs.counts({ status: ['queued'] })).toEqual([
      { type: 'report', status: 'queued', count: 2 },
      { type: 'train', status: 'queued', count: BULK_QUEUED },
    ]);
    expect((await store.jobs.counts({ type: 'report', status: ['failed', 'cancelled'] })).map((g) => g.count)).toEqual([1, 1]);
  });

  it('exposes the counts as /metrics gauges, exact past 10,000 queued jobs', async () => {
    const { text } = await createApiMetrics({ gauges: storeGauges(store), defaultMetrics: false }).render();
    const gauges = text.split('\n').filter((line) => line.startsWith('mlpilot_') && !line.startsWith('mlpilot_http'));
    expect(gauges.sort()).toEqual(
      [
        'mlpilot_experiments 2',
        'mlpilot_runs{status="running"} 1',
        'mlpilot_runs{status="finished"} 2',
        'mlpilot_runs{status="failed"} 1',
        'mlpilot_runs{status="killed"} 1',
        'mlpilot_datasets 2',
        'mlpilot_dataset_versions 3',
        'mlpilot_models 2',
        'mlpilot_model_versions 2',
        'mlpilot_jobs{type="report",status="cancelled"} 1',
        'mlpilot_jobs{type="report",status="failed"} 1',
        'mlpilot_jobs{type="report",status="queued"} 2',
        `mlpilot_jobs{type="train",status="queued"} ${BULK_QUEUED}`,
        'mlpilot_jobs{type="train",status="running"} 2',
        'mlpilot_jobs{type="train",status="succeeded"} 1',
        `mlpilot_jobs_queued ${BULK_QUEUED + 2}`,
      ].sort(),
    );
  });
});
