import { GbdtModel } from '../gbdt/model.js';
import type { TrainedModel } from '../learner.js';
import { LinearModel } from '../linear/model.js';
import { exportUnsupported } from './onnx-common.js';
import { exportLinearToOnnx } from './onnx-export-linear.js';
import { exportGbdtToOnnx } from './onnx-export-trees.js';

/**
 * Exports a native model to ONNX bytes (input `input` double[N, features]; see {@link exportGbdtToOnnx} and
 * {@link exportLinearToOnnx} for the outputs). Tree ensembles are recognised by a `gbdt` property holding a
 * {@link GbdtModel} (imported XGBoost / LightGBM models and native gbdt models), linear models by class.
 * @throws MLP_ML_EXPORT_UNSUPPORTED for other learners and for trees with categorical splits.
 */
export function exportOnnx(model: TrainedModel): Uint8Array {
  if (model instanceof LinearModel) return exportLinearToOnnx(model);
  const gbdt = (model as { gbdt?: unknown }).gbdt;
  if (gbdt instanceof GbdtModel) return exportGbdtToOnnx(gbdt, model.task, model.featureNames);
  throw exportUnsupported(model.learner, 'only tree ensembles (gbdt, imported XGBoost/LightGBM) and linear models export to ONNX');
}
