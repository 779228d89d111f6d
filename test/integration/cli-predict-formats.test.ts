import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readTable } from '../../src/data/index.js';
import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
const iris = join(EXAMPLES, 'iris.csv');

/** The rows of a predictions file as mlpilot's own reader reads them. */
async function rowsOf(file: string, format?: 'csv' | 'tsv' | 'jsonl'): Promise<Array<Record<string, unknown>>> {
  return (await readTable(join(project.dir, file), format === undefined ? {} : { format })).frame.toRows();
}

let expected: Array<Record<string, unknown>>;

beforeAll(async () => {
  const trained = await cli('train', '--data', iris, '--target', 'species', '--learner', 'naive-bayes', '--model', 'nb');
  expect(trained.code, trained.stderr).toBe(0);
  const r = await cli('predict', '--model', 'nb', '--data', iris, '--out', 'p.csv', '--json');
  expect(r.code, r.stderr).toBe(0);
  expected = await rowsOf('p.csv');
});
afterAll(() => project.cleanup());

describe('predict --out formats', () => {
  it('writes CSV for .csv: 150 rows, a label and one probability per class summing to 1', () => {
    expect(expected).toHaveLength(150);
    const first = expected[0] as Record<string, number | string>;
    expect(Object.keys(first)).toEqual(['prediction', 'proba_setosa', 'proba_versicolor', 'proba_virginica']);
    const sum = Number(first.proba_setosa) + Number(first.proba_versicolor) + Number(first.proba_virginica);
    expect(sum).toBeCloseTo(1, 9);
  });

  it.each([
    ['p.tsv', undefined, 'tsv'],
    ['p.jsonl', undefined, 'jsonl'],
    ['p.ndjson', undefined, 'jsonl'],
    ['p.csv.gz', undefined, 'csv'],
    ['p.jsonl.gz', undefined, 'jsonl'],
    ['p.out', 'jsonl', 'jsonl'],
    ['q.tsv', 'csv', 'csv'],
  ] as const)('%s (--format %s) is %s and reads back to the same rows', async (out, format, written) => {
    const r = await cli(
      'predict',
      '--model',
      'nb',
      '--data',
      iris,
      '--out',
      out,
      ...(format === undefined ? [] : ['--format', format]),
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<{ format: string }>().format).toBe(written);
    expect(await rowsOf(out, format === undefined ? undefined : written)).toEqual(expected);
  });

  it('JSON lines hold numbers as numbers', () => {
    const line = readFileSync(join(project.dir, 'p.jsonl'), 'utf8').split('\n')[0] as string;
    const row = JSON.parse(line) as Record<string, unknown>;
    expect(typeof row.prediction).toBe('string');
    expect(typeof row.proba_setosa).toBe('number');
  });

  it('refuses .parquet (exit 2: mlpilot cannot write Parquet) and an unknown extension (exit 3) before writing anything', async () => {
    const parquet = await cli('predict', '--model', 'nb', '--data', iris, '--out', 'p.parquet');
    expect(parquet.code).toBe(2);
    expect(parquet.stderr).toMatch(/MLP_CLI_USAGE: cannot write .*p\.parquet: mlpilot reads Parquet but does not write it/);
    expect(existsSync(join(project.dir, 'p.parquet'))).toBe(false);
    const txt = await cli('predict', '--model', 'nb', '--data', iris, '--out', 'p.txt', '--json');
    expect(txt.code).toBe(3);
    expect(txt.json()).toMatchObject({ error: { code: 'MLP_DATA_UNSUPPORTED_FORMAT' } });
    expect(existsSync(join(project.dir, 'p.txt'))).toBe(false);
    expect((await cli('predict', '--model', 'nb', '--data', iris, '--out', 'p.x', '--format', 'parquet')).code).toBe(2);
  });
});
