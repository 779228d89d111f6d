/**
 * `mlpilot monitor list|status|alerts|incidents|evaluate` on a project whose config declares monitors: a model
 * trained on iris (its training data is the drift reference), predictions ingested with a shifted second half,
 * one evaluation round, the alert and the open incident, and what bad input answers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
const SECRET = 'never-print-this-secret';

beforeAll(async () => {
  const trained = await cli(
    'train',
    '--data',
    join(EXAMPLES, 'iris.csv'),
    '--target',
    'species',
    '--learner',
    'naive-bayes',
    '--model',
    'nb',
  );
  expect(trained.code, trained.stderr).toBe(0);
  const monitors = [
    {
      name: 'petal-drift',
      model: 'nb',
      signal: { kind: 'drift', column: 'petal length (cm)' },
      window: { rows: 50 },
      threshold: { above: 0.2 },
      actions: [{ kind: 'webhook', url: 'http://127.0.0.1:9/unused', secret: SECRET, on: ['incident.resolved'] }],
    },
  ];
  writeFileSync(join(project.dir, 'mlpilot.config.json'), JSON.stringify({ monitors }));
  // 50 iris rows as they are, then 50 with petals 3 cm longer.
  const rows = readFileSync(join(EXAMPLES, 'iris.csv'), 'utf8').trim().split('\n').slice(1);
  const lines = Array.from({ length: 100 }, (_, i) => {
    const [sl, sw, pl, pw] = (rows[(i * 7) % rows.length] as string).split(',').map(Number) as [number, number, number, number];
    const inputs = { 'sepal length (cm)': sl, 'sepal width (cm)': sw, 'petal length (cm)': i < 50 ? pl : pl + 3, 'petal width (cm)': pw };
    return JSON.stringify({ id: `r${i}`, timestamp: Date.UTC(2026, 0, 1) + i * 1000, inputs, outputs: { prediction: 'setosa' } });
  });
  writeFileSync(join(project.dir, 'predictions.jsonl'), `${lines.join('\n')}\n`);
  const ingested = await cli('monitor', 'ingest', '--model', 'nb', '--predictions', 'predictions.jsonl');
  expect(ingested.code, ingested.stderr).toBe(0);
}, 120_000);
afterAll(() => project.cleanup());

describe('mlpilot monitor (alerts)', () => {
  it('lists the configured monitors with secrets hidden', async () => {
    const listed = await cli('monitor', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(listed.json<Array<{ source: string; spec: { name: string } }>>().map((m) => [m.spec.name, m.source])).toEqual([
      ['petal-drift', 'config'],
    ]);
    expect(listed.stdout).not.toContain(SECRET);
    expect((await cli('monitor', 'list')).stdout).toMatch(
      /petal-drift\s+nb\s+drift petal length \(cm\) \(psi\)\s+50 rows\s+> 0\.2\s+webhook\s+config/,
    );
    expect((await cli('config', 'show', '--json')).stdout).not.toContain(SECRET);
  });

  it('evaluates the two row windows: the shifted one alerts and opens an incident', async () => {
    const before = await cli('monitor', 'status', 'petal-drift', '--json');
    expect(before.json()).toMatchObject({ state: 'never-evaluated' });
    const round = await cli('monitor', 'evaluate', '--json');
    expect(round.code, round.stderr).toBe(0);
    const [summary] = round.json<{
      monitors: Array<{ monitor: string; windows: number; alerts: number; transitions: Array<{ window: string; transition: string }> }>;
    }>().monitors;
    expect(summary).toMatchObject({
      monitor: 'petal-drift',
      windows: 2,
      alerts: 1,
      transitions: [{ window: 'rows:50-100', transition: 'opened' }],
    });
    const again = await cli('monitor', 'evaluate', '--json');
    expect(again.json<{ monitors: Array<{ windows: number }> }>().monitors[0]?.windows).toBe(0);

    const status = await cli('monitor', 'status', 'petal-drift', '--json');
    expect(status.json()).toMatchObject({
      state: 'alert',
      subject: 'nb/petal length (cm)',
      lastEvaluation: { window: { key: 'rows:50-100' }, status: 'alert' },
    });
    const table = await cli('monitor', 'status', 'petal-drift');
    expect(table.stdout).toContain('recent windows:');
    expect(table.stdout).toMatch(/rows:0-50\s+healthy/);

    const alerts = await cli('monitor', 'alerts', '--monitor', 'petal-drift', '--json');
    expect(alerts.json<Array<{ window: string; value: number }>>().map((a) => a.window)).toEqual(['rows:50-100']);
    const incidents = await cli('monitor', 'incidents', '--open', '--json');
    expect(incidents.json<Array<{ monitor: string; status: string; alertCount: number }>>()).toMatchObject([
      { monitor: 'petal-drift', status: 'open', alertCount: 1 },
    ]);
  });

  it('answers an unknown monitor with exit 4 and a bad --since with exit 2', async () => {
    const missing = await cli('monitor', 'status', 'nope');
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('MLP_MONITOR_NOT_FOUND');
    expect((await cli('monitor', 'alerts', '--since', 'yesterday-ish')).code).toBe(2);
  });
});
