import { existsSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { withWorkspace } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });

/** Two stored blobs nobody refers to, made to look two hours old so GC's one-hour grace does not keep them. */
const orphans = { a: 'orphan blob one', b: 'orphan blob number two' };
let digests: string[] = [];
let referenced = '';

beforeAll(async () => {
  digests = await withWorkspace(project.dir, async (ws) => {
    const out: string[] = [];
    for (const text of Object.values(orphans)) out.push((await ws.artifacts.put(text)).digest);
    const run = await ws.tracker().withRun({ experiment: 'gc' }, async (r) => (await r.logArtifact('kept.txt', 'kept content')).digest);
    referenced = run;
    return out;
  });
  const old = new Date(Date.now() - 2 * 3_600_000);
  for (const digest of [...digests, referenced])
    utimesSync(join(project.dir, '.mlpilot', 'artifacts', 'blobs', digest.slice(0, 2), digest), old, old);
});
afterAll(() => project.cleanup());

describe('mlpilot artifacts', () => {
  it('gc is a dry run by default: it lists the unreferenced blobs and their bytes and deletes nothing', async () => {
    const r = await cli('artifacts', 'gc', '--json');
    expect(r.code).toBe(0);
    const report = r.json<{ dryRun: boolean; deleted: Array<{ digest: string; size: number }>; bytesFreed: number }>();
    expect(report.dryRun).toBe(true);
    expect(report.deleted.map((d) => d.digest).sort()).toEqual([...digests].sort());
    expect(report.bytesFreed).toBe(Buffer.byteLength(orphans.a) + Buffer.byteLength(orphans.b));
    const human = await cli('artifacts', 'gc');
    expect(human.stdout).toContain(`dry run: would free 37 B (37 bytes); run with --delete to delete`);
    for (const digest of digests)
      expect(existsSync(join(project.dir, '.mlpilot', 'artifacts', 'blobs', digest.slice(0, 2), digest))).toBe(true);
  });

  it('gets a blob into a file and refuses a malformed digest with exit 3', async () => {
    const out = join(project.dir, 'kept.txt');
    const r = await cli('artifacts', 'get', referenced, '--out', 'kept.txt');
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('kept content');
    expect((await cli('artifacts', 'get', 'not-a-digest', '--out', 'x')).code).toBe(3);
    expect((await cli('artifacts', 'get', '0'.repeat(64), '--out', 'x')).code).toBe(4);
  });

  it('gc --delete removes the orphans, keeps referenced blobs, and records an event', async () => {
    const r = await cli('artifacts', 'gc', '--delete', '--json');
    expect(r.json()).toMatchObject({ dryRun: false, bytesFreed: 37 });
    for (const digest of digests)
      expect(existsSync(join(project.dir, '.mlpilot', 'artifacts', 'blobs', digest.slice(0, 2), digest))).toBe(false);
    expect((await cli('artifacts', 'get', referenced, '--out', 'again.txt')).code).toBe(0);
    const events = (await cli('events', 'list', '--type', 'artifacts.collected', '--json')).json<Array<{ payload: { deleted: number } }>>();
    expect(events.map((e) => e.payload.deleted)).toEqual([2]);
  });
});

describe('mlpilot tokens', () => {
  it('creates a token, prints its secret once, lists it without the secret, and revokes it', async () => {
    const created = await cli('tokens', 'create', '--name', 'ci', '--role', 'editor', '--owner', 'alice', '--json');
    expect(created.code).toBe(0);
    const { token, secret } = created.json<{ token: { id: string; role: string; owner: string }; secret: string }>();
    expect(token).toMatchObject({ role: 'editor', owner: 'alice' });
    expect(secret.length).toBeGreaterThanOrEqual(20);

    const list = await cli('tokens', 'list');
    expect(list.stdout).toMatch(new RegExp(`${token.id}\\s+ci\\s+editor\\s+alice`));
    expect(list.stdout).not.toContain(secret);
    expect((await cli('tokens', 'list', '--json')).stdout).not.toContain(secret);

    expect((await cli('tokens', 'revoke', token.id)).code).toBe(0);
    const after = (await cli('tokens', 'list', '--json')).json<Array<{ id: string; revokedAt: number | null }>>();
    expect(after.find((t) => t.id === token.id)?.revokedAt).toEqual(expect.any(Number));
  });

  it('exits 2 for an unknown role and 4 when revoking an unknown token', async () => {
    expect((await cli('tokens', 'create', '--name', 'x', '--role', 'root')).code).toBe(2);
    expect((await cli('tokens', 'revoke', 'no-such-token')).code).toBe(4);
  });
});
