/**
 * Preprocessing steps of the learning engine. Every step is fitted on training rows only, is part of the saved
 * model, and saves to plain JSON + typed arrays (`toState`) that load back through the step registry without
 * running code from the state.
 */
export { defineTransformer, parseStepOptions, readStateArray, readStateMeta } from './transformer.js';
export type { FitResult, FittedTransformer, StepFitContext, TransformerDefinition, TransformerState } from './transformer.js';
export { selectColumns, replaceColumns } from './columns.js';
export type { ColumnSelector } from './columns.js';
export { imputeStep, imputeOptionsSchema } from './impute.js';
export type { ImputeOptions } from './impute.js';
export { scaleStep, scaleOptionsSchema, percentileSorted } from './scale.js';
export type { ScaleOptions } from './scale.js';
export { oneHotStep, oneHotOptionsSchema, OTHER_LEVEL, MISSING_LEVEL } from './one-hot.js';
export type { OneHotOptions } from './one-hot.js';
export { ordinalStep, ordinalOptionsSchema } from './ordinal.js';
export type { OrdinalOptions } from './ordinal.js';
export { targetEncodeStep, targetEncodeOptionsSchema } from './target-encode.js';
export type { TargetEncodeOptions } from './target-encode.js';
export { datetimeStep, datetimeOptionsSchema, DATETIME_PARTS, utcParts } from './datetime.js';
export type { DatetimeOptions, DatetimePart } from './datetime.js';
export { textHashStep, textHashOptionsSchema } from './text-hash.js';
export type { TextHashOptions } from './text-hash.js';
export { murmur3 } from './murmur3.js';
export { dropStep, dropOptionsSchema } from './drop.js';
export type { DropOptions } from './drop.js';
export { assignFolds } from './folds.js';
export { BUILTIN_STEPS, builtinSteps } from './builtin-steps.js';
export { applySteps, fitSteps, loadStep } from './steps.js';
export type { FittedSteps, StepSpec } from './steps.js';
export { featureLayoutToState, fitFeatureLayout, loadFeatureLayout, toFeatureMatrix } from './feature-layout.js';
export type { FeatureLayout } from './feature-layout.js';
export { autoPreprocess } from './auto-preprocess.js';
export type { AutoPreprocessOptions } from './auto-preprocess.js';
