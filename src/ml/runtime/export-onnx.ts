import { ExportUnsupportedError, type Registry } from '../../core/index.js';
import { exportOnnx } from '../interop/index.js';
import type { Learner } from '../learner.js';
import { type DecodedBundle, loadBundleModel } from './bundle-model.js';

/**
 * The ONNX form of a stored model: an ONNX bundle's own bytes; imported trees exported as an ONNX tree ensemble; a
 * native pipeline's learner exported when the pipeline feeds it its numeric input columns unchanged (no
 * preprocessing step: ONNX export covers learners, not steps). The ONNX input is `input`, double[N, features] in
 * the signature's input order.
 * @throws MLP_ML_EXPORT_UNSUPPORTED for an ensemble, a pipeline with preprocessing steps or non-numeric inputs, and
 *   for learners without an ONNX form; MLP_ML_BUNDLE_INVALID for a damaged bundle.
 */
export function bundleToOnnx(bundle: DecodedBundle, learners: Registry<Learner>, location: string): Uint8Array {
  const loaded = loadBundleModel(bundle, learners, location);
  switch (loaded.kind) {
    case 'onnx':
      return loaded.bytes;
    case 'trees':
      return exportOnnx(loaded.trees);
    case 'ensemble':
      throw ExportUnsupportedError({
        model: loaded.ensemble.description,
        format: 'onnx',
        problem: 'ensembles cannot be exported to ONNX (the export covers one learner); export a single member model instead',
      });
    case 'pipeline': {
      const { pipeline } = loaded;
      const inputs = pipeline.inputSchema.map((c) => c.name);
      const direct =
        pipeline.steps.length === 0 &&
        pipeline.layout.kinds.every((kind) => kind === 'numeric') &&
        pipeline.layout.names.length === inputs.length &&
        pipeline.layout.names.every((name, i) => name === inputs[i]);
      if (!direct) {
        throw ExportUnsupportedError({
          model: pipeline.model.learner,
          format: 'onnx',
          problem: `the pipeline transforms its inputs (${pipeline.recipe.map((s) => s.step).join(', ') || 'non-numeric columns'}) and ONNX export covers the learner only; train on numeric columns without preprocessing steps to export`,
        });
      }
      return exportOnnx(pipeline.model);
    }
  }
}
