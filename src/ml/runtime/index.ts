/** The model runtime: scorers over every bundle flavor, and bundles made from imported model files. */
export { createScorer } from './scorer.js';
export type { Scorer } from './scorer.js';
export { importedBundle } from './import-model.js';
export type { ImportOptions } from './import-model.js';
export { nativeBundle, pipelineSignature } from './native-bundle.js';
export { loadBundleModel } from './bundle-model.js';
export type { BundleModel, DecodedBundle } from './bundle-model.js';
export { bundleToOnnx } from './export-onnx.js';
