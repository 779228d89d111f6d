import { BundleInvalidError, type Registry } from '../../core/index.js';
import { type BundleContent, type BundleManifest, SOURCE_FILES } from '../bundle/index.js';
import { treeEnsembleFromState, type TreeEnsembleModel } from '../gbdt/tree-ensemble-model.js';
import type { Learner, ModelState } from '../learner.js';
import { type FittedEnsemble, type FittedPipeline, loadEnsemble, loadPipeline } from '../pipeline/index.js';

/** A decoded bundle with its manifest, as `decodeBundle` returns it. */
export type DecodedBundle = BundleContent & { manifest: BundleManifest };

/**
 * The model inside a bundle, by what runs it: a native pipeline or weighted ensemble of pipelines, imported trees, or
 * ONNX bytes for onnxruntime.
 */
export type BundleModel =
  | { readonly kind: 'pipeline'; readonly pipeline: FittedPipeline }
  | { readonly kind: 'ensemble'; readonly ensemble: FittedEnsemble }
  | { readonly kind: 'trees'; readonly trees: TreeEnsembleModel }
  | { readonly kind: 'onnx'; readonly bytes: Uint8Array };

function bad(location: string, problem: string): never {
  throw BundleInvalidError({ location, problem });
}

/**
 * Rebuilds the model of a decoded bundle from its data: `native` → the preprocessing pipeline and learner (by its
 * id in `learners`), or the weighted ensemble of such pipelines; `xgboost-json` and `lightgbm-text` → the imported
 * native trees; `onnx` → the model bytes. Only data is read from the bundle; nothing in it is executed.
 * @throws MLP_ML_BUNDLE_INVALID for a bundle whose model section does not fit its flavor.
 */
export function loadBundleModel(bundle: DecodedBundle, learners: Registry<Learner>, location: string): BundleModel {
  const model = bundle.manifest.model as Record<string, unknown> | null;
  if (model === null || typeof model !== 'object') return bad(location, 'manifest.model is not an object');
  switch (bundle.flavor) {
    case 'native': {
      if ('ensemble' in model && 'pipeline' in model) return bad(location, 'manifest model has both a pipeline and an ensemble');
      if (typeof model.ensembleFormatVersion === 'number' && typeof model.ensemble === 'object' && model.ensemble !== null) {
        return {
          kind: 'ensemble',
          ensemble: loadEnsemble(
            { formatVersion: model.ensembleFormatVersion, meta: model.ensemble as Record<string, never>, arrays: bundle.arrays },
            learners,
          ),
        };
      }
      if (typeof model.pipelineFormatVersion !== 'number' || typeof model.pipeline !== 'object' || model.pipeline === null) {
        return bad(location, 'manifest model has neither a pipeline nor an ensemble');
      }
      return {
        kind: 'pipeline',
        pipeline: loadPipeline(
          { formatVersion: model.pipelineFormatVersion, meta: model.pipeline as Record<string, never>, arrays: bundle.arrays },
          learners,
        ),
      };
    }
    case 'xgboost-json':
    case 'lightgbm-text': {
      const state = model.state as Omit<ModelState, 'arrays'> | undefined;
      if (state === undefined || typeof state !== 'object') return bad(location, 'manifest model has no tree state');
      return { kind: 'trees', trees: treeEnsembleFromState({ ...state, arrays: bundle.arrays }, location) };
    }
    case 'onnx': {
      const bytes = bundle.files?.[SOURCE_FILES.onnx];
      if (bytes === undefined) return bad(location, `${SOURCE_FILES.onnx} is missing`);
      return { kind: 'onnx', bytes };
    }
  }
}
