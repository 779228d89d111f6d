/**
 * The CLI's housekeeping an MLflow user expects: artifacts by run path or digest prefix, run tags and restore,
 * model and version descriptions and deletion, a short `models show`, and `models export --format`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, tempProject } from '../fixtures/cli/run-cli.js';
import { EXAMPLES, seedRuns, type SeededRuns } from '../fixtures/cli/seed.js';

const project = tempProject();
const cli = (...argv: string[]) => runCli(argv, { cwd: project.dir });
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const WEIGHTS = JSON.stringify({ w: [1, 2, 3] });
let runs: SeededRuns;

beforeAll(async () => {
  expect((await cli('data', 'add', `${EXAMPLES}/iris.csv`, '--name', 'iris')).code).toBe(0);
  runs = await seedRuns(project.dir);
});
afterAll(() => project.cleanup());

describe('mlpilot artifacts get', () => {
  it("copies a run's artifact by its logical path, verified", async () => {
    const r = await cli('artifacts', 'get', runs.c, 'model/weights.json', '--out', 'weights.json', '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ run: runs.c, path: 'model/weights.json', digest: sha256(WEIGHTS), size: WEIGHTS.length });
    expect(readFileSync(join(project.dir, 'weights.json'), 'utf8')).toBe(WEIGHTS);
    const plain = await cli('artifacts', 'get', runs.c, 'model/meta.json', '--out', 'meta.json');
    expect(plain.stdout).toContain(`from run ${runs.c}: model/meta.json`);
  });

  it('names the files of a folder path, the run paths of an unknown path, and asks for the path after a run id alone', async () => {
    const folder = await cli('artifacts', 'get', runs.c, 'model', '--out', 'x');
    expect(folder.code).toBe(4);
    expect(folder.stderr).toContain('it is a folder; name one of its files: model/meta.json, model/weights.json');
    const unknown = await cli('artifacts', 'get', runs.c, 'nope.bin', '--out', 'x');
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('the run has model/meta.json, model/weights.json');
    const alone = await cli('artifacts', 'get', runs.c, '--out', 'x');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain(`mlpilot artifacts get ${runs.c} PATH --out FILE`);
    expect((await cli('artifacts', 'get', runs.c, '../secret', '--out', 'x')).code).toBe(3);
  });

  it('accepts a unique digest prefix of 8 or more hex characters and refuses a shorter one', async () => {
    const digest = sha256(WEIGHTS);
    const r = await cli('artifacts', 'get', digest.slice(0, 8), '--out', 'by-prefix.json', '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ digest });
    expect(readFileSync(join(project.dir, 'by-prefix.json'), 'utf8')).toBe(WEIGHTS);
    const short = await cli('artifacts', 'get', digest.slice(0, 7), '--out', 'x');
    expect(short.code).toBe(3);
    expect(short.stderr).toContain('MLP_ARTIFACT_INVALID_DIGEST');
    expect((await cli('artifacts', 'get', '00000000', '--out', 'x')).code).toBe(4);
  });
});

describe('mlpilot runs tag and restore', () => {
  it('tags an ended run, refuses writes to a deleted one with exit 5, and restores it', async () => {
    const tagged = await cli('runs', 'tag', runs.a, 'reviewed', 'yes', '--json');
    expect(tagged.code).toBe(0);
    expect(tagged.json()).toMatchObject({ id: runs.a, status: 'finished', tags: { team: 'risk', reviewed: 'yes' } });
    expect((await cli('runs', 'delete', runs.a)).code).toBe(0);
    const refused = await cli('runs', 'tag', runs.a, 'late', 'no');
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('MLP_STORE_RUN_DELETED');
    expect(refused.stderr).toContain(`mlpilot runs restore ${runs.a}`);
    expect((await cli('runs', 'list', '--json')).json<Array<{ id: string }>>().map((r) => r.id)).not.toContain(runs.a);
    const restored = await cli('runs', 'restore', runs.a);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`restored run ${runs.a} (run-a)`);
    expect((await cli('runs', 'list', '--json')).json<Array<{ id: string }>>().map((r) => r.id)).toContain(runs.a);
    expect((await cli('runs', 'tag', runs.a, 'late', 'no', '--json')).json()).toMatchObject({ tags: { late: 'no' } });
    expect((await cli('runs', 'restore', '01jnosuchrun0000000000000a')).code).toBe(4);
  });
});

describe('mlpilot models update, delete and show', () => {
  it('describes a model and a version, and clears a description with ""', async () => {
    expect((await cli('models', 'register', 'desc', '--run', runs.c, '--artifact', 'model')).code).toBe(0);
    const model = await cli('models', 'update', 'desc', '--description', 'monthly churn', '--json');
    expect(model.json()).toEqual({ model: 'desc', version: null, description: 'monthly churn' });
    const version = await cli('models', 'update', 'desc@1', '--description', 'first cut');
    expect(version.stdout).toContain('described desc@1: first cut');
    expect((await cli('models', 'show', 'desc@1', '--json')).json()).toMatchObject({ description: 'first cut' });
    expect((await cli('models', 'update', 'desc@latest', '--description', '')).stdout).toContain('cleared the description of desc@1');
    expect((await cli('models', 'show', 'desc', '--json')).json()).toMatchObject({
      description: 'monthly churn',
      versions: [{ description: null }],
    });
    expect((await cli('models', 'update', 'desc@7', '--description', 'x')).code).toBe(4);
  });

  it('deletes a version and a model, refusing while an alias points at them and naming the alias', async () => {
    for (let i = 0; i < 3; i++) expect((await cli('models', 'register', 'gone', '--run', runs.c, '--artifact', 'model')).code).toBe(0);
    expect((await cli('models', 'alias', 'gone', 'champion', '2')).code).toBe(0);
    const refused = await cli('models', 'delete', 'gone@champion');
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('alias "champion" points at it');
    const deleted = await cli('models', 'delete', 'gone@3', '--json');
    expect(deleted.json()).toEqual({ model: 'gone', version: 3, deleted: true });
    expect((await cli('models', 'versions', 'gone', '--json')).json<Array<{ version: number }>>().map((v) => v.version)).toEqual([1, 2]);
    expect((await cli('models', 'register', 'gone', '--run', runs.c, '--artifact', 'model', '--json')).json()).toMatchObject({
      version: 4,
    });
    const whole = await cli('models', 'delete', 'gone');
    expect(whole.code).toBe(5);
    expect(whole.stderr).toContain('"champion" (version 2)');
    expect((await cli('models', 'unalias', 'gone', 'champion')).code).toBe(0);
    const gone = await cli('models', 'delete', 'gone');
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain('deleted model gone and all its versions');
    expect((await cli('models', 'show', 'gone')).code).toBe(4);
    const events = await cli('events', 'list', '--type', 'model.version_deleted,model.deleted', '--json');
    expect(events.json<Array<{ type: string; payload: { version?: number } }>>().map((e) => [e.type, e.payload.version])).toEqual([
      ['model.version_deleted', 3],
      ['model.deleted', undefined],
    ]);
  });

  it('shows the signature as a table of inputs and one output line, the full JSON only with --json', async () => {
    const signature = {
      inputs: [
        { name: 'petal length (cm)', type: 'numeric', nullable: false },
        { name: 'colour', type: 'categorical', nullable: true },
      ],
      output: { name: 'species', task: 'multiclass', classes: ['setosa', 'versicolor', 'virginica'] },
    };
    writeFileSync(join(project.dir, 'sig.json'), JSON.stringify(signature));
    expect((await cli('models', 'register', 'sig', '--run', runs.c, '--artifact', 'model', '--signature', 'sig.json')).code).toBe(0);
    const shown = await cli('models', 'show', 'sig@1');
    expect(shown.stdout).toMatch(/INPUT\s+TYPE\s+NULLABLE/);
    expect(shown.stdout).toMatch(/petal length \(cm\)\s+numeric\s+no/);
    expect(shown.stdout).toMatch(/colour\s+categorical\s+yes/);
    expect(shown.stdout).toContain('output: species (multiclass; classes setosa, versicolor, virginica)');
    expect(shown.stdout).not.toContain('"inputs"');
    expect((await cli('models', 'show', 'sig@1', '--json')).json<{ signature: unknown }>().signature).toEqual(signature);

    const wide = {
      inputs: Array.from({ length: 25 }, (_, i) => ({ name: `f${i}`, type: 'numeric', nullable: false })),
      output: { name: 'y' },
    };
    writeFileSync(join(project.dir, 'wide.json'), JSON.stringify(wide));
    expect((await cli('models', 'register', 'wide', '--run', runs.c, '--artifact', 'model', '--signature', 'wide.json')).code).toBe(0);
    const wideShown = await cli('models', 'show', 'wide@1');
    expect(wideShown.stdout).toContain('f19');
    expect(wideShown.stdout).not.toMatch(/\bf20\b/);
    expect(wideShown.stdout).toContain('… and 5 more inputs (all with --json)');
    expect(wideShown.stdout).toContain('output: y');
  });
});

describe('mlpilot models export --format', () => {
  it('writes ONNX with --format onnx (the default) and refuses other formats with exit 2', async () => {
    const interop = join(import.meta.dirname, '../fixtures/ml/interop');
    const features = (JSON.parse(readFileSync(join(interop, 'xgb-regression.cases.json'), 'utf8')) as { features: string[] }).features;
    const model = join(interop, 'xgb-regression.model.json');
    expect((await cli('models', 'import', model, '--name', 'xgb', '--flavor', 'xgboost-json', '--features', features.join(','))).code).toBe(
      0,
    );
    const explicit = await cli('models', 'export', 'xgb@1', '--format', 'onnx', '--out', 'a.onnx', '--json');
    expect(explicit.code).toBe(0);
    expect(explicit.json()).toMatchObject({ model: 'xgb', version: 1, format: 'onnx' });
    expect((await cli('models', 'export', 'xgb@1', '--out', 'b.onnx')).code).toBe(0);
    expect(readFileSync(join(project.dir, 'a.onnx')).equals(readFileSync(join(project.dir, 'b.onnx')))).toBe(true);
    const other = await cli('models', 'export', 'xgb@1', '--format', 'pmml', '--out', 'c.pmml');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('onnx');
    const help = await cli('models', 'export', '--help');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      '--format <format> export format (onnx is the only one so far) (choices: "onnx", default: "onnx")',
    );
  });
});
