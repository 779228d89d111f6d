/**
 * `mlpilot jobs` and `mlpilot worker` on the pg-boss backend: a job submitted without --wait stays queued until
 * a worker runs it; `jobs submit --wait` returns once a worker finished it; the worker stops on its signal and
 * prints what it did. Needs PostgreSQL at MLPILOT_TEST_PG_URL (default postgres://127.0.0.1:5432/test):
 * unreachable → fails when CI is set, otherwise skips with a warning. Uses a random schema, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';

import { afterAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/index.js';
import { pgBossSchemaFor } from '../../src/jobs/index.js';
import { Capture, runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { dropSchemas, pgUrlWithSchema, requirePostgres } from '../fixtures/postgres.js';

const available = await requirePostgres('test/integration/cli-pgboss.test.ts');

const schema = `cli_it_${randomBytes(5).toString('hex')}`;
const url = pgUrlWithSchema(schema);
const env = { MLPILOT_DATABASE_URL: url, MLPILOT_JOBS_BACKEND: 'pg-boss' };
const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir, env });

afterAll(async () => {
  project.cleanup();
  if (available) await dropSchemas([schema, pgBossSchemaFor(url)]);
});

async function until(what: string, probe: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!available)('mlpilot jobs and worker on pg-boss', () => {
  it('queues without --wait, runs the job in a worker, and the worker stops on its signal with a summary', async () => {
    const submitted = await cli('jobs', 'submit', 'diag-work', '--payload', '{"rounds": 20, "bytes": 64, "seed": "pg"}', '--json');
    expect(submitted.code).toBe(0);
    const job = submitted.json<{ id: string; status: string }>();
    expect(job.status).toBe('queued');
    expect((await cli('jobs', 'show', job.id, '--json')).json<{ status: string }>().status).toBe('queued');

    const controller = new AbortController();
    const stdout = new Capture();
    const stderr = new Capture();
    const worker = main(['worker', '--concurrency', '1', '--json'], { stdout, stderr, env, cwd: project.dir, signal: controller.signal });
    await until(
      'the job to succeed',
      async () => (await cli('jobs', 'show', job.id, '--json')).json<{ status: string }>().status === 'succeeded',
    );

    // With a worker running, --wait returns the finished job and exit 0.
    const waited = await cli('jobs', 'submit', 'diag-work', '--payload', '{"rounds": 10, "bytes": 64}', '--wait', '--json');
    expect(waited.code).toBe(0);
    expect(waited.json<{ status: string; result: { rounds: number } }>()).toMatchObject({ status: 'succeeded', result: { rounds: 10 } });

    controller.abort();
    expect(await worker).toBe(0);
    expect(JSON.parse(stdout.text)).toMatchObject({ succeeded: 2, failed: 0 });
    expect(stderr.text).toContain('press Ctrl-C to stop');
  });

  it('cancels a queued job through the queue', async () => {
    const job = (await cli('jobs', 'submit', 'diag-work', '--json')).json<{ id: string }>();
    const r = await cli('jobs', 'cancel', job.id, '--json');
    expect(r.code).toBe(0);
    expect(r.json<{ status: string }>().status).toBe('cancelled');
  });
});
