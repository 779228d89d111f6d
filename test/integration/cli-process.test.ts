import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
