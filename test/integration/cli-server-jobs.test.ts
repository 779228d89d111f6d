import { afterAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/index.js';
import { Capture, runCli, tempProject } from '../fixtures/cli/run-cli.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
afterAll(() => project.cleanup());

async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(ready()).toBe(true);
}

describe('mlpilot server', () => {
  it('prints its URL, answers HTTP, and stops with exit 0 when signalled', async () => {
    const controller = new AbortController();
    const stdout = new Capture();
    const stderr = new Capture();
    const running = main(['server', '--port', '0', '--json'], { stdout, stderr, env: {}, cwd: project.dir, signal: controller.signal });
    await until(() => stdout.text.includes('\n') || stderr.text.includes('error'));
    const ready = JSON.parse(stdout.text) as { url: string; openapi: string };
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(ready.openapi);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    controller.abort();
    expect(await running).toBe(0);
    await expect(fetch(ready.openapi)).rejects.toThrow();
  });

  it('refuses a non-loopback host without auth (exit 2) before listening', async () => {
    const r = await cli('server', '--host', '0.0.0.0', '--port', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error MLP_SERVER_UNSAFE_BIND/);
  });
});

describe('mlpilot worker', () => {
  it('explains that it needs PostgreSQL when the database is the embedded SQLite file (exit 2)', async () => {
    const r = await cli('worker');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MLPILOT_DATABASE_URL=postgres://');
  });
});

describe('mlpilot jobs (local backend)', () => {
  let jobId = '';

  it('submits a job, waits for it on the local backend, and prints its result', async () => {
    const r = await cli('jobs', 'submit', 'diag-work', '--payload', '{"rounds": 50, "bytes": 64, "seed": "cli"}', '--json');
    expect(r.code).toBe(0);
    const job = r.json<{ id: string; status: string; result: { rounds: number; digest: string } }>();
    expect(job.status).toBe('succeeded');
    expect(job.result.rounds).toBe(50);
    expect(job.result.digest).toMatch(/^[0-9a-f]{64}$/);
    jobId = job.id;
  });

  it('draws a progress bar on a terminal stderr while waiting, and none with --json', async () => {
    const payload = '{"rounds": 40, "bytes": 64, "progressEvery": 10}';
    const tty = await runCli(['jobs', 'submit', 'diag-work', '--payload', payload, '--wait'], { cwd: project.dir, tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/diag-work \S+ \[.*\] \d+%/);
    const json = await runCli(['jobs', 'submit', 'diag-work', '--payload', payload, '--wait', '--json'], { cwd: project.dir, tty: true });
    expect(json.stderr).not.toContain('%');
    expect(json.json<{ status: string }>().status).toBe('succeeded');
  });

  it('lists and shows the job', async () => {
    const list = (await cli('jobs', 'list', '--status', 'succeeded', '--json')).json<Array<{ id: string }>>();
    expect(list.map((j) => j.id)).toContain(jobId);
    expect(list).toHaveLength(3);
    const show = await cli('jobs', 'show', jobId);
    expect(show.stdout).toMatch(/status:\s+succeeded/);
    expect((await cli('jobs', 'show', 'nope')).code).toBe(4);
  });

  it('exits 1 when the job fails, with its error', async () => {
    const r = await cli('jobs', 'submit', 'diag-work', '--payload', '{"rounds": 10, "failAtRound": 2}');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/status:\s+failed/);
  });

  it('exits 3 for a payload that is not JSON or does not fit the schema, 2 for an unknown job type', async () => {
    expect((await cli('jobs', 'submit', 'diag-work', '--payload', '{rounds: 1}')).code).toBe(3);
    expect((await cli('jobs', 'submit', 'diag-work', '--payload', '{"rounds": "many"}')).code).toBe(3);
    const unknown = await cli('jobs', 'submit', 'no-such-type');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('diag-work');
  });
});
