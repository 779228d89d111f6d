import type { LinearModel } from '../linear/model.js';
import { exportUnsupported, ONNX_INPUT, onnxModelSpec } from './onnx-common.js';
import { encodeModel, OnnxType } from './onnx-proto.js';
import type { OnnxNode, OnnxValueInfo } from './onnx-proto.js';

/**
 * Writes a linear model as an ONNX model: `ai.onnx.ml` `LinearRegressor` (regression, after a `Cast` to float, output `variable`
 * float[N, 1]) or `LinearClassifier` (outputs `label` int64[N] and `probabilities` float[N, active classes]).
 * Binary models get two score rows `−β, β` (intercepts `−b, b`) and LOGISTIC, giving `[1 − p, p]`; multinomial
 * models one row per active class and SOFTMAX. `classlabels_ints` are the active class codes (classes the model
 * was trained on), in the model's order. The operators keep coefficients as float32 and compute in float, so
 * predictions match the native float64 ones to about 1e-7 relative to the size of the terms x·β.
 */
export function exportLinearToOnnx(model: LinearModel): Uint8Array {
  const d = model.data;
  const p = model.featureNames.length;
  const nodes: OnnxNode[] = [];
  let outputs: OnnxValueInfo[];
  if (d.task === 'regression') {
    // onnxruntime implements LinearRegressor for float input only
    nodes.push({
      opType: 'Cast',
      name: 'to_float',
      inputs: [ONNX_INPUT],
      outputs: ['input_float'],
      attributes: { to: { int: OnnxType.FLOAT } },
    });
    nodes.push({
      opType: 'LinearRegressor',
      domain: 'ai.onnx.ml',
      name: 'linear',
      inputs: ['input_float'],
      outputs: ['variable'],
      attributes: {
        coefficients: { floats: d.coef },
        intercepts: { floats: d.intercept },
        targets: { int: 1 },
        post_transform: { string: 'NONE' },
      },
    });
    outputs = [{ name: 'variable', elemType: OnnxType.FLOAT, shape: ['N', 1] }];
  } else {
    const binary = d.intercept.length === 1;
    const coef = binary ? [...Array.from(d.coef, (c) => -c), ...d.coef] : Array.from(d.coef);
    const intercepts = binary ? [-(d.intercept[0] as number), d.intercept[0] as number] : Array.from(d.intercept);
    const labels = Array.from(d.activeClasses);
    if (coef.length !== labels.length * p)
      throw exportUnsupported('linear', `${coef.length} coefficients do not fill ${labels.length} classes × ${p} features`);
    nodes.push({
      opType: 'LinearClassifier',
      domain: 'ai.onnx.ml',
      name: 'linear',
      inputs: [ONNX_INPUT],
      outputs: ['label', 'probabilities'],
      attributes: {
        coefficients: { floats: coef },
        intercepts: { floats: intercepts },
        classlabels_ints: { ints: labels },
        multi_class: { int: 0 },
        post_transform: { string: binary ? 'LOGISTIC' : 'SOFTMAX' },
      },
    });
    outputs = [
      { name: 'label', elemType: OnnxType.INT64, shape: ['N'] },
      { name: 'probabilities', elemType: OnnxType.FLOAT, shape: ['N', labels.length] },
    ];
  }
  return encodeModel(onnxModelSpec('mlpilot_linear', model.featureNames, nodes, outputs, `linear ${d.task}`));
}
