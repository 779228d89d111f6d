import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { QUICKSTART } from '../fixtures/cli/quickstart-argv.js';
import { runCli, tempProject } from '../fixtures/cli/run-cli.js';

const project = tempProject();
afterAll(() => project.cleanup());

describe('mlpilot quickstart in a git work tree', () => {
  it('adds .mlpilot/ to .gitignore once, so the store and artifacts are not committed', async () => {
    execFileSync('git', ['init', '--quiet', project.dir]);
    const first = await runCli([...QUICKSTART], { cwd: project.dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('✓ added .mlpilot/ to .gitignore');
    const again = await runCli([...QUICKSTART, '--json'], { cwd: project.dir });
    expect(again.json<{ gitignore: unknown }>().gitignore).toEqual({ entry: '.mlpilot/', outcome: 'already' });
    expect(readFileSync(join(project.dir, '.gitignore'), 'utf8')).toBe('.mlpilot/\n');
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: project.dir, encoding: 'utf8' });
    expect(status.split('\n').filter((line) => line.includes('.mlpilot'))).toEqual([]);
  }, 120_000);
});
