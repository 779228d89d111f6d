import { BundleInvalidError, type Registry } from '../core/index.js';
import type { Frame } from '../data/index.js';
import type * as Engine from '../ml/index.js';
import type { BundleContent, BundleManifest, FeatureMatrix, LearnerDefinition, ModelState, PredictOptions, Task } from '../ml/index.js';
import { SOURCE_FILES } from './model-import.js';

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

function bad(location: string, problem: string): never {
  throw BundleInvalidError({ location, problem });
}

/** The numeric feature matrix of the signature's inputs, in signature order (conversions only where lossless). */
function signatureMatrix({ conformInput, featureMatrix }: typeof Engine, frame: Frame, manifest: BundleManifest): FeatureMatrix {
  const conformed = conformInput(
    frame,
    manifest.signature.inputs.map((c) => ({ name: c.name, type: 'numeric' as const, nullable: c.nullable })),
  );
  const columns = conformed.columns.map((c) => (c.type === 'numeric' ? c.values : new Float64Array(frame.rowCount).fill(Number.NaN)));
  return featureMatrix(columns, { names: manifest.signature.inputs.map((c) => c.name) });
}

/**
 * Builds the scorer for a decoded bundle: `native` → the preprocessing pipeline and learner; `xgboost-json` and
 * `lightgbm-text` → the imported native trees; `onnx` → onnxruntime. Only data is read from the bundle.
 * @throws MLP_ML_BUNDLE_INVALID for a bundle whose model section does not fit its flavor.
 */
export async function createScorer(
  bundle: BundleContent & { manifest: BundleManifest },
  learners: Registry<LearnerDefinition>,
  location: string,
): Promise<Scorer> {
  const ml = await import('../ml/index.js');
  const { manifest } = bundle;
  const task = manifest.signature.output.task;
  const classes = manifest.signature.output.classes;
  const model = manifest.model as Record<string, unknown> | null;
  if (model === null || typeof model !== 'object') return bad(location, 'manifest.model is not an object');
  switch (bundle.flavor) {
    case 'native': {
      if (typeof model.pipelineFormatVersion !== 'number' || typeof model.pipeline !== 'object' || model.pipeline === null) {
        return bad(location, 'manifest model has no pipeline');
      }
      const pipeline = ml.loadPipeline({ formatVersion: model.pipelineFormatVersion, meta: model.pipeline as Record<string, never>, arrays: bundle.arrays }, learners);
      const proba = pipeline.task !== 'regression' && pipeline.model.predictProba !== undefined;
      return {
        task: pipeline.task,
        classes: pipeline.classes,
        score: async (frame, options) => ({ values: pipeline.predict(frame, options), ...(proba ? { proba: pipeline.predictProba(frame, options) } : {}) }),
        close: async () => undefined,
      };
    }
    case 'xgboost-json':
    case 'lightgbm-text': {
      const state = model.state as Omit<ModelState, 'arrays'> | undefined;
      if (state === undefined || typeof state !== 'object') return bad(location, 'manifest model has no tree state');
      const trees = ml.treeEnsembleFromState({ ...state, arrays: bundle.arrays }, location);
      return {
        task: trees.task,
        classes: trees.classes,
        score: async (frame, options) => {
          const X = signatureMatrix(ml, frame, manifest);
          return trees.task === 'regression' ? { values: trees.predict(X, options) } : { values: trees.predict(X, options), proba: trees.predictProba(X, options) };
        },
        close: async () => undefined,
      };
    }
    case 'onnx': {
      const bytes = bundle.files?.[SOURCE_FILES.onnx];
      if (bytes === undefined) return bad(location, `${SOURCE_FILES.onnx} is missing`);
      const onnx = await ml.loadOnnxModel(bytes, { location, featureNames: manifest.signature.inputs.map((c) => c.name) });
      return {
        task,
        classes,
        score: async (frame) => {
          const X = signatureMatrix(ml, frame, manifest);
          if (task === 'regression') return { values: await onnx.predict(X) };
          const proba = await onnx.predictProba(X);
          return { values: ml.argmaxRows(proba, X.rows, classes?.length ?? 2), proba };
        },
        close: () => onnx.release(),
      };
    }
  }
}
