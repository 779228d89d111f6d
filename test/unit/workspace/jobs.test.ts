import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, silentLogger } from '../../../src/core/index.js';
import { Workspace } from '../../../src/workspace/index.js';
import { sampleNotes } from '../../fixtures/store/sample-extension.js';

const examples = join(import.meta.dirname, '../../../examples');
const plugin = new URL('../../fixtures/workspace/mean-learner-plugin.ts', import.meta.url).href;

describe('workspace jobs: training and prediction as jobs on pool threads, plug-ins composed at the workspace', () => {
  let dir: string;
  let ws: Workspace;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-ws-jobs-'));
    ws = await Workspace.open({
      cwd: dir,
      config: resolveConfig({ flags: { jobs: { concurrency: 1 } } }),
      clock: new ManualClock(Date.UTC(2026, 5, 1)),
      logger: silentLogger,
      actor: 'owner',
      plugins: { handlerModules: [plugin] },
    });
  });
  afterEach(async () => {
    await ws.close();
  });

  it('trains as a job in a pool thread, writing as the submitter, with the same result as training in process', async () => {
    const { version } = await ws.datasets.add({ file: join(examples, 'iris.csv'), name: 'iris' }, ws.ctx);
    const queue = await ws.jobs();
    const job = await queue.submit(
      'train',
      { data: `iris@${version.version}`, target: 'species', learner: 'linear', model: 'iris-job', seed: 4 },
      undefined,
      { actor: 'carol' },
    );
    const done = await queue.wait(job.id, { timeoutMs: 60_000 });
    expect(done).toMatchObject({ status: 'succeeded', submittedBy: 'carol', progress: 1 });
    const result = done.result as { runId: string; model: { name: string; version: number }; metrics: Record<string, number> };
    expect(result.model).toEqual({ name: 'iris-job', version: 1 });

    const run = await ws.store.runs.get(result.runId);
    expect(run.status).toBe('finished');
    const created = await ws.store.events.list({ types: ['model.version_created'], limit: 10 });
    expect(created.map((e) => e.actor)).toEqual(['carol']);

    const inProcess = await ws.training.train(
      { data: `iris@${version.version}`, target: 'species', learner: 'linear', model: 'iris-here', seed: 4 },
      ws.ctx,
    );
    expect(result.metrics).toEqual(inProcess.metrics);
  });

  it('refuses a train payload whose data is not a dataset reference, before queueing it', async () => {
    const queue = await ws.jobs();
    await expect(queue.submit('train', { data: '/etc/passwd', target: 'x' }, undefined, ws.ctx)).rejects.toMatchObject({
      code: 'MLP_CORE_VALIDATION',
      message: expect.stringMatching(/payload\.data/),
    });
    expect(await ws.store.jobs.list()).toEqual([]);
  });

  it('cancels a running training: the job ends cancelled and no model version is registered', async () => {
    const { version } = await ws.datasets.add({ file: join(examples, 'penguins.csv'), name: 'penguins' }, ws.ctx);
    const queue = await ws.jobs();
    const job = await queue.submit(
      'train',
      { data: `penguins@${version.version}`, target: 'Species', learner: 'rf', params: { nEstimators: 100_000 } },
      undefined,
      ws.ctx,
    );
    for (let i = 0; i < 400 && (await queue.get(job.id)).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    await queue.cancel(job.id, ws.ctx);
    const done = await queue.wait(job.id, { timeoutMs: 30_000 });
    expect(done.status).toBe('cancelled');
    expect(await ws.store.models.list()).toEqual([]);
  });

  it('scores a dataset version as a predict job and records the predictions as a run artifact', async () => {
    const iris = join(examples, 'iris.csv');
    const { version } = await ws.datasets.add({ file: iris, name: 'iris' }, ws.ctx);
    await ws.training.train({ data: 'iris@1', target: 'species', learner: 'naive-bayes', model: 'nb' }, ws.ctx);
    const queue = await ws.jobs();
    const job = await queue.submit('predict', { model: 'nb@1', data: `iris@${version.version}` }, undefined, ws.ctx);
    const done = await queue.wait(job.id, { timeoutMs: 60_000 });
    expect(done.status).toBe('succeeded');
    const result = done.result as { runId: string; rows: number; artifact: { digest: string } };
    expect(result.rows).toBe(150);
    const out = join(dir, 'expected.csv');
    await ws.predictions.predictFile({ model: 'nb@1', data: iris, out });
    expect((await ws.artifacts.get(result.artifact.digest)).toString('utf8')).toBe(readFileSync(out, 'utf8'));
    const lineage = await ws.store.lineage.forDatasetVersion('iris', 1);
    expect(lineage.runs.map((r) => r.runId)).toContain(result.runId);
  });

  it('trains with a plug-in learner in this process and in a job thread, and runs a plug-in job handler', async () => {
    expect((await ws.learners()).ids()).toContain('mean-regressor');
    await ws.datasets.add({ file: join(examples, 'iris.csv'), name: 'iris' }, ws.ctx);
    const here = await ws.training.train({ data: 'iris@1', target: 'petal width (cm)', learner: 'mean-regressor', model: 'mean' }, ws.ctx);
    const queue = await ws.jobs();
    const job = await queue.wait(
      (
        await queue.submit(
          'train',
          { data: 'iris@1', target: 'petal width (cm)', learner: 'mean-regressor', model: 'mean' },
          undefined,
          ws.ctx,
        )
      ).id,
    );
    expect(job.status).toBe('succeeded');
    expect((job.result as { metrics: Record<string, number> }).metrics).toEqual(here.metrics);
    const counted = await queue.wait((await queue.submit('count-models', {}, undefined, { actor: 'dave' })).id);
    expect(counted.result).toEqual({ models: 1, actor: 'dave' });
  });

  it("gives a plug-in's job handler its store extension in the thread: state and event written together, by the submitter", async () => {
    const queue = await ws.jobs();
    const job = await queue.wait(
      (await queue.submit('write-note', { subject: 'model:m', body: 'looks good' }, undefined, { actor: 'erin' })).id,
    );
    expect(job).toMatchObject({ status: 'succeeded', result: { eventType: 'note.created' } });
    const notes = await ws.store.extension(sampleNotes).list();
    expect(notes.map((n) => n.body)).toEqual(['looks good']);
    const events = await ws.store.events.list({ types: ['note.created'] });
    expect(events.map((e) => e.actor)).toEqual(['erin']);
  });

  it('refuses a plug-in module that exports no plug-in', async () => {
    await expect(
      Workspace.open({
        cwd: dir,
        config: resolveConfig({}),
        clock: new ManualClock(0),
        logger: silentLogger,
        actor: 'x',
        plugins: { handlerModules: ['data:text/javascript,export const nothing = 1;'] },
      }),
    ).rejects.toMatchObject({ code: 'MLP_CONFIG_INVALID', message: expect.stringMatching(/jobHandlers, learners, storeExtensions/) });
  });
});
