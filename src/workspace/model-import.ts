import { readFile } from 'node:fs/promises';

import type { ArtifactStore } from '../artifacts/index.js';
import { assertName, FileNotFoundError, type JsonObject, ValidationError } from '../core/index.js';
import type { BundleFlavor, Signature, Task, TreeEnsembleModel } from '../ml/index.js';
import type { ModelVersion, Store, WriteContext } from '../store/index.js';

/** Flavors a model file can be imported from. */
export const IMPORT_FLAVORS = ['xgboost-json', 'lightgbm-text', 'onnx'] as const;
export type ImportFlavor = (typeof IMPORT_FLAVORS)[number];

/** What `mlpilot models import` asks for. */
export interface ImportRequest {
  name: string;
  file: string;
  flavor: ImportFlavor;
  /** Input column names, in the model's feature order (default: recorded in the file, else `f0, f1, …`). */
  features?: string[];
  /** Class labels of a classifier, in class-index order. */
  classes?: string[];
  /** Task of an ONNX model (the file does not say); tree models know theirs. Default regression. */
  task?: Task;
  description?: string;
}

/** File inside an imported bundle that keeps the original model bytes. */
export const SOURCE_FILES: Readonly<Record<ImportFlavor, string>> = {
  'xgboost-json': 'source/model.json',
  'lightgbm-text': 'source/model.txt',
  onnx: 'model.onnx',
};

/**
 * Imports a model trained elsewhere as a new model version. XGBoost JSON and LightGBM text become native trees
 * (the fast predictor serves them; the original file is kept in the bundle); ONNX files are kept as they are and
 * run by onnxruntime. The file is parsed and validated before anything is stored.
 * @throws MLP_ML_BUNDLE_INVALID for a malformed or unsupported model, MLP_DATA_FILE_NOT_FOUND.
 */
export async function importModelFile(
  deps: { store: Store; artifacts: ArtifactStore },
  request: ImportRequest,
  ctx: WriteContext,
): Promise<ModelVersion> {
  assertName(request.name, 'name');
  const { encodeBundle, importLightgbmText, importXgboostJson, loadOnnxModel } = await import('../ml/index.js');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(request.file);
  } catch (error) {
    throw FileNotFoundError({ file: request.file }, error);
  }
  const location = request.file;
  let signature: Signature;
  let arrays = {};
  let model: JsonObject;
  if (request.flavor === 'onnx') {
    const onnx = await loadOnnxModel(bytes, { location, ...(request.features === undefined ? {} : { featureNames: request.features }) });
    await onnx.release();
    const features = onnx.featureNames;
    if (features === null) throw ValidationError({ field: 'features', problem: 'the ONNX input width is symbolic; pass the input column names' });
    const task = request.task ?? 'regression';
    if (task !== 'regression' && request.classes === undefined) throw ValidationError({ field: 'classes', problem: `a ${task} ONNX model needs its class labels` });
    signature = signatureOf(features, task, request.classes);
    model = { onnx: { inputName: onnx.inputName, outputNames: [...onnx.outputNames] } };
  } else {
    const options = { location, ...(request.features === undefined ? {} : { featureNames: request.features }), ...(request.classes === undefined ? {} : { classes: request.classes }) };
    const trees: TreeEnsembleModel = request.flavor === 'xgboost-json' ? importXgboostJson(bytes, options) : importLightgbmText(new TextDecoder().decode(bytes), options);
    const state = trees.toState();
    signature = signatureOf([...trees.featureNames], trees.task, trees.classes === undefined ? undefined : [...trees.classes]);
    model = { state: { learner: state.learner, formatVersion: state.formatVersion, meta: state.meta } };
    arrays = state.arrays;
  }
  const files = encodeBundle({
    flavor: request.flavor as BundleFlavor,
    signature,
    model,
    arrays,
    files: { [SOURCE_FILES[request.flavor]]: bytes },
  });
  const entries = [];
  for (const [path, content] of files) {
    const put = await deps.artifacts.put(content);
    entries.push({ path, digest: put.digest, size: put.size });
  }
  const tree = await deps.artifacts.putTree(entries);
  return deps.store.models.createVersion(
    {
      modelName: request.name,
      runId: null,
      bundleDigest: tree.digest,
      signature: signature as unknown as JsonObject,
      tags: { 'mlpilot.flavor': request.flavor, 'mlpilot.source': request.file.slice(-250) },
      ...(request.description === undefined ? {} : { description: request.description }),
    },
    ctx,
  );
}

function signatureOf(features: readonly string[], task: Task, classes: string[] | undefined): Signature {
  return {
    inputs: features.map((name) => ({ name, type: 'numeric', nullable: true })),
    output: { name: 'prediction', task, ...(classes === undefined ? {} : { classes }) },
  };
}
