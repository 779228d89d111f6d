import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isMlpError } from '../../../../src/core/index.js';
import { assertNoExternalData } from '../../../../src/ml/interop/onnx-external-data.js';
import { exportOnnx } from '../../../../src/ml/interop/onnx-export.js';
import { loadOnnxModel } from '../../../../src/ml/interop/onnx-runtime.js';
import { importXgboostJson } from '../../../../src/ml/interop/xgboost-json.js';
import { ProtoWriter } from '../../../../src/ml/interop/protobuf.js';
import { matrixFromRows } from '../../../../src/ml/matrix.js';
import { type ExternalPlace, modelWithExternalTensor } from '../../../fixtures/ml/onnx-external.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/ml/interop');

const PLACES: ReadonlyArray<[ExternalPlace, RegExp]> = [
  ['initializer', /initializer\[0\]/],
  ['sparse-initializer', /sparse_initializer\[0\] values/],
  ['constant-value', /node\[0\] "" \(Constant\) attribute\[0\] "value"/],
  ['constant-tensors', /attribute\[0\] "values"\[1\]/],
  ['constant-sparse', /"sparse_value" values/],
  ['if-subgraph-initializer', /\(If\) attribute\[0\] "then_branch" graph "then" initializer\[0\]/],
  ['if-subgraph-constant', /"then_branch" graph "then" node\[0\] "" \(Constant\)/],
  ['nested-if', /graph "outer" node\[1\] "choose" \(If\) attribute\[0\] "then_branch" graph "inner" initializer\[0\]/],
  ['loop-graphs', /"bodies" graph\[1\] "body" initializer\[0\]/],
  ['function-node', /functions\[0\] node\[0\]/],
  ['location-only', /initializer\[0\]/],
  ['entries-only', /initializer\[0\]/],
];

function refusal(bytes: Uint8Array): { code: string | false; message: string } {
  try {
    assertNoExternalData(bytes, 'm.onnx');
  } catch (e) {
    return { code: isMlpError(e) && e.code, message: (e as Error).message };
  }
  return { code: false, message: '(accepted)' };
}

describe('assertNoExternalData: every tensor that keeps its data in a file is refused, wherever it sits', () => {
  for (const [place, where] of PLACES) {
    it(`${place}: MLP_ML_BUNDLE_INVALID naming the tensor, where it is and the file`, () => {
      const { code, message } = refusal(modelWithExternalTensor(place, '.env.local'));
      expect(code).toBe('MLP_ML_BUNDLE_INVALID');
      expect(message).toContain('tensor "secret"');
      expect(message).toMatch(where);
      if (place !== 'location-only') expect(message).toContain('".env.local"');
    });
    it(`${place}: the same model with the tensor inline passes`, () => {
      expect(refusal(modelWithExternalTensor(place, null))).toEqual({ code: false, message: '(accepted)' });
    });
  }

  it('passes the models mlpilot exports', () => {
    const trees = importXgboostJson(readFileSync(join(FIXTURES, 'xgb-categorical.model.json'), 'utf8'));
    expect(refusal(exportOnnx(trees)).code).toBe(false);
  });

  it('walks deep subgraph nesting without overflowing the stack', () => {
    // a graph 5 000 levels deep (node → attribute → graph), with nothing external in it
    let g = new ProtoWriter();
    g.string(2, 'leaf');
    let inner = g.finish();
    for (let i = 0; i < 5_000; i++) {
      const attr = new ProtoWriter();
      attr.string(1, 'g');
      attr.bytes(6, inner);
      const node = new ProtoWriter();
      node.bytes(5, attr.finish());
      g = new ProtoWriter();
      g.bytes(1, node.finish());
      inner = g.finish();
    }
    const m = new ProtoWriter();
    m.bytes(7, inner);
    expect(refusal(m.finish()).code).toBe(false);
  });
});

describe('loadOnnxModel never reads the file an external tensor names from the current directory', () => {
  let dir: string;
  const cwd = process.cwd();
  const SECRET = 'API_KEY=hunter2-super-secret';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-onnx-ext-'));
    writeFileSync(join(dir, '.env.local'), SECRET);
    process.chdir(dir);
  });
  afterAll(() => process.chdir(cwd));

  for (const place of ['initializer', 'constant-value', 'if-subgraph-initializer', 'if-subgraph-constant'] as const) {
    it(`${place}: the model with the tensor inline runs (the fixture is a valid model)`, async () => {
      const onnx = await loadOnnxModel(modelWithExternalTensor(place, null), { featureNames: ['x'] });
      expect(Array.from(await onnx.predict(matrixFromRows([[1]])))).toEqual([1.5]);
      await onnx.release();
    });
    it(`${place}: refused with MLP_ML_BUNDLE_INVALID before onnxruntime can read .env.local`, async () => {
      const load = loadOnnxModel(modelWithExternalTensor(place, '.env.local'), { location: 'evil.onnx', featureNames: ['x'] });
      await expect(load).rejects.toMatchObject({ code: 'MLP_ML_BUNDLE_INVALID', details: { location: 'evil.onnx' } });
      await expect(load).rejects.toThrow(/tensor "secret".*external file ".env.local"/);
    });
  }
});
