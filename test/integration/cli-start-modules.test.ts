import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { moduleOrigins, recordModules } from '../../bench/lib/loaded-modules.js';
import { BIN, ensureBuilt, ROOT } from '../fixtures/cli/build.js';

// What a command loads decides how fast it answers (issue 13 §7; the times are in bench/cli-start.bench.ts).
// These cases pin the import graph, run from the unbundled build (the graph the bundle is made from): a command
// must not load the parts of mlpilot it does not use. The last ones check the bundled bin itself.

const projects: string[] = [];
afterEach(() => {
  for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlpilot-project-'));
  projects.push(dir);
  return dir;
}

const UNBUNDLED = join(ROOT, 'bench', 'lib', 'unbundled-cli.js');

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('MLPILOT_')) env[key] = value;
  return env;
}

/** Runs `mlpilot argv…` from the unbundled build in `cwd` and returns its exit code and what it loaded. */
function loaded(cwd: string, ...argv: string[]): { code: number | null; folders: string[]; packages: string[] } {
  const run = recordModules([UNBUNDLED, ...argv], { cwd, env: cleanEnv() });
  const { folders, packages } = moduleOrigins(run.files, ROOT);
  return { code: run.status, folders: [...folders.keys()].sort(), packages: [...packages.keys()].sort() };
}

/** Packages only some commands need; none of them may load at start-up. */
const HEAVY = ['onnxruntime-node', 'fastify', 'pg', 'pg-boss', 'hyparquet', 'yaml', 'cli-progress', 'prom-client'];

beforeAll(async () => {
  await ensureBuilt();
}, 240_000);

describe('what a command loads', () => {
  it.each(['--version', '--help', 'help runs', 'runs --help'])('mlpilot %s loads the CLI definitions and core only', (args) => {
    const r = loaded(tempProject(), ...args.split(' '));
    expect(r.code).toBe(0);
    expect(r.folders).toEqual(['cli', 'cli/commands', 'cli/output', 'core']);
    expect(r.packages).toEqual(['commander', 'zod']);
  });

  it('mlpilot runs list on SQLite opens the store without the engine, the job queue or any driver but SQLite', () => {
    const cwd = tempProject();
    expect(loaded(cwd, 'experiments', 'create', 'churn').code).toBe(0);
    const r = loaded(cwd, 'runs', 'list');
    expect(r.code).toBe(0);
    expect(r.folders).toContain('store');
    expect(r.packages).toContain('better-sqlite3');
    for (const folder of ['ml', 'jobs', 'server']) expect(r.folders, folder).not.toContain(folder);
    for (const name of HEAVY) expect(r.packages, name).not.toContain(name);
  });

  it('mlpilot learners list loads the engine (so the recorder sees lazily imported modules)', () => {
    const r = loaded(tempProject(), 'learners', 'list');
    expect(r.code).toBe(0);
    expect(r.folders).toContain('ml');
  });

  it('the bundled bin runs runs list from dist/bundle/ only, with SQLite and none of the heavy packages', () => {
    const cwd = tempProject();
    expect(recordModules([BIN, 'experiments', 'create', 'churn'], { cwd, env: cleanEnv() }).status).toBe(0);
    const run = recordModules([BIN, 'runs', 'list'], { cwd, env: cleanEnv() });
    expect(run.status).toBe(0);
    const { folders, packages } = moduleOrigins(run.files, ROOT);
    expect([...folders.keys()]).toEqual(['bundle']);
    expect([...packages.keys()].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path']);
  });
});
