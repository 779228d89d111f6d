/**
 * Model interop: XGBoost JSON and LightGBM text models imported into native trees (flavors `xgboost-json`,
 * `lightgbm-text`), ONNX models run by onnxruntime-node (flavor `onnx`), and native tree ensembles and linear
 * models exported to ONNX (`ai.onnx.ml` TreeEnsemble / Linear operators), with the protobuf codec that writes them.
 */
export { importXgboostJson } from './xgboost-json.js';
export type { XgboostImportOptions } from './xgboost-json.js';
export { importLightgbmText } from './lightgbm-text.js';
export type { LightgbmImportOptions } from './lightgbm-text.js';
export { exportOnnx } from './onnx-export.js';
export { exportGbdtToOnnx } from './onnx-export-trees.js';
export { exportLinearToOnnx } from './onnx-export-linear.js';
export { loadOnnxModel, OnnxModel } from './onnx-runtime.js';
export { assertNoExternalData } from './onnx-external-data.js';
export type { OnnxLoadOptions, OnnxOutput } from './onnx-runtime.js';
export { ONNX_INPUT, ONNX_IR_VERSION, ONNX_OPSETS } from './onnx-common.js';
export { float32LessThreshold, lessEqualThreshold, nextUp } from './float-steps.js';
