/**
 * `mlpilot monitor drift` end to end: files and dataset versions as sources, exit 0 without dataset drift and 10
 * with it, the JSON report, the HTML report on disk with a hostile column name escaped, and bad input refused
 * with its catalog code. Data is generated here (seeded).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DriftReport } from '../../src/monitor/index.js';
import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { normal } from '../fixtures/monitor/frames.js';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

/** A CSV with a numeric column, a categorical one and a numeric column named `<script>`; `shift` moves both numeric ones. */
function writeCsv(file: string, rows: number, seed: number, shift: number, colours: readonly string[]): string {
  const x = normal(rows, seed, shift);
  const y = normal(rows, seed + 100, shift * 2);
  const lines = ['x,colour,<script>'];
  for (let i = 0; i < rows; i++)
    lines.push(`${(x[i] as number).toFixed(4)},${colours[i % colours.length] as string},${(y[i] as number).toFixed(4)}`);
  const path = join(project.dir, file);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('mlpilot monitor drift', () => {
  it('exits 0 without dataset drift and 10 with it, with the JSON report and an escaped HTML report', async () => {
    writeCsv('ref.csv', 300, 1, 0, ['red', 'green', 'blue']);
    writeCsv('same.csv', 300, 2, 0, ['red', 'green', 'blue']);
    writeCsv('moved.csv', 300, 3, 1.5, ['red', 'red', 'purple']);

    const calm = await runCli(['monitor', 'drift', '--reference', 'ref.csv', '--current', 'same.csv', '--json'], { cwd: project.dir });
    expect(calm.stderr).toBe('');
    expect(calm.code).toBe(0);
    const calmReport = calm.json<DriftReport>();
    expect(calmReport.dataset.drift).toBe(false);
    expect(calmReport.columns.map((c) => c.method).sort()).toEqual(['chi-squared', 'ks', 'ks']);

    const moved = await runCli(
      ['monitor', 'drift', '--reference', 'ref.csv', '--current', 'moved.csv', '--report', 'drift.html', '--json'],
      { cwd: project.dir },
    );
    expect(moved.code).toBe(10);
    const report = moved.json<DriftReport>();
    expect(report.dataset).toMatchObject({ compared: 3, drifted: 3, share: 1, drift: true });
    const colour = report.columns.find((c) => c.column === 'colour');
    expect(colour?.newCategories).toEqual(['purple']);
    expect(colour?.effectSize?.name).toBe('cramers-v');
    for (const c of report.columns) {
      expect(c.adjustedPValue).toBeGreaterThanOrEqual(c.score as number);
      expect(c.sizes).toEqual({ reference: 300, referenceMissing: 0, current: 300, currentMissing: 0 });
      expect(c.choice?.by).toBe('auto');
    }
    const html = readFileSync(join(project.dir, 'drift.html'), 'utf8');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script');

    const human = await runCli(['monitor', 'drift', '--reference', 'ref.csv', '--current', 'moved.csv'], { cwd: project.dir });
    expect(human.code).toBe(10);
    expect(human.stdout).toMatch(/dataset drift: 3 of 3 columns drifted/);
  });

  it('reads dataset versions, pins a method and threshold for all columns, and limits the columns', async () => {
    writeCsv('ref.csv', 400, 4, 0, ['a', 'b']);
    writeCsv('cur.csv', 400, 5, 0.3, ['a', 'b']);
    expect((await runCli(['data', 'add', 'ref.csv', '--name', 'base'], { cwd: project.dir })).code).toBe(0);
    const r = await runCli(
      [
        'monitor',
        'drift',
        '--reference',
        'base@1',
        '--current',
        'cur.csv',
        '--columns',
        'x',
        '--method',
        'psi',
        '--threshold',
        '0.5',
        '--json',
      ],
      {
        cwd: project.dir,
      },
    );
    expect(r.code).toBe(0);
    const report = r.json<DriftReport>();
    expect(report.reference.label).toBe('base@1');
    expect(report.columns.map((c) => [c.column, c.method, c.threshold, c.choice?.by])).toEqual([['x', 'psi', 0.5, 'pinned']]);
    expect(report.skipped).toEqual([]);
  });

  it('refuses an unknown method (exit 2), an empty current file (exit 3) and a missing file (exit 4)', async () => {
    writeCsv('ref.csv', 20, 6, 0, ['a']);
    writeFileSync(join(project.dir, 'empty.csv'), 'x,colour,<script>\n');
    const unknown = await runCli(['monitor', 'drift', '--reference', 'ref.csv', '--current', 'ref.csv', '--method', 'nope'], {
      cwd: project.dir,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('MLP_CORE_UNKNOWN_ID');
    const empty = await runCli(['monitor', 'drift', '--reference', 'ref.csv', '--current', 'empty.csv'], { cwd: project.dir });
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain('MLP_DRIFT_EMPTY_DATA');
    const missing = await runCli(['monitor', 'drift', '--reference', 'ref.csv', '--current', 'gone.csv'], { cwd: project.dir });
    expect(missing.code).toBe(4);
    expect(existsSync(join(project.dir, 'drift.html'))).toBe(false);
  });
});

describe('mlpilot monitor methods', () => {
  it('lists every method with its kind, threshold and column types', async () => {
    const r = await runCli(['monitor', 'methods', '--json'], { cwd: project.dir });
    expect(r.code).toBe(0);
    const methods = r.json<Array<{ id: string; kind: string; defaultThreshold: number; columnTypes: string[]; multivariate: boolean }>>();
    expect(methods).toHaveLength(11);
    expect(methods.find((m) => m.id === 'wasserstein')).toMatchObject({
      kind: 'distance',
      defaultThreshold: 0.1,
      columnTypes: ['numeric'],
    });
    expect(methods.find((m) => m.id === 'domain-classifier')).toMatchObject({ multivariate: true, defaultThreshold: 0.55 });
    expect(methods.filter((m) => (m as { profiles?: boolean }).profiles).map((m) => m.id)).toEqual([
      'chi-squared',
      'hellinger',
      'jensen-shannon',
      'psi',
    ]);
    const human = await runCli(['monitor', 'methods'], { cwd: project.dir });
    expect(human.stdout).toMatch(/^ID\s+KIND/);
  });
});
