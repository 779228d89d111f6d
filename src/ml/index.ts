/**
 * The learning engine: the training matrix, the learner contract and the built-in learners, preprocessing and
 * pipelines, metrics and calibration, and the model bundle format.
 */
export * from './bundle/index.js';
export * from './calibration/index.js';
export * from './metrics/index.js';
export * from './pipeline/index.js';
export * from './preprocess/index.js';
export { argmaxRows } from './argmax.js';
export { defineLearner } from './learner.js';
export type {
  FitContext,
  LearnerCapabilities,
  LearnerDefinition,
  ModelState,
  PredictOptions,
  StateArray,
  Task,
  TrainedModel,
  TrainingTarget,
} from './learner.js';
export { BUILTIN_LEARNERS, createLearnerRegistry } from './learners.js';
export { checkPredictMatrix, checkTrainingData, parseLearnerParams } from './learner-input.js';
export { featureMatrix, validateMatrix } from './matrix.js';
export type { FeatureMatrix } from './matrix.js';
export { gbdtLearner, gbdtLearnerParamsSchema } from './gbdt/learner.js';
export type { GbdtLearnerParams } from './gbdt/learner.js';
export { TreeEnsembleModel, treeEnsembleFromState } from './gbdt/tree-ensemble-model.js';
export type { TreeModelSource } from './gbdt/tree-ensemble-model.js';
export { exportOnnx, importLightgbmText, importXgboostJson, loadOnnxModel } from './interop/index.js';
export { extraTreesLearner, ForestModel, rfLearner } from './forest/index.js';
export { linearLearner } from './linear/learner.js';
export { knnLearner } from './neighbors/learner.js';
export { naiveBayesLearner } from './naive-bayes/learner.js';
export { minimizeLbfgs } from './optim/lbfgs.js';
export { elasticNetCoordinateDescent } from './optim/coordinate-descent.js';
export { shutdownComputePools } from './compute/index.js';
