import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** What {@link ignoreInGit} did. */
export type GitIgnoreOutcome =
  /** `.gitignore` did not exist and was created with the entry. */
  | 'created'
  /** The entry was appended to `.gitignore`. */
  | 'appended'
  /** Git ignores the folder already, or `.gitignore` lists it (perhaps negated on purpose): nothing written. */
  | 'already'
  /** `cwd` is not inside a git work tree (or git is not installed), or the folder is not under `cwd`. */
  | 'skipped';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
}

function insideWorkTree(cwd: string): boolean {
  try {
    return git(cwd, ['rev-parse', '--is-inside-work-tree']) === 'true';
  } catch {
    return false;
  }
}

function ignoredByGit(cwd: string, path: string): boolean {
  try {
    git(cwd, ['check-ignore', '--quiet', '--no-index', path]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Keeps the workspace folder `dir` (the metadata store and artifacts, e.g. `.mlpilot/`) out of git: when `cwd` is
 * inside a git work tree and `dir` is under `cwd`, adds `<dir relative to cwd>/` to `<cwd>/.gitignore` (creating
 * the file) — once: nothing is written when git ignores the folder already or `.gitignore` names it.
 */
export function ignoreInGit(cwd: string, dir: string): GitIgnoreOutcome {
  const rel = relative(cwd, dir).split(sep).join('/');
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || !insideWorkTree(cwd)) return 'skipped';
  if (ignoredByGit(cwd, `${rel}/`)) return 'already';
  const file = join(cwd, '.gitignore');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  // Listed already — negated too (`!.mlpilot/`: the user wants it tracked).
  const names = new Set([rel, `${rel}/`, `/${rel}`, `/${rel}/`].flatMap((name) => [name, `!${name}`]));
  if (existing !== undefined && existing.split(/\r?\n/).some((line) => names.has(line.trim()))) return 'already';
  const separator = existing === undefined || existing === '' || existing.endsWith('\n') ? '' : '\n';
  writeFileSync(file, `${existing ?? ''}${separator}${rel}/\n`);
  return existing === undefined ? 'created' : 'appended';
}
