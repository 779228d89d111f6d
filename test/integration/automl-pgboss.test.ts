/**
 * One AutoML search fanned out over two `mlpilot worker` processes on the pg-boss backend: the CLI submits
 * `automl-trial` jobs, both workers run some, and the search records them as usual. PostgreSQL as in the other
 * pg-boss tests (MLPILOT_TEST_PG_URL; skipped with a warning when unreachable outside CI).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { pgBossSchemaFor } from '../../src/jobs/index.js';
import { BIN, ensureBuilt } from '../fixtures/cli/build.js';
import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { dropSchemas, pgUrlWithSchema, requirePostgres, until } from '../fixtures/postgres.js';

const available = await requirePostgres('test/integration/automl-pgboss.test.ts');

const schema = `automl_it_${randomBytes(5).toString('hex')}`;
const url = pgUrlWithSchema(schema);
const env = { MLPILOT_DATABASE_URL: url, MLPILOT_JOBS_BACKEND: 'pg-boss' };
const project = tempProject();
const workers: ChildProcess[] = [];

beforeAll(async () => {
  if (!available) return;
  await ensureBuilt();
  writeFileSync(join(project.dir, 'iris.csv'), readFileSync(join(import.meta.dirname, '../../examples/iris.csv')));
}, 240_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  project.cleanup();
  if (available) await dropSchemas([schema, pgBossSchemaFor(url)]);
});

function startWorker(): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'worker', '--concurrency', '1'], {
    cwd: project.dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  workers.push(child);
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

describe.skipIf(!available)('automl on pg-boss with two worker processes', () => {
  it('runs the trials of one search on both workers', async () => {
    // The store and queue exist before the workers start (the CLI creates them on first use).
    expect((await runCli(['data', 'add', 'iris.csv', '--name', 'iris'], { cwd: project.dir, env })).code).toBe(0);
    const [a, b] = [startWorker(), startWorker()];
    const search = await runCli(['automl', '--train', 'iris@1', '--target', 'species', '--workers', '2', '--max-trials', '12', '--json'], {
      cwd: project.dir,
      env,
    });
    expect(search.code).toBe(0);
    const summary = search.json<{ run_id: string; trials: { count: number; failed: number } }>();
    expect(summary.trials).toEqual({ count: 12, failed: 0 });

    const listed = await runCli(['jobs', 'list', '--group', `automl:${summary.run_id}`, '--limit', '100', '--json'], {
      cwd: project.dir,
      env,
    });
    const jobs = listed.json<Array<{ type: string; status: string; workerId: string }>>();
    expect(jobs).toHaveLength(12);
    expect(jobs.every((j) => j.type === 'automl-trial' && j.status === 'succeeded')).toBe(true);
    expect(new Set(jobs.map((j) => j.workerId)).size).toBe(2);

    for (const w of [a, b]) w.child.kill('SIGTERM');
    await until('both workers to stop', 30_000, async () => (a.child.exitCode !== null && b.child.exitCode !== null ? true : undefined));
    expect([await a.exited, await b.exited]).toEqual([0, 0]);
  }, 180_000);
});
