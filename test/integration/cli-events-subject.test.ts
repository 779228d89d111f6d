import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });

interface EventJson {
  type: string;
  subjectKind: string;
  subjectId: string;
}

const ids: Record<string, string> = {};
const events = async (subject: string): Promise<EventJson[]> => {
  const r = await cli('events', 'list', '--subject', subject, '--json');
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r.json<EventJson[]>();
};

beforeAll(async () => {
  expect((await cli('data', 'add', `${EXAMPLES}/iris.csv`, '--name', 'iris')).code).toBe(0);
  expect((await cli('experiments', 'create', 'exp')).code).toBe(0);
  for (const name of ['churn', 'other', 'gone']) expect((await cli('models', 'create', name)).code).toBe(0);
  expect((await cli('models', 'tag', 'churn', 'team', 'risk')).code).toBe(0);
  ids.model = (await cli('models', 'show', 'churn', '--json')).json<{ id: string }>().id;
  ids.gone = (await cli('models', 'show', 'gone', '--json')).json<{ id: string }>().id;
  ids.dataset = (await cli('data', 'show', 'iris', '--json')).json<{ datasetId: string }>().datasetId;
  ids.experiment = (await cli('experiments', 'list', '--json')).json<Array<{ id: string; name: string }>>().find((e) => e.name === 'exp')
    ?.id as string;
  expect((await cli('models', 'delete', 'gone')).code).toBe(0);
});
afterAll(() => project.cleanup());

describe('events list --subject KIND:NAME', () => {
  it('model:NAME lists that model’s events (its internal id resolved through the store), and model:ID the same', async () => {
    const byName = await events('model:churn');
    expect(byName.map((e) => e.type)).toEqual(['model.created', 'model.tagged']);
    expect(new Set(byName.map((e) => e.subjectId))).toEqual(new Set([ids.model]));
    expect(await events(`model:${ids.model}`)).toEqual(byName);
  });

  it('dataset:NAME and experiment:NAME resolve the same way', async () => {
    const dataset = await events('dataset:iris');
    expect(dataset.length).toBeGreaterThan(0);
    expect(dataset.every((e) => e.subjectKind === 'dataset' && e.subjectId === ids.dataset)).toBe(true);
    const experiment = await events('experiment:exp');
    expect(experiment.map((e) => e.type)).toEqual(['experiment.created']);
    expect(experiment[0]?.subjectId).toBe(ids.experiment);
  });

  it('an unknown name exits 4 naming it; a deleted model is still found by its id; run ids are taken as given', async () => {
    const unknown = await cli('events', 'list', '--subject', 'model:nope');
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/MLP_STORE_NOT_FOUND: model "nope" not found; .*mlpilot models list/);
    expect((await cli('events', 'list', '--subject', 'model:gone')).code).toBe(4);
    expect((await events(`model:${ids.gone}`)).map((e) => e.type)).toEqual(['model.created', 'model.deleted']);
    expect(await events('run:01NOSUCHRUN')).toEqual([]);
  });
});
