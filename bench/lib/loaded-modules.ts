/**
 * What a Node process loads: runs it under record-modules.js and sorts the module files it loaded into mlpilot's
 * folders (under dist/) and packages (under node_modules/). Used by bench/cli-start.bench.ts and by
 * test/integration/cli-start-modules.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

const RECORDER = join(import.meta.dirname, 'record-modules.js');

/** The result of one recorded run. */
export interface LoadedModules {
  status: number | null;
  /** Every module file loaded, once each. */
  files: string[];
}

/** Runs `node args…` in `cwd` with `env` (plus the recorder's variable) and returns the module files it loaded. */
export function recordModules(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): LoadedModules {
  const dir = mkdtempSync(join(tmpdir(), 'mlpilot-modules-'));
  try {
    const log = join(dir, 'modules.txt');
    const child = spawnSync(process.execPath, ['--import', RECORDER, ...args], {
      cwd: options.cwd,
      env: { ...options.env, RECORD_MODULES_TO: log },
      encoding: 'utf8',
      timeout: 60_000,
    });
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      // the process loaded nothing the hooks saw (or did not start)
    }
    return { status: child.status, files: [...new Set(text.split('\n').filter((line) => line !== ''))] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Counts `files` by origin: mlpilot's by folder under `<root>/dist` (`store`, `ml`, …; the CLI's by its own
 * sub-folder: `cli`, `cli/commands`, `cli/actions`, `cli/output`), packages by name (`kysely`, `@scope/name`).
 */
export function moduleOrigins(files: readonly string[], root: string): { folders: Map<string, number>; packages: Map<string, number> } {
  const dist = join(root, 'dist');
  const folders = new Map<string, number>();
  const packages = new Map<string, number>();
  const count = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);
  for (const file of files) {
    const at = file.lastIndexOf(`${sep}node_modules${sep}`);
    if (at >= 0) {
      const [first, second] = file.slice(at + `${sep}node_modules${sep}`.length).split(sep);
      count(packages, first?.startsWith('@') === true ? `${first}/${second}` : (first ?? '?'));
    } else if (file.startsWith(dist + sep)) {
      const [first, second] = relative(dist, file).split(sep);
      count(folders, first === 'cli' && second !== undefined && !second.endsWith('.js') ? `cli/${second}` : (first ?? '?'));
    }
  }
  return { folders, packages };
}
