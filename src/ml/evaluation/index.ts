/** Evaluation in the engine: row splits (random, stratified, grouped, temporal), scoring and fit-and-evaluate. */
export {
  assignFoldsStratified,
  assignGroupFolds,
  foldSplit,
  groupHoldoutSplit,
  holdoutSplit,
  temporalFolds,
  temporalHoldoutSplit,
} from './splits.js';
export type { RowSplit } from './splits.js';
export { chooseSplit, DEFAULT_HOLDOUT, planSplits } from './plan-splits.js';
export type { EvaluationSpec, SplitChoice, SplitPlan, SplitStrategy } from './plan-splits.js';
export { evaluatePipeline, primaryMetric, TASK_METRICS } from './evaluate.js';
export type { Evaluation } from './evaluate.js';
export { fitAndEvaluate } from './fit-evaluate.js';
export type { EvaluationSummary, FitEvaluateOptions, FitEvaluateResult, NoEvaluation } from './fit-evaluate.js';
