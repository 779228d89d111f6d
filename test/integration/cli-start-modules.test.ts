import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { BIN, ensureBuilt, ROOT } from '../fixtures/cli/build.js';

// What a command loads decides how fast it answers (issue 13 §7; the times are in bench/cli-start.bench.ts).
// These cases pin the import graph: a command must not load the parts of mlpilot it does not use.

const RECORDER = join(ROOT, 'bench', 'lib', 'record-modules.js');
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Runs `mlpilot argv…` in `cwd` and returns the exit code and every module file the process loaded. */
function loaded(cwd: string, ...argv: string[]): { code: number | null; files: string[] } {
  const log = join(tempDir('mlpilot-modules-'), 'modules.txt');
  const env: Record<string, string> = { RECORD_MODULES_TO: log };
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('MLPILOT_')) env[key] = value;
  const r = spawnSync(process.execPath, ['--import', RECORDER, BIN, ...argv], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, files: [...new Set(readFileSync(log, 'utf8').split('\n').filter((line) => line !== ''))] };
}

/** The mlpilot folders (`dist/<folder>/`) and packages among `files`. */
function parts(files: readonly string[]): { folders: Set<string>; packages: Set<string> } {
  const folders = new Set<string>();
  const packages = new Set<string>();
  const dist = join(ROOT, 'dist') + sep;
  for (const file of files) {
    const at = file.lastIndexOf(`${sep}node_modules${sep}`);
    if (at >= 0) {
      const [scope, name] = file.slice(at + '/node_modules/'.length).split(sep);
      packages.add(scope?.startsWith('@') === true ? `${scope}/${name}` : (scope ?? ''));
    } else if (file.startsWith(dist)) {
      const [folder, sub] = file.slice(dist.length).split(sep);
      folders.add(folder === 'cli' && sub !== undefined && !sub.endsWith('.js') ? `cli/${sub}` : (folder ?? ''));
    }
  }
  return { folders, packages };
}

/** Packages only some commands need; none of them may load at start-up. */
const HEAVY = ['onnxruntime-node', 'fastify', 'pg', 'pg-boss', 'hyparquet', 'yaml', 'cli-progress', 'prom-client'];

beforeAll(async () => {
  await ensureBuilt();
}, 240_000);
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('what a command loads', () => {
  it.each(['--version', '--help', 'help runs', 'runs --help'])('mlpilot %s loads the CLI definitions and core only', (args) => {
    const r = loaded(tempDir('mlpilot-project-'), ...args.split(' '));
    expect(r.code).toBe(0);
    const { folders, packages } = parts(r.files);
    expect([...folders].sort()).toEqual(['cli', 'cli/commands', 'cli/output', 'core']);
    expect([...packages].sort()).toEqual(['commander', 'zod']);
  });

  it('mlpilot runs list on SQLite opens the store without the engine, the job queue or any driver but SQLite', () => {
    const cwd = tempDir('mlpilot-project-');
    expect(loaded(cwd, 'experiments', 'create', 'churn').code).toBe(0);
    const r = loaded(cwd, 'runs', 'list');
    expect(r.code).toBe(0);
    const { folders, packages } = parts(r.files);
    expect(folders).toContain('store');
    expect(packages).toContain('better-sqlite3');
    for (const folder of ['ml', 'jobs', 'server']) expect(folders, folder).not.toContain(folder);
    for (const name of HEAVY) expect(packages, name).not.toContain(name);
  });

  it('mlpilot learners list loads the engine (so the recorder sees lazily imported modules)', () => {
    const r = loaded(tempDir('mlpilot-project-'), 'learners', 'list');
    expect(r.code).toBe(0);
    expect(parts(r.files).folders).toContain('ml');
  });
});
