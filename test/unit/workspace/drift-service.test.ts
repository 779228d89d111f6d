import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, silentLogger } from '../../../src/core/index.js';
import { defineDriftMethod } from '../../../src/monitor/index.js';
import { ksMethod } from '../../../src/monitor/drift/methods/index.js';
import { Workspace, type WorkspacePlugins } from '../../../src/workspace/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(plugins?: WorkspacePlugins): Promise<{ ws: Workspace; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mlp-drift-'));
  dirs.push(dir);
  const ws = await Workspace.open({
    cwd: dir,
    config: resolveConfig({}),
    clock: new ManualClock(Date.UTC(2026, 0, 2)),
    logger: silentLogger,
    actor: 'eve',
    ...(plugins === undefined ? {} : { plugins }),
  });
  return { ws, dir };
}

/** A plug-in distance: the absolute difference of the shares of level `a` (hand-checkable). */
const shareOfA = defineDriftMethod({
  id: 'share-of-a',
  title: 'share of a',
  description: 'absolute difference of the share of level a',
  kind: 'distance',
  defaultThreshold: 0.2,
  columnTypes: ['categorical'],
  symmetric: true,
  onSample: (r, c, ctx) => {
    const labels = ctx.support.kind === 'levels' ? ctx.support.labels : [];
    const share = (counts: Float64Array) => (counts[labels.indexOf('a')] ?? 0) / counts.reduce((s, v) => s + v, 0);
    return { score: Math.abs(share(r.counts) - share(c.counts)) };
  },
});

describe('DriftService', () => {
  it('compares a dataset version with a file (never registered) using a plug-in method, and renders the page', async () => {
    const { ws, dir } = await open({ driftMethods: [shareOfA] });
    try {
      writeFileSync(join(dir, 'ref.csv'), 'c\na\na\nb\nb\n');
      writeFileSync(join(dir, 'cur.csv'), 'c\na\nb\nb\nb\n');
      await ws.datasets.add({ file: join(dir, 'ref.csv'), name: 'base' }, ws.ctx);
      const run = await ws.drift.run({
        reference: { data: 'base@1' },
        current: { file: join(dir, 'cur.csv') },
        options: { method: 'share-of-a' },
      });
      expect(run.report.columns[0]).toMatchObject({ column: 'c', method: 'share-of-a', score: 0.25, drift: true, threshold: 0.2 });
      expect(run.report.reference.label).toBe('base@1');
      expect((await ws.store.datasets.list()).map((d) => d.name)).toEqual(['base']);
      expect(run.html()).toContain('generated 2026-01-02T00:00:00.000Z');
    } finally {
      await ws.close();
    }
  });

  it('refuses a plug-in method that reuses a built-in id', async () => {
    const { ws, dir } = await open({ driftMethods: [ksMethod] });
    try {
      writeFileSync(join(dir, 'x.csv'), 'c\na\nb\n');
      await expect(ws.drift.run({ reference: { file: join(dir, 'x.csv') }, current: { file: join(dir, 'x.csv') } })).rejects.toMatchObject({
        code: 'MLP_CORE_DUPLICATE_ID',
      });
    } finally {
      await ws.close();
    }
  });
});
