import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });

interface VersionJson {
  created: boolean;
  version: { datasetName: string; version: number; rowCount: number; contentHash: string };
}

beforeAll(() => {
  copyFileSync(join(EXAMPLES, 'iris.csv'), join(project.dir, 'iris.csv'));
  // iris with the last 50 rows (one species) dropped: a second version with a known row count.
  const lines = readFileSync(join(EXAMPLES, 'iris.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(project.dir, 'iris-small.csv'), `${lines.slice(0, lines.length - 50).join('\n')}\n`);
  writeFileSync(join(project.dir, 'broken.csv'), 'a,b\n1,2\n3,4,5\n6,7\n');
});
afterAll(() => project.cleanup());

describe('mlpilot data', () => {
  it('adds a CSV as version 1 with its row count, and the same content again returns version 1 and says so', async () => {
    const first = await cli('data', 'add', 'iris.csv', '--name', 'iris', '--json');
    expect(first.code).toBe(0);
    const v1 = first.json<VersionJson>();
    expect(v1.created).toBe(true);
    expect(v1.version).toMatchObject({ datasetName: 'iris', version: 1, rowCount: 150 });

    const again = await cli('data', 'add', 'iris.csv', '--name', 'iris');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('adding the same content twice returns the existing version');
    expect(again.stdout).toContain('iris@1');

    const againJson = (await cli('data', 'add', 'iris.csv', '--name', 'iris', '--json')).json<VersionJson>();
    expect(againJson.created).toBe(false);
    expect(againJson.version.contentHash).toBe(v1.version.contentHash);
  });

  it('adds changed content as version 2 and lists the dataset with 2 versions', async () => {
    const second = (await cli('data', 'add', 'iris-small.csv', '--name', 'iris', '--json')).json<VersionJson>();
    expect(second.version).toMatchObject({ version: 2, rowCount: 100 });
    const list = await cli('data', 'list', '--json');
    expect(list.json<Array<{ name: string; latestVersion: number; versionCount: number }>>()).toEqual([
      expect.objectContaining({ name: 'iris', latestVersion: 2, versionCount: 2 }),
    ]);
    const human = await cli('data', 'list');
    expect(human.stdout.split('\n')[0]).toMatch(/^NAME\s+LATEST\s+VERSIONS/);
    expect(human.stdout).toMatch(/iris\s+2\s+2/);
  });

  it('shows the schema table and profile of a version', async () => {
    const r = await cli('data', 'show', 'iris@1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Schema and profile (5 columns)');
    // iris.csv: sepal_length ranges 4.3 … 7.9 over 150 rows (Fisher's data).
    expect(r.stdout).toMatch(/sepal length \(cm\)\s+numeric\s+no\s+0\s+\d+\s+4\.3\s+5\.84333\s+[\d.]+\s+7\.9/);
    expect(r.stdout).toMatch(/species\s+categorical/);
    const json = (await cli('data', 'show', 'iris', '--json')).json<{ version: number }>();
    expect(json.version).toBe(2);
  });

  it('diffs two versions: row count and the species that disappeared', async () => {
    const r = await cli('data', 'diff', 'iris@1', 'iris@2', '--json');
    expect(r.code).toBe(0);
    const body = r.json<{
      sameContent: boolean;
      identical: boolean;
      rowCount: unknown;
      changes: Array<{ kind: string; column?: string; levels?: string[] }>;
    }>();
    expect(body.sameContent).toBe(false);
    expect(body.identical).toBe(false);
    expect(body.rowCount).toEqual({ before: 150, after: 100 });
    expect(body.changes).toContainEqual({ kind: 'row-count-changed', before: 150, after: 100 });
    expect(body.changes).toContainEqual(expect.objectContaining({ kind: 'levels-removed', column: 'species', levels: ['virginica'] }));
    const human = await cli('data', 'diff', 'iris@1', 'iris@2');
    expect(human.stdout).toMatch(/\(rows\)\s+row count\s+150 → 100/);
  });

  it('says identical content when diffing a version with itself', async () => {
    const r = await cli('data', 'diff', 'iris@1', 'iris@1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('adding the same content twice returns the existing version');
  });

  it('refuses a malformed CSV with exit 3, file:line in the message, and stores nothing', async () => {
    const r = await cli('data', 'add', 'broken.csv', '--name', 'broken');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error MLP_DATA_PARSE: .*broken\.csv:3/);
    const list = (await cli('data', 'list', '--json')).json<Array<{ name: string }>>();
    expect(list.map((d) => d.name)).toEqual(['iris']);
  });

  it('refuses a path-like dataset name with exit 3 and stores nothing', async () => {
    const r = await cli('data', 'add', 'iris.csv', '--name', '../../etc/passwd', '--json');
    expect(r.code).toBe(3);
    expect(r.json()).toMatchObject({ error: { code: 'MLP_CORE_INVALID_NAME' } });
    const list = (await cli('data', 'list', '--json')).json<Array<{ name: string }>>();
    expect(list.map((d) => d.name)).toEqual(['iris']);
  });

  it('exits 4 for an unknown dataset version and for a missing file', async () => {
    expect((await cli('data', 'show', 'iris@9')).code).toBe(4);
    expect((await cli('data', 'add', 'nope.csv', '--name', 'x')).code).toBe(4);
  });

  it('exits 3 with MLP_DATA_FILE_UNREADABLE (EISDIR), not 4, for a directory given as the file', async () => {
    mkdirSync(join(project.dir, 'folder.csv'), { recursive: true });
    const r = await cli('data', 'add', 'folder.csv', '--name', 'x', '--json');
    expect(r.code).toBe(3);
    expect(r.json()).toMatchObject({ error: { code: 'MLP_DATA_FILE_UNREADABLE', details: { errno: 'EISDIR' } } });
  });

  it('exits 2 when --name is missing or --format is not a known format', async () => {
    expect((await cli('data', 'add', 'iris.csv')).code).toBe(2);
    const r = await cli('data', 'add', 'iris.csv', '--name', 'x', '--format', 'xlsx');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Allowed choices are csv, tsv, jsonl, parquet');
  });
});
