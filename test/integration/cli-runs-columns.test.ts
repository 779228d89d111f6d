import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { withWorkspace } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });

/** Metrics whose names sort before `rmse` and fill the 60-character METRICS cell, so `rmse` is cut off there. */
const FILLER = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`accuracy_on_segment_${i}`, 0.5]));

/** Three runs: name, rmse, max_depth. Sorted by rmse ascending: deep (0.125), mid (0.25), shallow (0.5). */
const RUNS = [
  ['shallow', 0.5, '2'],
  ['deep', 0.125, '8'],
  ['mid', 0.25, '4'],
] as const;

beforeAll(async () => {
  await withWorkspace(project.dir, async (ws) => {
    for (const [name, rmse, depth] of RUNS) {
      await ws.tracker().withRun({ experiment: 'exp', name, params: { max_depth: depth }, tags: { team: 'risk' } }, async (run) => {
        for (const [key, value] of Object.entries(FILLER)) await run.logMetric(key, value);
        await run.logMetric('rmse', rmse);
      });
    }
  });
});
afterAll(() => project.cleanup());

/** The table's lines split into cells (columns are separated by two or more spaces). */
const table = (stdout: string): string[][] =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s{2,}/));

describe('runs list|search columns', () => {
  it('the default METRICS cell is cut before rmse, so sorting by it adds a metrics.rmse column', async () => {
    const r = await cli('runs', 'search', '--order-by', 'metrics.rmse asc');
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = table(r.stdout);
    expect(header).toEqual(['ID', 'NAME', 'STATUS', 'STARTED', 'DURATION', 'metrics.rmse', 'METRICS']);
    expect(rows.map((row) => [row[1], row[5]])).toEqual([
      ['deep', '0.125'],
      ['mid', '0.25'],
      ['shallow', '0.5'],
    ]);
    expect(rows.every((row) => (row[6] ?? '').endsWith('…') && !(row[6] ?? '').includes('rmse'))).toBe(true);
  });

  it('--columns picks the columns (comma-separated or repeated), and the sort key is added when not among them', async () => {
    const r = await cli(
      'runs',
      'search',
      '--order-by',
      'metrics.rmse desc',
      '--columns',
      'params.max_depth,tags.team',
      '--columns',
      'metrics.missing',
    );
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = table(r.stdout);
    expect(header).toEqual(['ID', 'NAME', 'STATUS', 'params.max_depth', 'tags.team', 'metrics.missing', 'metrics.rmse']);
    expect(rows.map((row) => row.slice(1))).toEqual([
      ['shallow', 'finished', '2', 'risk', '-', '0.5'],
      ['mid', 'finished', '4', 'risk', '-', '0.25'],
      ['deep', 'finished', '8', 'risk', '-', '0.125'],
    ]);
  });

  it('runs list --columns keeps its order key, the start time, as a column', async () => {
    const r = await cli('runs', 'list', '--columns', 'metrics.rmse');
    const [header, ...rows] = table(r.stdout);
    expect(header).toEqual(['ID', 'NAME', 'STATUS', 'metrics.rmse', 'attributes.start_time']);
    expect(rows.map((row) => [row[1], row[3]])).toEqual([
      ['mid', '0.25'],
      ['deep', '0.125'],
      ['shallow', '0.5'],
    ]);
    expect(rows.every((row) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(row[4] ?? ''))).toBe(true);
  });

  it('a malformed column exits 3 naming it, and --json output is unchanged by --columns', async () => {
    const bad = await cli('runs', 'list', '--columns', 'attributes.nope');
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('unknown attribute "nope"');
    expect((await cli('runs', 'list', '--columns', 'foo')).code).toBe(3);
    const json = (await cli('runs', 'list', '--columns', 'metrics.rmse', '--json')).json<Array<{ metrics: Record<string, number> }>>();
    expect(Object.keys(json[0]?.metrics ?? {})).toHaveLength(7);
  });
});
