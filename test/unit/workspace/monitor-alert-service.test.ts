/** MonitorAlertService on a SQLite workspace with frames as the prediction log: learned thresholds, row windows, no-data, re-evaluation. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, silentLogger } from '../../../src/core/index.js';
import { Workspace } from '../../../src/workspace/index.js';
import type { MonitoringPlugins } from '../../../src/workspace/index.js';
import { FrameDataSource } from '../../fixtures/monitor/frame-data-source.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 3, 1);

describe('MonitorAlertService', () => {
  let dir: string;
  let clock: ManualClock;
  let data: FrameDataSource;
  const open = async (monitors: unknown[], plugins: Partial<MonitoringPlugins> = {}) =>
    Workspace.open({
      cwd: dir,
      config: resolveConfig({ file: { source: 'test', values: { monitors } } }),
      clock,
      logger: silentLogger,
      actor: 'tester',
      plugins: { monitoring: { data, ...plugins } },
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-monsvc-'));
    clock = new ManualClock(T0);
    data = new FrameDataSource('churn', undefined);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('learns its threshold from the first baselineWindows windows (mean ± kσ), then alerts outside the band', async () => {
    // Hourly mean latency 100, 102, 98, 100, 101, 99 (baseline: mean 100, sample σ = √2), then 103 (inside 100 ± 3√2) and 105 (outside).
    const means = [100, 102, 98, 100, 101, 99, 103, 105];
    means.forEach((m, h) => data.log({ timestamp: T0 + h * H + 60_000, columns: { latency_ms: Float64Array.from([m - 1, m, m + 1]) } }));
    const ws = await open([
      {
        name: 'lat',
        model: 'churn',
        signal: { kind: 'latency', statistic: 'mean' },
        window: { every: 'hour' },
        threshold: { learned: { k: 3, baselineWindows: 6, direction: 'above' } },
      },
    ]);
    try {
      const [round] = await ws.monitors.evaluate({ at: T0 + 8 * H }, ws.ctx);
      const evaluated = round?.evaluated.map((e) => [e.evaluation.status, e.evaluation.value]) ?? [];
      expect(evaluated).toEqual([...means.slice(0, 6).map((m) => ['baseline', m]), ['healthy', 103], ['alert', 105]]);
      const last = round?.evaluated[7]?.evaluation;
      expect(last?.threshold.lower).toBeNull();
      expect(last?.threshold.upper).toBeCloseTo(100 + 3 * Math.sqrt(2), 12);
      expect(round?.evaluated[7]?.transition).toBe('opened');
      // A later round re-reads the baseline from the store and keeps judging with it.
      data.log({ timestamp: T0 + 8 * H + 1, columns: { latency_ms: Float64Array.from([110, 110]) } });
      const [again] = await ws.monitors.evaluate({ at: T0 + 9 * H }, ws.ctx);
      expect(again?.evaluated.map((e) => [e.evaluation.status, e.transition])).toEqual([['alert', 'updated']]);
      expect(again?.evaluated[0]?.evaluation.threshold.upper).toBeCloseTo(100 + 3 * Math.sqrt(2), 12);
    } finally {
      await ws.close();
    }
  });

  it('evaluates row windows as rows arrive, and each window once however often a round runs', async () => {
    const ws = await open([
      { name: 'err', model: 'churn', signal: { kind: 'error-rate' }, window: { rows: 4 }, threshold: { above: 0.5 }, resolveAfter: 1 },
    ]);
    try {
      data.log({ timestamp: T0, columns: { error: Float64Array.from([0, 0, 1, 0, 1, 1, 1]) } });
      const [first] = await ws.monitors.evaluate({}, ws.ctx);
      expect(first?.evaluated.map((e) => [e.evaluation.window.key, e.evaluation.value, e.evaluation.status])).toEqual([
        ['rows:0-4', 0.25, 'healthy'],
      ]);
      data.log({ timestamp: T0 + 1, columns: { error: Float64Array.from([0, 0, 0, 0, 0]) } });
      const rounds = await Promise.all([ws.monitors.evaluate({}, ws.ctx), ws.monitors.evaluate({}, ws.ctx)]);
      const created = rounds.flatMap((r) => r[0]?.evaluated.filter((e) => e.created) ?? []);
      expect(created.map((e) => [e.evaluation.window.key, e.evaluation.value]).sort()).toEqual([
        ['rows:4-8', 0.75],
        ['rows:8-12', 0],
      ]);
      const incidents = await ws.monitors.incidents({ monitor: 'err' });
      expect(incidents.map((i) => [i.status, i.alertCount, i.firstWindow])).toEqual([['resolved', 1, 'rows:4-8']]);
      expect((await ws.monitors.status('err'))[0]).toMatchObject({ state: 'healthy', openIncident: null });
    } finally {
      await ws.close();
    }
  });

  it('records empty windows as no-data, which neither alerts nor resolves', async () => {
    data.log({ timestamp: T0 + 10, columns: { error: Float64Array.from([1, 1]) } });
    data.log({ timestamp: T0 + 3 * H + 10, columns: { error: Float64Array.from([0, 0]) } });
    const ws = await open([
      {
        name: 'err',
        model: 'churn',
        signal: { kind: 'error-rate' },
        window: { every: 'hour' },
        threshold: { above: 0.5 },
        resolveAfter: 1,
      },
    ]);
    try {
      const [round] = await ws.monitors.evaluate({ at: T0 + 4 * H }, ws.ctx);
      expect(round?.evaluated.map((e) => [e.evaluation.status, e.transition])).toEqual([
        ['alert', 'opened'],
        ['no-data', 'none'],
        ['no-data', 'none'],
        ['healthy', 'resolved'],
      ]);
      expect(round?.evaluated[1]?.evaluation).toMatchObject({ value: null, rows: 0 });
    } finally {
      await ws.close();
    }
  });

  it('stops a monitor whose signal cannot be computed and reports why, without stopping the others', async () => {
    data.log({ timestamp: T0, columns: { error: Float64Array.from([0]) } });
    const ws = await open([
      { name: 'bad', model: 'churn', signal: { kind: 'latency' }, window: { every: 'hour' }, threshold: { above: 1 } },
      { name: 'good', model: 'churn', signal: { kind: 'error-rate' }, window: { every: 'hour' }, threshold: { above: 1 } },
    ]);
    try {
      const rounds = await ws.monitors.evaluate({ at: T0 + H }, ws.ctx);
      expect(rounds.map((r) => [r.monitor, r.error?.code ?? null, r.evaluated.length])).toEqual([
        ['bad', 'MLP_MONITOR_SIGNAL', 0],
        ['good', null, 1],
      ]);
      await expect(ws.monitors.evaluate({ monitor: 'nope' }, ws.ctx)).rejects.toMatchObject({ code: 'MLP_MONITOR_NOT_FOUND' });
      await expect(
        ws.monitors.declare(
          { name: 'good', model: 'm', signal: { kind: 'error-rate' }, window: { rows: 5 }, threshold: { above: 1 } },
          ws.ctx,
        ),
      ).rejects.toMatchObject({
        code: 'MLP_MONITOR_EXISTS',
      });
    } finally {
      await ws.close();
    }
  });

  it('reads the prediction log by default: a monitor of a model with nothing logged evaluates no window', async () => {
    const monitors = [
      { name: 'err', model: 'quiet', signal: { kind: 'error-rate' }, window: { every: 'hour' }, threshold: { above: 0.5 } },
    ];
    const ws = await Workspace.open({
      cwd: dir,
      config: resolveConfig({ file: { source: 'test', values: { monitors } } }),
      clock,
      logger: silentLogger,
      actor: 'tester',
    });
    try {
      expect(await ws.monitors.evaluate({ at: T0 + 5 * H }, ws.ctx)).toEqual([{ monitor: 'err', evaluated: [], actions: [], more: false }]);
      expect((await ws.monitors.status('err'))[0]?.state).toBe('never-evaluated');
    } finally {
      await ws.close();
    }
  });
});
