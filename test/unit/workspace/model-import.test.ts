import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, silentLogger } from '../../../src/core/index.js';
import {
  type BundleContent,
  exportOnnx,
  featureMatrix,
  importedBundle,
  importXgboostJson,
  linearLearner,
  type TreeEnsembleModel,
} from '../../../src/ml/index.js';
import { storeBundle, Workspace } from '../../../src/workspace/index.js';
import { caughtCode, nonRegularFiles, unreadablePaths } from '../../fixtures/fs/unreadable.js';
import { modelWithExternalTensor } from '../../fixtures/ml/onnx-external.js';

const fixtures = join(import.meta.dirname, '../../fixtures/ml/interop');

interface Cases {
  features: string[];
  rows: Array<Array<number | null>>;
  predict: number[] | number[][];
}

function casesCsv(dir: string, cases: Cases): string {
  const file = join(dir, 'cases.csv');
  const lines = [cases.features.join(','), ...cases.rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function readPredictions(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

describe('importing models trained elsewhere', () => {
  let dir: string;
  let ws: Workspace;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-import-'));
    ws = await Workspace.open({
      cwd: dir,
      config: resolveConfig({}),
      clock: new ManualClock(Date.now()),
      logger: silentLogger,
      actor: 'eve',
    });
  });
  afterEach(async () => {
    await ws.close();
  });

  // EACCES (a chmod 000 file) is among the cases only when not running as root, who can read it anyway
  it('reports a model path it cannot read by its errno (MLP_DATA_FILE_UNREADABLE), and a missing one as not found', async () => {
    const missing = join(dir, 'missing.json');
    expect(await caughtCode(() => ws.models.importFile({ name: 'm', file: missing, flavor: 'xgboost-json' }, ws.ctx))).toEqual({
      code: 'MLP_DATA_FILE_NOT_FOUND',
      details: { file: missing },
    });
    for (const p of unreadablePaths(dir)) {
      expect(
        await caughtCode(() => ws.models.importFile({ name: 'm', file: p.path, flavor: 'xgboost-json' }, ws.ctx)),
        p.what,
      ).toMatchObject({ code: 'MLP_DATA_FILE_UNREADABLE', details: { errno: p.errno } });
    }
  });

  it('refuses a model path that is not a regular file (/dev/zero, a FIFO) before reading it, and so does data add', async () => {
    for (const p of nonRegularFiles(dir)) {
      expect(await caughtCode(() => ws.models.importFile({ name: 'm', file: p.path, flavor: 'onnx' }, ws.ctx)), p.what).toMatchObject({
        code: 'MLP_DATA_FILE_UNREADABLE',
        details: { file: p.path, errno: 'EFTYPE' },
      });
      expect(await caughtCode(() => ws.datasets.add({ name: 'd', file: p.path, format: 'csv' }, ws.ctx)), p.what).toMatchObject({
        code: 'MLP_DATA_FILE_UNREADABLE',
        details: { file: p.path, errno: 'EFTYPE' },
      });
    }
    expect(await ws.store.models.list()).toEqual([]);
  });

  it('scores an imported XGBoost regressor like XGBoost did (within 1e-6)', async () => {
    const cases = JSON.parse(readFileSync(join(fixtures, 'xgb-regression.cases.json'), 'utf8')) as Cases;
    const version = await ws.models.importFile(
      { name: 'xgb-reg', file: join(fixtures, 'xgb-regression.model.json'), flavor: 'xgboost-json', features: cases.features },
      ws.ctx,
    );
    expect(version).toMatchObject({ modelName: 'xgb-reg', version: 1, runId: null, tags: { 'mlpilot.flavor': 'xgboost-json' } });
    const out = join(dir, 'pred.csv');
    await ws.predictions.predictFile({ model: 'xgb-reg@1', data: casesCsv(dir, cases), out });
    const rows = readPredictions(out).slice(1);
    expect(rows).toHaveLength(cases.rows.length);
    rows.forEach((row, i) => expect(Math.abs(Number(row[0]) - (cases.predict as number[])[i]!)).toBeLessThan(1e-6));
  });

  it('scores an imported XGBoost binary classifier with class labels and probabilities', async () => {
    const cases = JSON.parse(readFileSync(join(fixtures, 'xgb-binary.cases.json'), 'utf8')) as Cases;
    await ws.models.importFile(
      {
        name: 'xgb-bin',
        file: join(fixtures, 'xgb-binary.model.json'),
        flavor: 'xgboost-json',
        features: cases.features,
        classes: ['no', 'yes'],
      },
      ws.ctx,
    );
    const out = join(dir, 'pred.csv');
    await ws.predictions.predictFile({ model: 'xgb-bin', data: casesCsv(dir, cases), out });
    const [header, ...rows] = readPredictions(out);
    expect(header).toEqual(['prediction', 'proba_no', 'proba_yes']);
    rows.forEach((row, i) => {
      const p = (cases.predict as number[])[i]!;
      expect(Math.abs(Number(row[2]) - p)).toBeLessThan(1e-6);
      expect(row[0]).toBe(p > 0.5 ? 'yes' : 'no');
    });
  });

  it('runs an ONNX model with onnxruntime and matches the native model it was exported from', async () => {
    const names = ['a', 'b', 'c'];
    const X = featureMatrix(
      names.map((_, j) => Float64Array.from({ length: 6 }, (_v, i) => (i * (j + 1)) % 5)),
      { names },
    );
    const model = await linearLearner.fit(
      X,
      { task: 'regression', y: Float64Array.from([1, 2, 3, 4, 6, 5]) },
      linearLearner.params.parse({ alpha: 0.01 }),
      {
        seed: 0,
        threads: 1,
      },
    );
    const onnxFile = join(dir, 'model.onnx');
    writeFileSync(onnxFile, exportOnnx(model));
    await ws.models.importFile({ name: 'onnx-reg', file: onnxFile, flavor: 'onnx', features: names }, ws.ctx);
    const data = join(dir, 'x.csv');
    const rows = Array.from({ length: 6 }, (_, i) => names.map((_n, j) => (i * (j + 1)) % 5).join(','));
    writeFileSync(data, `c,b,a,extra\n${rows.map((r) => r.split(',').reverse().join(',') + ',x').join('\n')}\n`);
    const out = join(dir, 'pred.csv');
    await ws.predictions.predictFile({ model: 'onnx-reg@1', data, out });
    const expected = model.predict(X);
    readPredictions(out)
      .slice(1)
      .forEach((row, i) => expect(Math.abs(Number(row[0]) - expected[i]!)).toBeLessThan(1e-4));
  });

  it('rejects a malformed model file and stores nothing', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"learner": {}}');
    await expect(ws.models.importFile({ name: 'bad', file: bad, flavor: 'xgboost-json' }, ws.ctx)).rejects.toMatchObject({
      code: 'MLP_ML_BUNDLE_INVALID',
    });
    await expect(ws.models.importFile({ name: 'bad', file: join(dir, 'nope.onnx'), flavor: 'onnx' }, ws.ctx)).rejects.toMatchObject({
      code: 'MLP_DATA_FILE_NOT_FOUND',
    });
    expect(await ws.store.models.list()).toEqual([]);
  });
});

describe('ONNX models whose tensors point at files (external data) never read them', () => {
  const SECRET = 'API_KEY=hunter2-super-secret';
  const cwd = process.cwd();
  let dir: string;
  let ws: Workspace;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-onnx-ext-'));
    writeFileSync(join(dir, '.env.local'), SECRET);
    process.chdir(dir); // onnxruntime resolves external data against the current directory
    ws = await Workspace.open({
      cwd: dir,
      config: resolveConfig({}),
      clock: new ManualClock(Date.now()),
      logger: silentLogger,
      actor: 'eve',
    });
  });
  afterEach(async () => {
    await ws.close();
    process.chdir(cwd);
  });

  const bundle = (bytes: Uint8Array): BundleContent => ({
    flavor: 'onnx',
    signature: { inputs: [{ name: 'x', type: 'numeric', nullable: true }], output: { name: 'prediction', task: 'regression' } },
    model: { onnx: { inputName: 'x', outputNames: ['y'] } },
    arrays: {},
    files: { 'model.onnx': bytes },
  });

  for (const place of ['initializer', 'if-subgraph-initializer'] as const) {
    it(`${place}: models import refuses it, and stores nothing`, async () => {
      const file = join(dir, 'evil.onnx');
      writeFileSync(file, modelWithExternalTensor(place, '.env.local'));
      const err = await caughtCode(() => ws.models.importFile({ name: 'evil', file, flavor: 'onnx', features: ['x'] }, ws.ctx));
      expect(err.code).toBe('MLP_ML_BUNDLE_INVALID');
      expect(String(err.details.problem)).toMatch(/tensor "secret".*".env.local"/);
      expect(await ws.store.models.list()).toEqual([]);
    });

    it(`${place}: registering a run's bundle folder that holds it is refused`, async () => {
      const runId = await ws.tracker().withRun({ experiment: 'e' }, async (run) => {
        await run.logBundle('model', bundle(modelWithExternalTensor(place, '.env.local')));
        return run.id;
      });
      const err = await caughtCode(() => ws.models.registerFromRun({ name: 'evil', runId, artifactPath: 'model' }, ws.ctx));
      expect(err).toMatchObject({ code: 'MLP_ML_BUNDLE_INVALID', details: { location: `${runId}/model/model.onnx` } });
      expect(await ws.store.models.list()).toEqual([]);
    });

    it(`${place}: predict on a version stored before these checks refuses to load it; the secret never comes out`, async () => {
      const bundleDigest = await storeBundle(ws.artifacts, bundle(modelWithExternalTensor(place, '.env.local')));
      await ws.store.models.createVersion({ modelName: 'evil', runId: null, bundleDigest, signature: null }, ws.ctx);
      const data = join(dir, 'x.csv');
      writeFileSync(data, 'x\n0\n');
      const out = join(dir, 'pred.csv');
      const err = await caughtCode(() => ws.predictions.predictFile({ model: 'evil@1', data, out }));
      expect(err).toMatchObject({ code: 'MLP_ML_BUNDLE_INVALID', details: { location: 'evil@1' } });
      expect(String(err.details.problem)).toMatch(/tensor "secret".*".env.local"/);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('the same models with the tensor inline import, register and predict (x + 0.5)', async () => {
    const inline = modelWithExternalTensor('if-subgraph-initializer', null);
    const file = join(dir, 'fine.onnx');
    writeFileSync(file, inline);
    await ws.models.importFile({ name: 'fine', file, flavor: 'onnx', features: ['x'] }, ws.ctx);
    const runId = await ws.tracker().withRun({ experiment: 'e' }, async (run) => {
      await run.logBundle('model', bundle(inline));
      return run.id;
    });
    await ws.models.registerFromRun({ name: 'fine', runId, artifactPath: 'model' }, ws.ctx);
    const data = join(dir, 'x.csv');
    writeFileSync(data, 'x\n0\n2\n');
    for (const version of [1, 2]) {
      const out = join(dir, `pred${version}.csv`);
      await ws.predictions.predictFile({ model: `fine@${version}`, data, out });
      expect(readPredictions(out)).toEqual([['prediction'], ['0.5'], ['2.5']]);
    }
  });
});

describe('class labels that do not match the model outputs are refused, never paired with the wrong probabilities', () => {
  let dir: string;
  let ws: Workspace;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-classes-'));
    ws = await Workspace.open({
      cwd: dir,
      config: resolveConfig({}),
      clock: new ManualClock(Date.now()),
      logger: silentLogger,
      actor: 'eve',
    });
  });
  afterEach(async () => {
    await ws.close();
  });

  const multiclass = (): TreeEnsembleModel => importXgboostJson(readFileSync(join(fixtures, 'xgb-multiclass.model.json')));
  const cases = (): Cases => JSON.parse(readFileSync(join(fixtures, 'xgb-multiclass.cases.json'), 'utf8')) as Cases;

  it('an ONNX classifier imported with fewer or more labels than its probability columns (3)', async () => {
    const file = join(dir, 'three.onnx');
    writeFileSync(file, exportOnnx(multiclass()));
    for (const classes of [
      ['a', 'b'],
      ['a', 'b', 'c', 'd'],
    ]) {
      const err = await caughtCode(() => ws.models.importFile({ name: 'm', file, flavor: 'onnx', task: 'multiclass', classes }, ws.ctx));
      expect(err).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field: 'classes' } });
      expect(String(err.details.problem)).toContain(`${classes.length} class labels given, but the model outputs 3 class probabilities`);
    }
    const err = await caughtCode(() =>
      ws.models.importFile({ name: 'm', file, flavor: 'onnx', task: 'binary', classes: ['a', 'b', 'c'] }, ws.ctx),
    );
    expect(err).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field: 'task' } });
    expect(await ws.store.models.list()).toEqual([]);
  });

  it('the same ONNX classifier with its 3 labels imports and scores like the model it was exported from', async () => {
    const file = join(dir, 'three.onnx');
    const native = multiclass();
    writeFileSync(file, exportOnnx(native));
    const c = cases();
    await ws.models.importFile(
      { name: 'm', file, flavor: 'onnx', task: 'multiclass', classes: ['a', 'b', 'c'], features: c.features },
      ws.ctx,
    );
    const out = join(dir, 'p.csv');
    await ws.predictions.predictFile({ model: 'm@1', data: casesCsv(dir, c), out });
    const rows = readPredictions(out);
    expect(rows[0]).toEqual(['prediction', 'proba_a', 'proba_b', 'proba_c']);
    const expected = c.predict as number[]; // row-major rows × 3, from XGBoost
    expect(rows).toHaveLength(c.rows.length + 1);
    expected.forEach((v, at) => expect(Math.abs(Number(rows[Math.floor(at / 3) + 1]![(at % 3) + 1]) - v)).toBeLessThan(1e-5));
  });

  it('a stored ONNX bundle whose signature has 2 labels for 3 probability columns is refused at load, naming both counts', async () => {
    const bundleDigest = await storeBundle(ws.artifacts, {
      flavor: 'onnx',
      signature: {
        inputs: ['f0', 'f1', 'f2', 'f3'].map((name) => ({ name, type: 'numeric' as const, nullable: true })),
        output: { name: 'prediction', task: 'multiclass', classes: ['a', 'b'] },
      },
      model: { onnx: { inputName: 'input', outputNames: ['label', 'probabilities'] } },
      arrays: {},
      files: { 'model.onnx': exportOnnx(multiclass()) },
    });
    await ws.store.models.createVersion({ modelName: 'm', runId: null, bundleDigest, signature: null }, ws.ctx);
    const err = await caughtCode(() => ws.predictions.predictFile({ model: 'm@1', data: casesCsv(dir, cases()), out: join(dir, 'p.csv') }));
    expect(err).toMatchObject({ code: 'MLP_ML_BUNDLE_INVALID', details: { location: 'm@1' } });
    expect(String(err.details.problem)).toContain('2 class labels but the model outputs 3 class probabilities');
  });

  it('a stored tree bundle whose labels disagree with its trees (2 labels, 3 classes) is refused at load', async () => {
    const content = await importedBundle(readFileSync(join(fixtures, 'xgb-multiclass.model.json')), {
      flavor: 'xgboost-json',
      location: 'x',
    });
    const state = (content.model as { state: { meta: { classes: string[] } } }).state;
    state.meta.classes = ['a', 'b'];
    const bundleDigest = await storeBundle(ws.artifacts, content);
    await ws.store.models.createVersion({ modelName: 'm', runId: null, bundleDigest, signature: null }, ws.ctx);
    const err = await caughtCode(() => ws.predictions.predictFile({ model: 'm@1', data: casesCsv(dir, cases()), out: join(dir, 'p.csv') }));
    expect(err.code).toBe('MLP_ML_BUNDLE_INVALID');
    expect(String(err.details.problem)).toContain('meta.classes lists 2 class labels but the trees have 3 classes');
  });

  it('a stored bundle whose signature disagrees with its model on the class count is refused at load', async () => {
    const content = await importedBundle(readFileSync(join(fixtures, 'xgb-multiclass.model.json')), {
      flavor: 'xgboost-json',
      location: 'x',
    });
    const bundleDigest = await storeBundle(ws.artifacts, {
      ...content,
      signature: { ...content.signature, output: { ...content.signature.output, classes: ['a', 'b', 'c', 'd'] } },
    });
    await ws.store.models.createVersion({ modelName: 'm', runId: null, bundleDigest, signature: null }, ws.ctx);
    const err = await caughtCode(() => ws.predictions.predictFile({ model: 'm@1', data: casesCsv(dir, cases()), out: join(dir, 'p.csv') }));
    expect(err.code).toBe('MLP_ML_BUNDLE_INVALID');
    expect(String(err.details.problem)).toContain('the signature lists 4 classes but the model has 3');
  });

  it('an XGBoost classifier imported with the wrong number of labels is refused naming both counts', async () => {
    const err = await caughtCode(() =>
      ws.models.importFile(
        { name: 'm', file: join(fixtures, 'xgb-multiclass.model.json'), flavor: 'xgboost-json', classes: ['a', 'b'] },
        ws.ctx,
      ),
    );
    expect(err.code).toBe('MLP_ML_BUNDLE_INVALID');
    expect(String(err.details.problem)).toContain('2 labels given for 3 classes');
  });
});

describe('XGBoost models with categorical features score label data with --categories', () => {
  let dir: string;
  let ws: Workspace;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-cat-labels-'));
    ws = await Workspace.open({
      cwd: dir,
      config: resolveConfig({}),
      clock: new ManualClock(Date.now()),
      logger: silentLogger,
      actor: 'eve',
    });
  });
  afterEach(async () => {
    await ws.close();
  });

  // made by make_xgboost_label_fixture.py: XGBoost 1.7.4 trained on pandas categoricals, its own predictions
  const model = join(fixtures, 'xgb-labels.model.json');
  const labels = JSON.parse(readFileSync(join(fixtures, 'xgb-labels.categories.json'), 'utf8')) as Record<string, string[]>;
  const cases = JSON.parse(readFileSync(join(fixtures, 'xgb-labels.cases.json'), 'utf8')) as {
    features: string[];
    rows: Array<[string | null, string | null, number | null]>;
    predict: number[];
  };
  const csv = (name: string, rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string => {
    const file = join(dir, name);
    writeFileSync(
      file,
      `${cases.features.join(',')}\n${rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\n')}\n`,
    );
    return file;
  };
  const predictions = async (ref: string, data: string): Promise<number[]> => {
    const out = join(dir, 'p.csv');
    await ws.predictions.predictFile({ model: ref, data, out });
    return readPredictions(out)
      .slice(1)
      .map((r) => Number(r[0]));
  };

  it('predicts label data like XGBoost did on the pandas frame (within 1e-6), unseen labels and gaps as missing', async () => {
    await ws.models.importFile({ name: 'm', file: model, flavor: 'xgboost-json', categories: labels }, ws.ctx);
    const got = await predictions('m@1', csv('labels.csv', cases.rows));
    expect(got).toHaveLength(cases.predict.length);
    got.forEach((v, i) => expect(Math.abs(v - cases.predict[i]!), `row ${i}`).toBeLessThan(1e-6));
  });

  it('without --categories refuses label data naming the column and the option, and still takes codes', async () => {
    await ws.models.importFile({ name: 'm', file: model, flavor: 'xgboost-json' }, ws.ctx);
    const err = await caughtCode(() => predictions('m@1', csv('labels.csv', cases.rows)));
    expect(err).toMatchObject({ code: 'MLP_ML_INPUT_TYPE', details: { column: 'color' } });
    expect(String(err.details.problem)).toContain('--categories');
    const code = (column: string, label: string | null): number | null => {
      if (label === null) return null;
      const c = labels[column]!.indexOf(label);
      return c < 0 ? null : c;
    };
    const codes = cases.rows.map(([c, s, x]) => [code('color', c), code('size', s), x]);
    const got = await predictions('m@1', csv('codes.csv', codes));
    got.forEach((v, i) => expect(Math.abs(v - cases.predict[i]!), `row ${i}`).toBeLessThan(1e-6));
  });

  it('checks the labels against the model before storing anything', async () => {
    const bad: Array<[unknown, string, RegExp]> = [
      [{ colour: labels.color }, 'categories.colour', /no input "colour"/],
      [{ x: ['a'] }, 'categories.x', /numeric in the model/],
      [{ color: ['red', 'green'] }, 'categories.color', /2 labels given, but the model's splits use codes up to 4/],
      [{ color: ['red', 'green', 'blue', 'red', 'amber'] }, 'categories.color', /"red" appears twice/],
      [{ color: 'red,green' }, 'categories.color', /list of string labels/],
      [['red'], 'categories', /JSON object/],
    ];
    for (const [categories, field, problem] of bad) {
      const err = await caughtCode(() => ws.models.importFile({ name: 'm', file: model, flavor: 'xgboost-json', categories }, ws.ctx));
      expect(err, field).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field } });
      expect(String(err.details.problem)).toMatch(problem);
    }
    expect(await ws.store.models.list()).toEqual([]);
  });
});
