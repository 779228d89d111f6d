import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });

interface Added {
  version: {
    datasetName: string;
    version: number;
    rowCount: number;
    schema: { columns: Array<{ name: string; type: string }>; delimiter?: string };
  };
}

/** 40 rows of `x;z;y` with y = 2x + z: a semicolon-separated CSV as spreadsheets write it in many locales. */
function semicolonCsv(): string {
  const rows = Array.from({ length: 40 }, (_, i) => `${i};${i % 3};${2 * i + (i % 3)}`);
  return `x;z;y\n${rows.join('\n')}\n`;
}

beforeAll(() => {
  writeFileSync(join(project.dir, 'sales.csv'), semicolonCsv());
  writeFileSync(join(project.dir, 'piped.csv'), 'a|b,c\n1|x,y\n2|z,w\n');
  writeFileSync(join(project.dir, 'names.csv'), 'name\nalice\nbob;carol\n');
});
afterAll(() => project.cleanup());

describe('CSV delimiters', () => {
  it('data add sniffs a semicolon file into its columns and records the delimiter', async () => {
    const r = await cli('data', 'add', 'sales.csv', '--name', 'sales', '--json');
    expect(r.code, r.stderr).toBe(0);
    const { version } = r.json<Added>();
    expect(version.rowCount).toBe(40);
    expect(version.schema.columns.map((c) => [c.name, c.type])).toEqual([
      ['x', 'numeric'],
      ['z', 'numeric'],
      ['y', 'numeric'],
    ]);
    expect(version.schema.delimiter).toBe(';');
    expect((await cli('data', 'show', 'sales')).stdout).toMatch(/format:\s+csv \(delimiter ";"\)/);
  });

  it('--delimiter overrides the sniffed delimiter', async () => {
    const sniffed = (await cli('data', 'add', 'piped.csv', '--name', 'piped', '--json')).json<Added>();
    expect(sniffed.version.schema.columns.map((c) => c.name)).toEqual(['a|b', 'c']);
    const given = await cli('data', 'add', 'piped.csv', '--name', 'piped2', '--delimiter', '|', '--json');
    expect(given.code, given.stderr).toBe(0);
    expect(given.json<Added>().version.schema.columns.map((c) => c.name)).toEqual(['a', 'b,c']);
    expect(given.json<Added>().version.schema.delimiter).toBe('|');
  });

  it('a one-column file stays one column', async () => {
    const r = (await cli('data', 'add', 'names.csv', '--name', 'names', '--json')).json<Added>();
    expect(r.version.schema.columns.map((c) => c.name)).toEqual(['name']);
    expect(r.version.rowCount).toBe(2);
  });

  it('train reads the semicolon file, and a registered version back with its recorded delimiter; predict reads it too', async () => {
    const fromFile = await cli('train', '--data', 'sales.csv', '--target', 'y', '--learner', 'linear', '--model', 'sales-lm', '--json');
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const fromRef = await cli('train', '--data', 'sales@1', '--target', 'y', '--learner', 'linear', '--json');
    expect(fromRef.code, fromRef.stderr).toBe(0);
    const out = join(project.dir, 'p.csv');
    const p = await cli('predict', '--model', 'sales-lm', '--data', 'sales.csv', '--out', out, '--json');
    expect(p.code, p.stderr).toBe(0);
    expect(p.json<{ rows: number }>().rows).toBe(40);
  });

  it('refuses --delimiter with a dataset version (exit 2) and a malformed --delimiter (exit 2)', async () => {
    expect((await cli('train', '--data', 'sales@1', '--target', 'y', '--delimiter', ';')).code).toBe(2);
    expect((await cli('data', 'add', 'sales.csv', '--name', 's', '--delimiter', ';;')).code).toBe(2);
    const tab = await cli('data', 'add', 'piped.csv', '--name', 'tabbed', '--delimiter', 'tab', '--json');
    expect(tab.json<Added>().version.schema.delimiter).toBe('\t');
  });
});
