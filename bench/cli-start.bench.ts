/**
 * CLI start-up (issue 13 §7): how long `mlpilot` takes to answer, against bare Node in the same run.
 *
 *   npm run bench -- cli-start [--repeats 20]
 *
 * Spawns, in alternating order each round (after one warm-up round that is not counted): `node -e 0`,
 * `node bin/mlpilot.js --version`, `--help`, and `runs list` in a temporary project (SQLite, five tracked runs).
 * Wall time of each spawn → median per command and its ratio to bare Node's median. Targets: `--version` and
 * `--help` ≤ 3×, `runs list` ≤ 5×. The bundle in dist/bundle/ is what runs (bench/run.js builds first).
 *
 * A second table lists what each command loaded (one more spawn with bench/lib/record-modules.js): the module files
 * of the bundled CLI, then, run from the unbundled build (bench/lib/unbundled-cli.js), mlpilot's own by dist/
 * folder and the packages from node_modules — the import graph the bundle is made from.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { openWorkspace } from '../src/workspace/index.js';
import { moduleOrigins, recordModules } from './lib/loaded-modules.js';
import { median, printTable } from './lib/report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'mlpilot.js');
const unbundled = join(root, 'bench', 'lib', 'unbundled-cli.js');

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  /** Ratio to bare Node's median that passes; none for the reference itself. */
  readonly target?: number;
  /** Text the command must print on stdout (a run that failed would time nothing useful). */
  readonly expect?: RegExp;
}

function repeatsFromArgs(): number {
  const index = process.argv.indexOf('--repeats');
  const value = index >= 0 ? Number(process.argv[index + 1]) : 20;
  return Number.isInteger(value) && value >= 3 ? value : 20;
}

/** A project with five finished runs, as a user would have after a few experiments. */
async function makeProject(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mlpilot-cli-start-'));
  const ws = await openWorkspace({ cwd: dir, env: {}, actor: 'bench' });
  try {
    const tracker = ws.tracker();
    for (let i = 0; i < 5; i++) {
      await tracker.withRun({ experiment: 'bench', name: `run-${i}`, params: { lr: 0.1 / (i + 1), depth: 3 + i } }, async (run) => {
        await run.logMetrics({ auc: 0.8 + i / 100, loss: 0.3 - i / 100 });
      });
    }
  } finally {
    await ws.close();
  }
  return dir;
}

/** The environment of the spawned commands: this one without MLPILOT_* settings that would change what they do. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('MLPILOT_')) env[key] = value;
  return env;
}

function spawnOnce(item: Case, cwd: string): { ms: number; stdout: string; status: number | null } {
  const start = performance.now();
  const child = spawnSync(process.execPath, item.args, { cwd, env: cleanEnv(), encoding: 'utf8' });
  const ms = performance.now() - start;
  return { ms, stdout: child.stdout, status: child.status };
}

/**
 * What `item` loads: the module files of the bundled CLI, and from the unbundled build the files in all, mlpilot's
 * own by dist/ folder and packages by name (most files first).
 */
function loadedModules(item: Case, cwd: string): { bundled: number; total: number; own: string; packages: string } {
  const record = (args: readonly string[]) => {
    const run = recordModules(args, { cwd, env: cleanEnv() });
    if (run.status !== 0) throw new Error(`${item.label} failed under the module recorder (exit ${run.status})`);
    return run;
  };
  const bundled = record(item.args);
  const run = record([unbundled, ...item.args.slice(1)]);
  const { folders, packages } = moduleOrigins(run.files, root);
  const list = (counts: Map<string, number>): string =>
    [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([name, n]) => `${name} ${n}`)
      .join(', ') || '-';
  return { bundled: bundled.files.length, total: run.files.length, own: list(folders), packages: list(packages) };
}

async function main(): Promise<void> {
  const repeats = repeatsFromArgs();
  const project = await makeProject();
  try {
    const cases: Case[] = [
      { label: 'node -e 0', args: ['-e', '0'] },
      { label: 'mlpilot --version', args: [bin, '--version'], target: 3, expect: /^\d+\.\d+\.\d+/ },
      { label: 'mlpilot --help', args: [bin, '--help'], target: 3, expect: /^Usage: mlpilot/ },
      { label: 'mlpilot runs list (5 runs, SQLite)', args: [bin, 'runs', 'list'], target: 5, expect: /run-4/ },
    ];
    for (const item of cases) {
      const once = spawnOnce(item, project);
      if (once.status !== 0 || (item.expect !== undefined && !item.expect.test(once.stdout))) {
        throw new Error(`${item.label} did not answer as expected (exit ${once.status}):\n${once.stdout}`);
      }
    }
    const times = new Map<Case, number[]>(cases.map((item) => [item, []]));
    for (let round = 0; round < repeats; round++) {
      // Alternate the order so a slow spell of the machine does not fall on one command only.
      const order = round % 2 === 0 ? cases : [...cases].reverse();
      for (const item of order) (times.get(item) as number[]).push(spawnOnce(item, project).ms);
    }
    const bare = median(times.get(cases[0] as Case) as number[]);
    printTable(
      `CLI start-up: median wall time of ${repeats} spawns each (Node ${process.version}), ratio to bare Node in the same run`,
      ['command', 'median ms', 'min ms', 'ratio to node -e 0', 'target', 'result'],
      cases.map((item) => {
        const list = times.get(item) as number[];
        const ratio = median(list) / bare;
        return [
          item.label,
          median(list),
          Math.min(...list),
          `${ratio.toFixed(2)}×`,
          item.target === undefined ? '-' : `≤ ${item.target}×`,
          item.target === undefined ? '-' : ratio <= item.target ? 'pass' : 'FAIL',
        ];
      }),
    );
    const loads = cases.slice(1).map((item) => ({ item, ...loadedModules(item, project) }));
    printTable(
      'What each command loads (module files of the bundle; unbundled: files, mlpilot folders under dist/, packages from node_modules)',
      ['command', 'bundled files', 'unbundled files', 'mlpilot', 'packages'],
      loads.map(({ item, bundled, total, own, packages }) => [item.label, bundled, total, own, packages]),
    );
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

await main();
