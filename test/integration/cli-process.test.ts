import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BIN, ensureBuilt } from '../fixtures/cli/build.js';
import { tempProject } from '../fixtures/cli/run-cli.js';

const project = tempProject();

/** Runs the installed entry point as a real process, with no MLPILOT_* variables from the machine. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('MLPILOT_')) env[key] = value;
  return env;
}

function mlpilot(...argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: project.dir, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  await ensureBuilt();
  writeFileSync(join(project.dir, 'broken.csv'), 'a,b\n1,2\n3,4,5\n');
}, 240_000);
afterAll(() => project.cleanup());

describe('node bin/mlpilot.js (real processes)', () => {
  it('sets exit code 2 for an unknown command', () => {
    const r = mlpilot('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('prints the version and exits 0', () => {
    const r = mlpilot('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs the quick start from another directory (examples/ found from the package, not the cwd)', () => {
    const r = mlpilot('quickstart');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('iris@1');
  });

  it('sets exit code 4 with a JSON error document on stdout for an unknown run with --json', () => {
    const r = mlpilot('runs', 'show', 'missing-run', '--json');
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'MLP_STORE_NOT_FOUND' } });
  });

  it('sets exit code 3 for a malformed CSV', () => {
    const r = mlpilot('data', 'add', 'broken.csv', '--name', 'broken');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('broken.csv:3');
  });

  it('exits 0 without a word when its stdout is closed before it writes (EPIPE)', async () => {
    for (const argv of [['--help'], ['runs', 'list']]) {
      const child = spawn(process.execPath, [BIN, ...argv], { cwd: project.dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect({ argv, code, stderr }).toEqual({ argv, code: 0, stderr: '' });
    }
  });

  it('exits 0 without a word when its stderr is closed before an error is written', async () => {
    const child = spawn(process.execPath, [BIN, 'runs', 'show', 'missing-run'], { cwd: project.dir, env: cleanEnv() });
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
  });

  it('mlpilot … | head -1 on output larger than the pipe buffer: head gets the first line, mlpilot exits 0 quietly', () => {
    // 3,000 columns: `data show` prints one ~60-byte line per column, far more than a pipe holds (64 KiB on Linux).
    const names = Array.from({ length: 3000 }, (_, i) => `c${i}`);
    writeFileSync(join(project.dir, 'wide.csv'), `${names.join(',')}\n${names.map((_, i) => i).join(',')}\n`);
    expect(mlpilot('data', 'add', 'wide.csv', '--name', 'wide').code).toBe(0);
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" data show wide 2>err.txt | head -1; echo "status $?"`;
    const r = spawnSync('bash', ['-c', script], { cwd: project.dir, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toMatch(/^dataset:\s+wide@1\nstatus 0\n$/);
    expect(readFileSync(join(project.dir, 'err.txt'), 'utf8')).toBe('');
  });

  it('serves until SIGINT, then closes and exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'server', '--port', '0', '--json'], { cwd: project.dir, env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve((JSON.parse(stdout.split('\n')[0] as string) as { url: string }).url);
      });
      child.on('exit', () => reject(new Error(`server exited before listening: ${stderr}`)));
    });
    expect((await fetch(`${url}/api/v1/openapi.json`)).status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopped (SIGINT)');
  });
});
