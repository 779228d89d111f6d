/**
 * The README's "Library use" example, run as written: its code block is taken from README.md, saved as a script
 * in a fresh project (nothing registered yet; the bundled examples/ folder next to it, as in a clone) that
 * imports the built package by its name, and run with Node. Then the workspace it wrote is read back.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureBuilt, ROOT } from '../fixtures/cli/build.js';
import { tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES, withWorkspace } from '../fixtures/cli/seed.js';

const project = tempProject('mlpilot-readme-');

/** The first ```ts block of the README section `heading`. */
function codeBlock(markdown: string, heading: string): string {
  const section = markdown.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  const block = section?.match(/```ts\n([\s\S]*?)```/);
  if (block?.[1] === undefined) throw new Error(`README.md has no ts code block under "## ${heading}"`);
  return block[1];
}

beforeAll(async () => {
  await ensureBuilt();
  mkdirSync(join(project.dir, 'node_modules'));
  symlinkSync(ROOT, join(project.dir, 'node_modules', 'mlpilot'), 'dir');
  mkdirSync(join(project.dir, 'examples'));
  copyFileSync(join(EXAMPLES, 'iris.csv'), join(project.dir, 'examples', 'iris.csv'));
}, 240_000);
afterAll(() => project.cleanup());

describe('README library example', () => {
  it('runs as written on a fresh workspace and records what it says', async () => {
    const code = codeBlock(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'Library use');
    writeFileSync(join(project.dir, 'example.mts'), code);
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MLPILOT_')));
    const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'example.mts'], {
      cwd: project.dir,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    await withWorkspace(project.dir, async (ws) => {
      const { runs } = await ws.store.runs.search({});
      expect(runs).toHaveLength(1);
      const [run] = runs;
      expect(run).toMatchObject({ status: 'finished', inputs: [{ datasetName: 'iris', version: 1, role: 'train' }] });
      expect(Object.keys(run?.metrics ?? {}).length).toBeGreaterThan(0);
      expect(Object.keys(run?.params ?? {}).length).toBeGreaterThan(0);
    });
  });
});
