/**
 * Windows from prediction timestamps (UTC) with the ManualClock as now: hand-counted hourly, daily and row windows,
 * empty windows in gaps, partial windows, and a window read back as a frame with labels joined.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isMlpError, ManualClock } from '../../../../src/core/index.js';
import { createIngestor, monitorStore } from '../../../../src/monitor/index.js';
import type { Ingestor } from '../../../../src/monitor/index.js';
import { openStore, type Store } from '../../../../src/store/index.js';
import { storeBackends } from '../../../fixtures/store/backends.js';

const backends = await storeBackends();
const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 2, 1); // a Sunday, 00:00 UTC

describe.each(backends)('windows on $name', (backend) => {
  let store: Store;
  let ingestor: Ingestor;
  const clock = new ManualClock(T0 + 3 * D + 12 * H); // day 3, noon
  beforeAll(async () => {
    store = await openStore({ url: backend.freshUrl(), clock, extensions: [monitorStore] });
    ingestor = createIngestor({
      repo: store.extension(monitorStore),
      clock,
      settings: { sampleRate: 1, retentionDays: 30, queueLimit: 1000, batchSize: 50 },
    });
    // Day 0: 3 rows at 01:10, 01:50, 05:00; day 1: none; day 2: 2 rows at 23:59:59.999 and 12:00 (sent out of order);
    // day 3: 1 row at 11:00 (before now). Times with offsets name the same instants.
    await ingestor.ingest('m', [
      { id: 'a', timestamp: '2026-03-01T01:10:00Z', inputs: { x: 1, c: 'u' }, outputs: 0.1 },
      { id: 'b', timestamp: '2026-03-01T02:50:00+01:00', inputs: { x: 2, c: 'v' }, outputs: 0.2 },
      { id: 'c', timestamp: T0 + 5 * H, inputs: { x: 3, c: 'u' }, outputs: 0.3 },
      { id: 'e', timestamp: T0 + 3 * D - 1, inputs: { x: 5, c: 'v' }, outputs: 0.5 },
      { id: 'd', timestamp: T0 + 2 * D + 12 * H, inputs: { x: 4, c: 'u' }, outputs: 0.4 },
      { id: 'f', timestamp: T0 + 3 * D + 11 * H, inputs: { x: 6, c: 'v' }, outputs: 0.6 },
    ]);
    await ingestor.ingestLabels('m', [
      { id: 'b', label: 1 },
      { id: 'd', label: 0 },
    ]);
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  it('lists daily windows from the first prediction to now, the empty day included, the current day incomplete', async () => {
    const windows = await ingestor.windows('m', { kind: 'daily' });
    expect(windows.map((w) => [w.start, w.end, w.count, w.labelled, w.complete])).toEqual([
      [T0, T0 + D, 3, 1, true],
      [T0 + D, T0 + 2 * D, 0, 0, true],
      [T0 + 2 * D, T0 + 3 * D, 2, 1, true],
      [T0 + 3 * D, T0 + 4 * D, 1, 0, false],
    ]);
    expect(windows[0]?.index).toBe(T0 / D);
  });

  it('lists hourly and 2-day windows within from/to, aligned to the epoch', async () => {
    const hourly = await ingestor.windows('m', { kind: 'hourly', from: T0, to: T0 + 6 * H });
    expect(hourly.map((w) => w.count)).toEqual([0, 2, 0, 0, 0, 1]);
    const twoDays = await ingestor.windows('m', { kind: 'daily', size: 2 });
    // 2026-03-01 is day 20513 since the epoch (odd), so its 2-day window starts on 02-28.
    expect(T0 / D).toBe(20513);
    expect(twoDays.map((w) => [w.start, w.count])).toEqual([
      [T0 - D, 3],
      [T0 + D, 2],
      [T0 + 3 * D, 1],
    ]);
  });

  it('lists row windows of consecutive predictions in time order, the last one partial', async () => {
    const windows = await ingestor.windows('m', { kind: 'rows', size: 4 });
    expect(windows.map((w) => [w.index, w.start, w.end, w.count, w.labelled, w.complete])).toEqual([
      [0, T0 + H + 10 * 60_000, T0 + 2 * D + 12 * H + 1, 4, 2, true],
      [1, T0 + 3 * D - 1, T0 + 3 * D + 11 * H + 1, 2, 0, false],
    ]);
    const frame = await ingestor.readWindow('m', windows[1]!);
    expect(frame.toRows()).toEqual([
      { x: 5, c: 'v', prediction: 0.5 },
      { x: 6, c: 'v', prediction: 0.6 },
    ]);
  });

  it('reads a window as a frame of inputs, outputs and joined labels (missing where none came)', async () => {
    const [day0] = await ingestor.windows('m', { kind: 'daily' });
    const data = await ingestor.readWindowData('m', day0!);
    expect(data.frame.toRows()).toEqual([
      { x: 1, c: 'u', prediction: 0.1, label: null },
      { x: 2, c: 'v', prediction: 0.2, label: 1 },
      { x: 3, c: 'u', prediction: 0.3, label: null },
    ]);
    expect(data.inputColumns).toEqual(['x', 'c']);
    expect(data.outputColumns).toEqual(['prediction']);
    expect(data.labelColumn).toBe('label');
    expect(data.predictionIds).toEqual(['a', 'b', 'c']);
    expect([...data.timestamps]).toEqual([T0 + H + 10 * 60_000, T0 + H + 50 * 60_000, T0 + 5 * H]);
    expect(data.frame.column('x').type).toBe('numeric');
  });

  it('reads an empty window as an empty frame, and a model without predictions has no windows', async () => {
    const windows = await ingestor.windows('m', { kind: 'daily' });
    const empty = await ingestor.readWindow('m', windows[1]!);
    expect([empty.rowCount, empty.columnNames.length]).toEqual([0, 0]);
    expect(await ingestor.windows('nobody', { kind: 'hourly' })).toEqual([]);
  });

  it('renames outputs that clash with inputs, and spreads array outputs', async () => {
    await ingestor.ingest('clash', [
      { id: '1', timestamp: T0, inputs: { score: 1, label: 'in' }, outputs: { score: 0.9 } },
      { id: '2', timestamp: T0 + 1, inputs: { score: 2, label: 'in' }, outputs: { score: 0.8 } },
    ]);
    await ingestor.ingestLabels('clash', [{ id: '1', label: 'yes' }]);
    const [w] = await ingestor.windows('clash', { kind: 'daily' });
    const data = await ingestor.readWindowData('clash', w!);
    expect(data.frame.toRows()).toEqual([
      { score: 1, label: 'in', 'output.score': 0.9, _label: 'yes' },
      { score: 2, label: 'in', 'output.score': 0.8, _label: null },
    ]);
    await ingestor.ingest('arr', [{ id: '1', timestamp: T0, inputs: { a: 1 }, outputs: [0.25, 0.75] }]);
    const [aw] = await ingestor.windows('arr', { kind: 'daily' });
    expect((await ingestor.readWindow('arr', aw!)).toRows()).toEqual([{ a: 1, prediction_0: 0.25, prediction_1: 0.75 }]);
  });

  it.each([
    [{ kind: 'weekly' }, 'kind'],
    [{ kind: 'rows', size: 0 }, 'size'],
    [{ kind: 'hourly', size: 1.5 }, 'size'],
    [{ kind: 'daily', from: 10, to: 5 }, 'to'],
    [{ kind: 'hourly', from: 0, to: 20_000 * H }, 'from'],
  ])('refuses the window request %j naming %s', async (spec, field) => {
    const error = await ingestor.windows('m', spec as never).catch((e: unknown) => e);
    expect(isMlpError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'MLP_MONITOR_INVALID_WINDOW', details: { field } });
  });
});
