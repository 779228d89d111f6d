import { ExportUnsupportedError } from '../../core/index.js';
import type { MlpError } from '../../core/index.js';
import { OnnxType } from './onnx-proto.js';
import type { OnnxModelSpec, OnnxNode, OnnxValueInfo } from './onnx-proto.js';

/** Name of the single input of every exported model: `double[N, features]`. */
export const ONNX_INPUT = 'input';
/** IR version written (onnxruntime ≥ 1.14 reads it). */
export const ONNX_IR_VERSION = 8;
/** Default-domain opset (for `Exp`) and `ai.onnx.ml` opset (TreeEnsemble `*_as_tensor` attributes need 3). */
export const ONNX_OPSETS = [
  { domain: '', version: 17 },
  { domain: 'ai.onnx.ml', version: 3 },
] as const;

/** The model around an exported graph: one double input, producer mlpilot, feature names in the metadata. */
export function onnxModelSpec(
  graphName: string,
  featureNames: readonly string[],
  nodes: readonly OnnxNode[],
  outputs: readonly OnnxValueInfo[],
  doc: string,
): OnnxModelSpec {
  return {
    irVersion: ONNX_IR_VERSION,
    opsets: ONNX_OPSETS,
    producerName: 'mlpilot',
    producerVersion: '1',
    graphName,
    docString: doc,
    nodes,
    inputs: [{ name: ONNX_INPUT, elemType: OnnxType.DOUBLE, shape: ['N', featureNames.length] }],
    outputs,
    metadata: { feature_names: JSON.stringify(featureNames) },
  };
}

/** MLP_ML_EXPORT_UNSUPPORTED for `model` (a learner id) to ONNX. */
export function exportUnsupported(model: string, problem: string): MlpError {
  return ExportUnsupportedError({ model, format: 'ONNX', problem });
}
