import { execFileSync } from 'node:child_process';

/** The code a run came from: the commit of the working tree and whether it had uncommitted changes. */
export interface GitInfo {
  commit: string;
  dirty: boolean;
}

/**
 * Reads the git commit and dirty flag of the working tree at `cwd`; undefined when `cwd` is not inside a git
 * work tree or git is not installed (the run then records no commit rather than failing).
 */
export function detectGit(cwd: string): GitInfo | undefined {
  try {
    const run = (args: string[]): string =>
      execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
    const commit = run(['rev-parse', 'HEAD']);
    if (!/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
    const dirty = run(['status', '--porcelain', '--untracked-files=no']).length > 0;
    return { commit, dirty };
  } catch {
    return undefined;
  }
}
