/**
 * The CLI side of ingestion: `mlpilot predict --log` logs its batch (ids from a column or made from the data's hash,
 * idempotent on a rerun), and `mlpilot monitor ingest|windows|models|prune` upload files, list windows, report
 * counters and apply retention.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readTable } from '../../src/data/index.js';
import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
const iris = join(EXAMPLES, 'iris.csv');
const DAY = 86_400_000;

interface Logged {
  logged: { model: string; received: number; accepted: number; duplicates: number; sampledOut: number; ids: string; firstId: string };
}

beforeAll(async () => {
  const trained = await cli('train', '--data', iris, '--target', 'species', '--learner', 'naive-bayes', '--model', 'nb');
  expect(trained.code, trained.stderr).toBe(0);
});
afterAll(() => project.cleanup());

describe('predict --log', () => {
  it('logs every scored row once, with generated ids that make a rerun log nothing new', async () => {
    const first = await cli('predict', '--model', 'nb', '--data', iris, '--out', 'p.csv', '--log', '--json');
    expect(first.code, first.stderr).toBe(0);
    const { logged } = first.json<Logged>();
    expect(logged).toMatchObject({ model: 'nb', received: 150, accepted: 150, duplicates: 0, sampledOut: 0, ids: 'generated' });
    expect(logged.firstId).toMatch(/^v1-[0-9a-f]{24}-0$/);
    const again = await cli('predict', '--model', 'nb', '--data', iris, '--out', 'p.csv', '--log', '--json');
    expect(again.json<Logged>().logged).toMatchObject({ accepted: 0, duplicates: 150 });
    const [window] = (await cli('monitor', 'windows', '--model', 'nb', '--kind', 'rows', '--size', '1000', '--json')).json<
      Array<{ count: number; labelled: number }>
    >();
    expect(window).toMatchObject({ count: 150, labelled: 0 });
    // Without --log nothing is logged.
    const plain = await cli('predict', '--model', 'nb', '--data', iris, '--out', 'p.csv', '--json');
    expect(plain.json<Record<string, unknown>>()['logged']).toBeUndefined();
  });

  it('takes prediction ids from --id-column, leaving that column out of the inputs, and joins labels to them', async () => {
    const table = (await readTable(iris)).frame.toRows();
    // iris.csv with a request id column in front (the species column stays: extra columns are ignored by the model).
    const raw = readFileSync(iris, 'utf8').trim().split('\n');
    const lines = raw.map((line, i) => `${i === 0 ? 'req' : `r${i - 1}`},${line}`);
    writeFileSync(join(project.dir, 'batch.csv'), `${lines.join('\n')}\n`);
    const r = await cli('predict', '--model', 'nb', '--data', 'batch.csv', '--out', 'b.csv', '--log', '--id-column', 'req', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<Logged>().logged).toMatchObject({ accepted: 150, ids: 'column', firstId: 'r0' });
    const labels = table.map((row, i) => JSON.stringify({ id: `r${i}`, label: row['species'] }));
    writeFileSync(join(project.dir, 'labels.jsonl'), `${labels.join('\n')}\n`);
    const ingested = await cli('monitor', 'ingest', '--model', 'nb', '--labels', 'labels.jsonl', '--json');
    expect(ingested.json()).toEqual({ model: 'nb', labels: { received: 150, accepted: 150, sampledOut: 0 } });
    const models = (await cli('monitor', 'models', '--model', 'nb', '--json')).json<Array<Record<string, unknown>>>();
    expect(models[0]).toMatchObject({ model: 'nb', predictions: 300, labels: 150, orphanLabels: 0 });
    const missing = await cli('predict', '--model', 'nb', '--data', iris, '--out', 'x.csv', '--log', '--id-column', 'nope');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope');
    const usage = await cli('predict', '--model', 'nb', '--data', iris, '--out', 'x.csv', '--id-column', 'req');
    expect(usage.code).toBe(2);
  });
});

describe('monitor ingest, windows, prune', () => {
  const now = Date.now();
  const day0 = Math.floor(now / DAY) * DAY - 40 * DAY;

  it('uploads a predictions file, is idempotent on a rerun, and names the file line of a bad row', async () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ id: `q${i}`, timestamp: day0 + (i % 3) * DAY + i, inputs: { x: i }, outputs: i / 30 }),
    );
    writeFileSync(join(project.dir, 'preds.jsonl'), `${rows.join('\n')}\n`);
    const first = await cli('monitor', 'ingest', '--model', 'ext', '--predictions', 'preds.jsonl', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toEqual({ model: 'ext', predictions: { received: 30, accepted: 30, duplicates: 0, sampledOut: 0 } });
    const again = await cli('monitor', 'ingest', '--model', 'ext', '--predictions', 'preds.jsonl');
    expect(again.stdout).toContain('30 predictions read, 0 stored, 30 already stored');
    writeFileSync(
      join(project.dir, 'bad.jsonl'),
      `${rows[0]}\n\n${JSON.stringify({ id: 'z', timestamp: '2026-01-01', inputs: {}, outputs: 1 })}\n`,
    );
    const bad = await cli('monitor', 'ingest', '--model', 'ext', '--predictions', 'bad.jsonl');
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('bad.jsonl:3: field "timestamp" of this prediction is invalid');
    expect((await cli('monitor', 'ingest', '--model', 'ext')).code).toBe(2);
  });

  it('lists daily windows with the empty days, and prunes what is older than the retention', async () => {
    const windows = (await cli('monitor', 'windows', '--model', 'ext', '--kind', 'daily', '--json')).json<
      Array<{ start: number; count: number }>
    >();
    expect(windows.slice(0, 4).map((w) => [w.start, w.count])).toEqual([
      [day0, 10],
      [day0 + DAY, 10],
      [day0 + 2 * DAY, 10],
      [day0 + 3 * DAY, 0],
    ]);
    expect(windows.length).toBe(41);
    const human = await cli('monitor', 'windows', '--model', 'ext', '--kind', 'daily', '--to', new Date(day0 + 2 * DAY).toISOString());
    expect(human.stdout.split('\n').filter((l) => /^\s*\d+\s/.test(l))).toHaveLength(2);
    const pruned = await cli('monitor', 'prune', '--json');
    expect(pruned.json()).toMatchObject({ predictions: 30, labels: 0, retentionDays: 30 });
    expect((await cli('monitor', 'windows', '--model', 'ext', '--json')).json()).toEqual([]);
  });
});
