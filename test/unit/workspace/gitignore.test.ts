import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ignoreInGit } from '../../../src/workspace/gitignore.js';

describe('ignoreInGit (what quickstart does with .mlpilot/)', () => {
  let dir: string;
  const gitignore = (): string => readFileSync(join(dir, '.gitignore'), 'utf8');
  const initGit = (): void => void execFileSync('git', ['init', '--quiet', dir]);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-gitignore-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates .gitignore with the entry in a git work tree, then never adds it twice', () => {
    initGit();
    expect(ignoreInGit(dir, join(dir, '.mlpilot'))).toBe('created');
    expect(gitignore()).toBe('.mlpilot/\n');
    expect(ignoreInGit(dir, join(dir, '.mlpilot'))).toBe('already');
    expect(gitignore()).toBe('.mlpilot/\n');
  });

  it('appends to an existing .gitignore, adding the missing final newline first', () => {
    initGit();
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\ndist');
    expect(ignoreInGit(dir, join(dir, '.mlpilot'))).toBe('appended');
    expect(gitignore()).toBe('node_modules/\ndist\n.mlpilot/\n');
  });

  it('writes nothing when git ignores the folder already or .gitignore names it (negated included)', () => {
    initGit();
    for (const content of ['.mlpilot\n', '/.mlpilot/\n', '.*\n', '*\n!.gitignore\n!.mlpilot/\n']) {
      writeFileSync(join(dir, '.gitignore'), content);
      expect([content, ignoreInGit(dir, join(dir, '.mlpilot'))]).toEqual([content, 'already']);
      expect(gitignore()).toBe(content);
    }
  });

  it('uses the configured home relative to the project, and skips a home outside it', () => {
    initGit();
    expect(ignoreInGit(dir, join(dir, 'state', 'mlpilot'))).toBe('created');
    expect(gitignore()).toBe('state/mlpilot/\n');
    expect(ignoreInGit(dir, join(tmpdir(), 'elsewhere'))).toBe('skipped');
    expect(gitignore()).toBe('state/mlpilot/\n');
  });

  it('writes the project .gitignore in a subdirectory of a work tree', () => {
    initGit();
    const project = join(dir, 'service');
    mkdirSync(project);
    expect(ignoreInGit(project, join(project, '.mlpilot'))).toBe('created');
    expect(readFileSync(join(project, '.gitignore'), 'utf8')).toBe('.mlpilot/\n');
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
  });

  it('touches nothing outside a git work tree', () => {
    expect(ignoreInGit(dir, join(dir, '.mlpilot'))).toBe('skipped');
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
  });
});
