/** The model runtime: one scorer interface over every bundle flavor (native pipelines, imported trees, ONNX). */
import { BundleInvalidError, type Registry } from '../../core/index.js';
import type { Frame } from '../../data/index.js';
import { argmaxRows } from '../argmax.js';
import type { BundleManifest } from '../bundle/index.js';
import { loadOnnxModel } from '../interop/index.js';
import type { Learner, PredictOptions, Task } from '../learner.js';
import { featureMatrix, type FeatureMatrix } from '../matrix.js';
import { conformInput } from '../pipeline/index.js';
import { type DecodedBundle, loadBundleModel } from './bundle-model.js';
import { bundleCategoryLabels, labelsToCodes } from './category-labels.js';

/** Scores frames with one loaded bundle, whatever its flavor. */
export interface Scorer {
  readonly task: Task;
  readonly classes: readonly string[] | undefined;
  /**
   * Regression values or class indices, and row-major class probabilities when the model gives them. `threads`:
   * what multi-threaded native models may use (the results do not depend on it).
   */
  score(frame: Frame, options?: PredictOptions): Promise<{ values: Float64Array; proba?: Float64Array }>;
  close(): Promise<void>;
}

/** The numeric feature matrix of the signature's inputs, in signature order (conversions only where lossless). */
function signatureMatrix(frame: Frame, manifest: BundleManifest): FeatureMatrix {
  const conformed = conformInput(
    frame,
    manifest.signature.inputs.map((c) => ({ name: c.name, type: 'numeric' as const, nullable: c.nullable })),
  );
  const columns = conformed.columns.map((c) => (c.type === 'numeric' ? c.values : new Float64Array(frame.rowCount).fill(Number.NaN)));
  return featureMatrix(columns, { names: manifest.signature.inputs.map((c) => c.name) });
}

/** MLP_ML_BUNDLE_INVALID: the class labels do not match the model's probability outputs. */
function classCountMismatch(location: string, labels: number, outputs: number): Error {
  return BundleInvalidError({
    location,
    problem: `it has ${labels} class labels but the model outputs ${outputs} class probabilities per row; probabilities would be paired with the wrong labels`,
  });
}

/**
 * Builds the scorer for a decoded bundle: native pipelines and ensembles and imported trees run in this process, ONNX models in
 * onnxruntime (see {@link loadBundleModel}). Only data is read from the bundle.
 * @throws MLP_ML_BUNDLE_INVALID for a bundle whose model section does not fit its flavor, or whose class labels
 *   do not match the model (the signature's against the model's; an ONNX classifier's against the probability
 *   columns it outputs, found by scoring one row of zeros at load and checked again on every batch).
 */
export async function createScorer(bundle: DecodedBundle, learners: Registry<Learner>, location: string): Promise<Scorer> {
  const { manifest } = bundle;
  const loaded = loadBundleModel(bundle, learners, location);
  const model =
    loaded.kind === 'pipeline'
      ? loaded.pipeline
      : loaded.kind === 'ensemble'
        ? loaded.ensemble
        : loaded.kind === 'trees'
          ? loaded.trees
          : undefined;
  const signed = manifest.signature.output.classes;
  if (model?.classes !== undefined && signed !== undefined && signed.length !== model.classes.length) {
    throw BundleInvalidError({
      location,
      problem: `the signature lists ${signed.length} classes but the model has ${model.classes.length}; the bundle is inconsistent`,
    });
  }
  switch (loaded.kind) {
    case 'pipeline': {
      const { pipeline } = loaded;
      const proba = pipeline.task !== 'regression' && pipeline.model.predictProba !== undefined;
      return {
        task: pipeline.task,
        classes: pipeline.classes,
        score: async (frame, options) => ({
          values: pipeline.predict(frame, options),
          ...(proba ? { proba: pipeline.predictProba(frame, options) } : {}),
        }),
        close: async () => undefined,
      };
    }
    case 'ensemble': {
      const { ensemble } = loaded;
      return {
        task: ensemble.task,
        classes: ensemble.classes,
        score: async (frame, options) => {
          if (ensemble.task === 'regression') return { values: ensemble.predict(frame, options) };
          // the class is the argmax of these probabilities: average the members once
          const proba = ensemble.predictProba(frame, options);
          return { values: argmaxRows(proba, frame.rowCount, ensemble.classes?.length ?? 0), proba };
        },
        close: async () => undefined,
      };
    }
    case 'trees': {
      const { trees } = loaded;
      const labels = bundleCategoryLabels(manifest.model, location);
      return {
        task: trees.task,
        classes: trees.classes,
        score: async (frame, options) => {
          const X = signatureMatrix(labelsToCodes(frame, trees, labels), manifest);
          return trees.task === 'regression'
            ? { values: trees.predict(X, options) }
            : { values: trees.predict(X, options), proba: trees.predictProba(X, options) };
        },
        close: async () => undefined,
      };
    }
    case 'onnx': {
      const task = manifest.signature.output.task;
      const classes = manifest.signature.output.classes;
      const onnx = await loadOnnxModel(loaded.bytes, { location, featureNames: manifest.signature.inputs.map((c) => c.name) });
      const k = classes?.length ?? 2;
      if (task !== 'regression') {
        let width: number;
        try {
          width = await onnx.probabilityWidth();
        } catch (error) {
          await onnx.release();
          throw error;
        }
        if (width !== k) {
          await onnx.release();
          throw classCountMismatch(location, k, width);
        }
      }
      return {
        task,
        classes,
        score: async (frame) => {
          const X = signatureMatrix(frame, manifest);
          if (task === 'regression') return { values: await onnx.predict(X) };
          const proba = await onnx.predictProba(X);
          if (proba.length !== X.rows * k) throw classCountMismatch(location, k, proba.length / Math.max(X.rows, 1));
          return { values: argmaxRows(proba, X.rows, k), proba };
        },
        close: () => onnx.release(),
      };
    }
  }
}
