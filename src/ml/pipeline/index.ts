/**
 * Training pipelines: preprocessing steps fitted on training rows composed with a learner, and weighted ensembles of
 * them, saved as plain JSON + typed arrays and loaded back without running code.
 */
export { fitPipeline } from './fit-pipeline.js';
export type { FitPipelineOptions } from './fit-pipeline.js';
export { FittedPipeline, loadPipeline, PIPELINE_FORMAT_VERSION } from './fitted-pipeline.js';
export type { FittedPipelineParts, PipelineSignature, PipelineState } from './fitted-pipeline.js';
export { ENSEMBLE_FORMAT_VERSION, FittedEnsemble, loadEnsemble } from './fitted-ensemble.js';
export type { EnsembleState, FittedEnsembleParts } from './fitted-ensemble.js';
export { coerceColumn, conformInput } from './conform-input.js';
export { inferTask, MAX_INFERRED_CLASSES, targetLike, trainingTarget } from './target.js';
export type { TaskInference } from './target.js';
