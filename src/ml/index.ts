/**
 * The learning engine: the training matrix, the learner contract and the built-in learners, preprocessing and
 * pipelines, metrics and calibration, and the model bundle format.
 */
export * from './bundle/index.js';
export * from './calibration/index.js';
export * from './evaluation/index.js';
export * from './metrics/index.js';
export * from './pipeline/index.js';
export * from './preprocess/index.js';
export * from './runtime/index.js';
export { argmaxRows } from './argmax.js';
export { defineLearner } from './define-learner.js';
export { describeLearner, paramRange } from './describe-learner.js';
export type { LearnerDescription, ParamDescription } from './describe-learner.js';
export type {
  FitBudget,
  FitContext,
  FitReport,
  Learner,
  LearnerCapabilities,
  LearnerDefinition,
  ModelState,
  PredictOptions,
  StateArray,
  StopReason,
  Task,
  TrainedModel,
  TrainingOutcome,
  TrainingTarget,
} from './learner.js';
export { didYouMean, editDistance, PEER_LIBRARIES, PEER_LIBRARY_TITLES, suggestParam } from './param-aliases.js';
export type { ParamAliases, ParamSuggestion, PeerLibrary } from './param-aliases.js';
export { checkSearchSpace, spaceAlternatives } from './search-space.js';
export type { CategoricalSpace, NumericSpace, ParamCondition, ParamSpace, ParamValue, SearchSpace } from './search-space.js';
export { checkFitBudget, IterationControl } from './fit-control.js';
export type { IterationMetrics } from './fit-control.js';
export { TREE_IMPORTANCE_KINDS, treeImportance } from './importance.js';
export type { ImportanceKind, TreeImportanceKind } from './importance.js';
export type { TreeEnsembleView, TreeView } from './tree-view.js';
export { BUILTIN_LEARNERS, createLearnerRegistry } from './learners.js';
export { checkPredictMatrix, checkTrainingData, parseLearnerParams } from './learner-input.js';
export { featureMatrix, validateMatrix } from './matrix.js';
export type { FeatureMatrix } from './matrix.js';
export { gbdtLearner, gbdtLearnerParamsSchema } from './gbdt/learner.js';
export type { GbdtLearnerParams } from './gbdt/learner.js';
export { TREE_MODEL_LEARNERS, TreeEnsembleModel, treeEnsembleFromState } from './gbdt/tree-ensemble-model.js';
export type { TreeModelLearner, TreeModelSource } from './gbdt/tree-ensemble-model.js';
export { assertNoExternalData, exportOnnx, importLightgbmText, importXgboostJson, loadOnnxModel } from './interop/index.js';
export { extraTreesLearner, ForestModel, rfLearner } from './forest/index.js';
export { linearLearner } from './linear/learner.js';
export { knnLearner } from './neighbors/learner.js';
export { naiveBayesLearner } from './naive-bayes/learner.js';
export { minimizeLbfgs } from './optim/lbfgs.js';
export { elasticNetCoordinateDescent } from './optim/coordinate-descent.js';
export { shutdownComputePools } from './compute/index.js';
