import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, silentLogger } from '../../../src/core/index.js';
import { runQuickstart, Workspace } from '../../../src/workspace/index.js';

const examples = join(import.meta.dirname, '../../../examples');

function countBlobs(root: string): number {
  const blobs = join(root, 'blobs');
  if (!existsSync(blobs)) return 0;
  return readdirSync(blobs).reduce((n, prefix) => n + readdirSync(join(blobs, prefix)).length, 0);
}

describe('Workspace', () => {
  let dir: string;
  let ws: Workspace;
  let clock: ManualClock;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-ws-'));
    // Blob ages come from file mtimes, so the test clock starts at the real time.
    clock = new ManualClock(Date.now());
    ws = await Workspace.open({ cwd: dir, config: resolveConfig({}), clock, logger: silentLogger, actor: 'alice' });
  });
  afterEach(async () => {
    await ws.close();
  });

  it('registers a dataset once per content and records who did it', async () => {
    const first = await ws.datasets.add({ file: join(examples, 'iris.csv'), name: 'iris' }, ws.ctx);
    expect(first.created).toBe(true);
    expect(first.version).toMatchObject({ datasetName: 'iris', version: 1, rowCount: 150, format: 'csv' });
    expect(first.version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await ws.datasets.add({ file: join(examples, 'iris.csv'), name: 'iris' }, ws.ctx);
    expect(again).toMatchObject({ created: false, version: { id: first.version.id } });
    const events = await ws.store.events.list({ types: ['dataset.version_added'] });
    expect(events).toHaveLength(1);
    expect(events[0]?.actor).toBe('alice');
  });

  it('stores nothing when a file fails to parse', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a,b\n1,2\n3\n');
    await expect(ws.datasets.add({ file: bad, name: 'bad' }, ws.ctx)).rejects.toMatchObject({ code: 'MLP_DATA_PARSE' });
    await expect(ws.datasets.add({ file: join(examples, 'iris.csv'), name: '../../etc/passwd' }, ws.ctx)).rejects.toMatchObject({
      code: 'MLP_CORE_INVALID_NAME',
    });
    expect(await ws.datasets.list()).toEqual([]);
    expect(countBlobs(ws.artifacts.location)).toBe(0);
  });

  it('diffs two versions of a dataset', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, 'x,y\n1,a\n2,b\n');
    writeFileSync(b, 'x,z\n1,1\n5,2\n7,3\n');
    await ws.datasets.add({ file: a, name: 'd' }, ws.ctx);
    await ws.datasets.add({ file: b, name: 'd' }, ws.ctx);
    const diff = await ws.datasets.diff('d@1', 'd@2');
    expect(JSON.stringify(diff)).toMatch(/"y"/);
    expect(JSON.stringify(diff)).toMatch(/"z"/);
  });

  it('tracks a run with its inputs and the git commit of the working tree', async () => {
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['-C', dir, '-c', 'user.email=t@e', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init']);
    const commit = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    await ws.datasets.add({ file: join(examples, 'iris.csv'), name: 'iris' }, ws.ctx);
    const tracker = ws.tracker();
    const runId = await tracker.withRun(
      { experiment: 'e1', params: { lr: 0.1 }, inputs: [{ dataset: 'iris@1', role: 'train' }] },
      async (run) => {
        await run.logMetric('loss', 0.5, 1);
        await run.logMetric('loss', 0.25, 2);
        await run.logArtifact('notes.txt', 'hello');
        return run.id;
      },
    );
    const run = await tracker.getRun(runId);
    expect(run).toMatchObject({ status: 'finished', params: { lr: '0.1' }, metrics: { loss: 0.25 }, gitCommit: commit, gitDirty: false });
    expect(run.inputs).toEqual([expect.objectContaining({ datasetName: 'iris', version: 1, role: 'train' })]);
    expect((await ws.store.runs.metricHistory(runId, 'loss')).map((p) => p.value)).toEqual([0.5, 0.25]);
  });

  it('marks a run failed when its body throws', async () => {
    let id = '';
    await expect(
      ws.tracker().withRun({}, async (run) => {
        id = run.id;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await ws.store.runs.get(id)).status).toBe('failed');
  });

  it('registers a run folder as a model version and keeps its blobs through GC', async () => {
    const run = await ws.tracker().startRun({ experiment: 'e' });
    await run.logArtifact('model/manifest.json', '{"flavor":"native"}');
    await run.logArtifact('model/arrays.bin', new Uint8Array([1, 2, 3]));
    await run.logMetric('rmse', 3.5);
    await run.logMetric('diverged', Number.NaN);
    await run.logMetric('ratio', Number.POSITIVE_INFINITY);
    await run.end();
    const version = await ws.models.registerFromRun({ name: 'm', runId: run.id, artifactPath: 'model' }, ws.ctx);
    expect(version).toMatchObject({ modelName: 'm', version: 1, runId: run.id });
    expect(version.metrics).toEqual({ rmse: 3.5 });
    expect(await ws.artifacts.readTree(version.bundleDigest)).toHaveLength(2);
    await expect(ws.models.registerFromRun({ name: 'm', runId: run.id, artifactPath: 'nope' }, ws.ctx)).rejects.toMatchObject({
      code: 'MLP_STORE_NOT_FOUND',
    });

    await ws.artifacts.put('orphan');
    clock.advance(2 * 60 * 60 * 1000);
    const report = await ws.collectGarbage({ dryRun: false });
    expect(report.deleted).toHaveLength(1);
    expect(await ws.artifacts.get(version.bundleDigest)).toBeInstanceOf(Buffer);
    expect(await ws.store.events.list({ types: ['artifacts.collected'] })).toHaveLength(1);
  });

  it('a run artifact whose bytes look like a tree manifest is a plain file: GC and predict treat it as one', async () => {
    const orphan = await ws.artifacts.put('orphan');
    const run = await ws.tracker().startRun({ experiment: 'e' });
    // exactly what the store writes for a tree listing the orphan, and a broken one
    await run.logArtifact('lookalike.json', `{"mlpilot":"tree/v1","entries":[{"path":"f","digest":"${orphan.digest}","size":6}]}`);
    const broken = await run.logArtifact('broken.json', '{"mlpilot":"tree/v1" is how this file starts');
    await run.end();
    clock.advance(2 * 60 * 60 * 1000);
    const report = await ws.collectGarbage({ dryRun: false });
    expect(report.deleted.map((d) => d.digest)).toEqual([orphan.digest]);
    expect(await ws.artifacts.get(broken.digest)).toBeInstanceOf(Buffer);

    await ws.models.registerFromRun({ name: 'm', runId: run.id, artifactPath: 'broken.json' }, ws.ctx);
    const data = join(dir, 'x.csv');
    writeFileSync(data, 'x\n1\n');
    await expect(ws.predictions.predictFile({ model: 'm@1', data, out: join(dir, 'p.csv') })).rejects.toMatchObject({
      code: 'MLP_ML_BUNDLE_INVALID',
      details: { problem: 'the registered artifact is a single file, not a bundle folder' },
    });
  });

  it('runs the quick start twice, reusing the dataset version', async () => {
    const first = await runQuickstart(ws, { examplesDir: examples });
    const second = await runQuickstart(ws, { examplesDir: examples });
    expect(first.datasetCreated).toBe(true);
    expect(second.datasetCreated).toBe(false);
    expect(second.dataset.id).toBe(first.dataset.id);
    expect(second.runId).not.toBe(first.runId);
    expect(first.model).toMatchObject({ modelName: 'iris-classifier', version: 1, aliases: ['champion'] });
    expect(second.model).toMatchObject({ version: 2, aliases: ['champion'] });
    expect(first.training.metrics.accuracy).toBeGreaterThan(0.85);
    const moves = await ws.store.events.list({ types: ['model.alias_set'] });
    expect(moves.map((e) => e.payload)).toEqual([
      expect.objectContaining({ alias: 'champion', to: 1 }),
      expect.objectContaining({ alias: 'champion', from: 1, to: 2 }),
    ]);
    // The AutoML step's parent runs read the dataset too; its trial runs do not (they are children of those).
    const lineage = await ws.store.lineage.forDatasetVersion('iris', 1);
    expect(lineage.runs.map((r) => r.runId).sort()).toEqual(
      [first.runId, second.runId, first.training.runId, second.training.runId, first.automl.runId, second.automl.runId].sort(),
    );
    expect(lineage.modelVersions.map((m) => `${m.modelName}@${m.version}`).sort()).toEqual([
      'iris-automl@1',
      'iris-automl@2',
      'iris-classifier@1',
      'iris-classifier@2',
    ]);
  });
});
