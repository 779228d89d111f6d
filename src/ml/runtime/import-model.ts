/** Turning a model file trained elsewhere (XGBoost JSON, LightGBM text, ONNX) into a bundle, without storing it. */
import { ValidationError } from '../../core/index.js';
import type { JsonObject } from '../../core/index.js';
import type { BundleContent, ImportedFlavor, Signature } from '../bundle/index.js';
import { SOURCE_FILES } from '../bundle/index.js';
import { importLightgbmText, importXgboostJson, loadOnnxModel } from '../interop/index.js';
import { checkCategoryLabels } from './category-labels.js';
import type { Task } from '../learner.js';

/** What an imported model file is, besides its bytes. */
export interface ImportOptions {
  readonly flavor: ImportedFlavor;
  /** Where the bytes came from, for error messages (a file name or `upload`). */
  readonly location: string;
  /** Input column names, in the model's feature order (default: recorded in the file, else `f0, f1, …`). */
  readonly features?: readonly string[];
  /** Class labels of a classifier, in class-index order. */
  readonly classes?: readonly string[];
  /** Task of an ONNX model (the file does not say); tree models know theirs. Default regression. */
  readonly task?: Task;
  /**
   * Labels of categorical inputs of a tree model, column → labels in code order (pandas `.cat.categories`): XGBoost
   * stores codes, so label data can be scored only with these (see `checkCategoryLabels`).
   */
  readonly categories?: unknown;
}

function signatureOf(features: readonly string[], task: Task, classes: readonly string[] | undefined): Signature {
  return {
    inputs: features.map((name) => ({ name, type: 'numeric', nullable: true })),
    output: { name: 'prediction', task, ...(classes === undefined ? {} : { classes: [...classes] }) },
  };
}

/**
 * Parses and validates a model file and returns the bundle to store: XGBoost JSON and LightGBM text become native
 * trees (the original bytes are kept in the bundle); ONNX files are kept as they are and run by onnxruntime.
 * @throws MLP_ML_BUNDLE_INVALID for a malformed or unsupported model; MLP_CORE_VALIDATION for missing feature
 *   names or class labels an ONNX model needs, or class labels that do not match its probability outputs (their
 *   count is checked by scoring one row of zeros).
 */
export async function importedBundle(bytes: Uint8Array, options: ImportOptions): Promise<BundleContent> {
  const { flavor, location } = options;
  let signature: Signature;
  let model: JsonObject;
  let arrays: BundleContent['arrays'] = {};
  if (flavor === 'onnx') {
    if (options.categories !== undefined)
      throw ValidationError({ field: 'categories', problem: 'category labels apply to XGBoost and LightGBM models, not ONNX' });
    const onnx = await loadOnnxModel(bytes, {
      location,
      ...(options.features === undefined ? {} : { featureNames: [...options.features] }),
    });
    let width: number | undefined;
    try {
      const features = onnx.featureNames;
      if (features === null)
        throw ValidationError({ field: 'features', problem: 'the ONNX input width is symbolic; pass the input column names' });
      if ((options.task ?? 'regression') !== 'regression') width = await onnx.probabilityWidth();
    } finally {
      await onnx.release();
    }
    const features = onnx.featureNames as readonly string[];
    const task = options.task ?? 'regression';
    if (task !== 'regression' && options.classes === undefined)
      throw ValidationError({ field: 'classes', problem: `a ${task} ONNX model needs its class labels` });
    if (width !== undefined && options.classes !== undefined && options.classes.length !== width) {
      throw ValidationError({
        field: 'classes',
        problem: `${options.classes.length} class labels given, but the model outputs ${width} class probabilities per row; give one label per output column, in column order`,
      });
    }
    if (task === 'binary' && width !== undefined && width !== 2)
      throw ValidationError({
        field: 'task',
        problem: `a binary classifier gives 2 class probabilities per row; this model gives ${width}`,
      });
    signature = signatureOf(features, task, options.classes);
    model = { onnx: { inputName: onnx.inputName, outputNames: [...onnx.outputNames] } };
  } else {
    const treeOptions = {
      location,
      ...(options.features === undefined ? {} : { featureNames: [...options.features] }),
      ...(options.classes === undefined ? {} : { classes: [...options.classes] }),
    };
    const trees =
      flavor === 'xgboost-json' ? importXgboostJson(bytes, treeOptions) : importLightgbmText(new TextDecoder().decode(bytes), treeOptions);
    const state = trees.toState();
    signature = signatureOf(trees.featureNames, trees.task, trees.classes);
    model = { state: { learner: state.learner, formatVersion: state.formatVersion, meta: state.meta } };
    if (options.categories !== undefined) {
      const labels = checkCategoryLabels(options.categories, trees);
      model.categories = Object.fromEntries(Object.entries(labels).map(([column, list]) => [column, [...list]]));
    }
    arrays = state.arrays;
  }
  return { flavor, signature, model, arrays, files: { [SOURCE_FILES[flavor]]: bytes } };
}
