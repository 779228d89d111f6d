import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/index.js';
import { Capture, runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES, seedRuns, type SeededRuns } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
let runs: SeededRuns;

/** Waits (bounded, 10 s) until `ready()` holds; the follow test polls output instead of sleeping fixed times. */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(ready()).toBe(true);
}

beforeAll(async () => {
  expect((await cli('data', 'add', `${EXAMPLES}/iris.csv`, '--name', 'iris')).code).toBe(0);
  runs = await seedRuns(project.dir);
});
afterAll(() => project.cleanup());

describe('mlpilot models, lineage and events', () => {
  it('registers a run folder as version 1 and a single file as version 2, with the run metrics', async () => {
    const v1 = await cli('models', 'register', 'iris-clf', '--run', runs.c, '--artifact', 'model', '--json');
    expect(v1.code).toBe(0);
    expect(v1.json()).toMatchObject({ modelName: 'iris-clf', version: 1, runId: runs.c, metrics: { auc: 0.9 } });
    const v2 = await cli('models', 'register', 'iris-clf', '--run', runs.c, '--artifact', 'model/weights.json');
    expect(v2.code).toBe(0);
    expect(v2.stdout).toContain('registered iris-clf@2');
  });

  it('records a --signature file as the version signature, and exits 3 when it is not JSON', async () => {
    const signature = { inputs: [{ name: 'petal length (cm)', type: 'numeric' }], output: { type: 'categorical' } };
    writeFileSync(join(project.dir, 'signature.json'), JSON.stringify(signature));
    writeFileSync(join(project.dir, 'bad.json'), '{inputs: [}');
    const r = await cli('models', 'register', 'signed', '--run', runs.c, '--artifact', 'model', '--signature', 'signature.json', '--json');
    expect(r.code).toBe(0);
    expect(r.json<{ signature: unknown }>().signature).toEqual(signature);
    const shown = await cli('models', 'show', 'signed@1');
    expect(shown.stdout).toMatch(/model version:\s+signed@1/);
    expect(shown.stdout).toMatch(/petal length \(cm\)\s+numeric\s+-/);
    expect(shown.stdout).toContain('output: - (categorical)');
    expect(shown.stdout).toMatch(/auc\s+0\.9/);
    const bad = await cli('models', 'register', 'signed', '--run', runs.c, '--artifact', 'model', '--signature', 'bad.json');
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('bad.json');
    expect((await cli('models', 'versions', 'signed', '--json')).json<unknown[]>()).toHaveLength(1);
  });

  it('exits 4 for a missing --signature file and 3 (MLP_DATA_FILE_UNREADABLE, EISDIR) for a directory', async () => {
    const missing = await cli(
      'models',
      'register',
      'signed2',
      '--run',
      runs.c,
      '--artifact',
      'model',
      '--signature',
      'nope.json',
      '--json',
    );
    expect(missing.code).toBe(4);
    expect(missing.json()).toMatchObject({ error: { code: 'MLP_DATA_FILE_NOT_FOUND' } });
    mkdirSync(join(project.dir, 'sig-folder.json'), { recursive: true });
    const folder = await cli(
      'models',
      'register',
      'signed2',
      '--run',
      runs.c,
      '--artifact',
      'model',
      '--signature',
      'sig-folder.json',
      '--json',
    );
    expect(folder.code).toBe(3);
    expect(folder.json()).toMatchObject({ error: { code: 'MLP_DATA_FILE_UNREADABLE', details: { errno: 'EISDIR' } } });
  });

  it('exits 4 for an artifact path the run does not have', async () => {
    const r = await cli('models', 'register', 'iris-clf', '--run', runs.c, '--artifact', 'nope');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('model/weights.json');
  });

  it('moves an alias and reports the previous version; the move is an event', async () => {
    const first = await cli('models', 'alias', 'iris-clf', 'champion', '1', '--json');
    expect(first.json()).toEqual({ model: 'iris-clf', alias: 'champion', version: 1, previousVersion: null });
    const moved = await cli('models', 'alias', 'iris-clf', 'champion', '2');
    expect(moved.stdout).toBe('iris-clf@champion → version 2 (was 1)\n');
    const events = (await cli('events', 'list', '--type', 'model.alias_set', '--json')).json<
      Array<{ type: string; payload: Record<string, unknown> }>
    >();
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.type === 'model.alias_set')).toBe(true);
    const show = (await cli('models', 'show', 'iris-clf', '--json')).json<{ aliases: Record<string, number>; versions: unknown[] }>();
    expect(show.aliases).toEqual({ champion: 2 });
    expect(show.versions).toHaveLength(2);
  });

  it('removes an alias, and exits 3 for a version that is not a number', async () => {
    expect((await cli('models', 'alias', 'iris-clf', 'challenger', '1')).code).toBe(0);
    expect((await cli('models', 'unalias', 'iris-clf', 'challenger')).code).toBe(0);
    const show = (await cli('models', 'show', 'iris-clf', '--json')).json<{ aliases: Record<string, number> }>();
    expect(show.aliases).toEqual({ champion: 2 });
    expect((await cli('models', 'alias', 'iris-clf', 'champion', 'two')).code).toBe(3);
  });

  it('tags a model and a version', async () => {
    expect((await cli('models', 'tag', 'iris-clf', 'team', 'risk')).code).toBe(0);
    expect((await cli('models', 'tag', 'iris-clf@1', 'validated', 'yes')).code).toBe(0);
    const versions = (await cli('models', 'versions', 'iris-clf', '--json')).json<
      Array<{ version: number; tags: Record<string, string> }>
    >();
    expect(versions.find((v) => v.version === 1)?.tags).toEqual({ validated: 'yes' });
    const list = (await cli('models', 'list', '--json')).json<Array<{ name: string; tags: Record<string, string> }>>();
    expect(list.map((m) => m.name).sort()).toEqual(['iris-clf', 'signed']);
    expect(list.find((m) => m.name === 'iris-clf')?.tags).toEqual({ team: 'risk' });
  });

  it('traces a model version to its run, code and dataset as a tree', async () => {
    const r = await cli('lineage', 'model', 'iris-clf@champion');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^model iris-clf@2 \[champion\]/);
    expect(lines[1]).toMatch(new RegExp(`^└─ run ${runs.c} "run-c" \\(finished`));
    expect(lines[2]).toMatch(/^ {3}├─ code: /);
    expect(lines[3]).toMatch(/^ {3}└─ data iris@1 \(train\)/);
    const json = (await cli('lineage', 'model', 'iris-clf@1', '--json')).json<{
      run: { id: string };
      datasets: Array<{ datasetName: string; version: number }>;
    }>();
    expect(json.run.id).toBe(runs.c);
    expect(json.datasets).toEqual([expect.objectContaining({ datasetName: 'iris', version: 1 })]);
  });

  it('lists every run and model version that used a dataset version', async () => {
    const r = await cli('lineage', 'data', 'iris@1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`run ${runs.c} "run-c" (train, finished)`);
    expect(r.stdout).toContain('model iris-clf@1');
    expect(r.stdout).toContain('model iris-clf@2 [champion]');
    expect((await cli('lineage', 'data', '../etc@1')).code).toBe(3);
    expect((await cli('lineage', 'model', 'nope@1')).code).toBe(4);
  });

  it('filters events by subject and time, and rejects a bad --since with exit 2', async () => {
    const forRun = (await cli('events', 'list', '--subject', `run:${runs.c}`, '--json')).json<Array<{ subjectId: string }>>();
    expect(forRun.length).toBeGreaterThan(0);
    expect(forRun.every((e) => e.subjectId === runs.c)).toBe(true);
    const recent = (await cli('events', 'list', '--since', '1h', '--limit', '3', '--json')).json<unknown[]>();
    expect(recent).toHaveLength(3);
    const future = (await cli('events', 'list', '--since', '2999-01-01', '--json')).json<unknown[]>();
    expect(future).toEqual([]);
    expect((await cli('events', 'list', '--since', 'yesterday')).code).toBe(2);
    const badType = await cli('events', 'list', '--type', 'model.renamed');
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('model.alias_set');
    const types = (await cli('events', 'types', '--json')).json<Array<{ type: string }>>();
    expect(types.map((t) => t.type)).toContain('model.alias_set');
  });

  it('follows the event log until stopped, printing new events as JSON lines', async () => {
    const controller = new AbortController();
    const stdout = new Capture();
    const stderr = new Capture();
    const following = main(['events', 'list', '--follow', '--type', 'model.alias_set', '--limit', '1', '--json'], {
      stdout,
      stderr,
      env: {},
      cwd: project.dir,
      signal: controller.signal,
    });
    await until(() => stderr.text.includes('following new events'));
    expect((await cli('models', 'alias', 'iris-clf', 'staging', '1')).code).toBe(0);
    await until(() => stdout.text.includes('"staging"'));
    controller.abort();
    expect(await following).toBe(0);
    const lines = stdout.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; payload: { alias?: string } });
    expect(lines.map((e) => e.type)).toEqual(['model.alias_set', 'model.alias_set']);
    expect(lines[1]?.payload.alias).toBe('staging');
  });
});
