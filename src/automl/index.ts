/** AutoML: CASH search over the engine's learners and preprocessing, ensembles, warm starts and reports. */
export { automl, TEST_METRICS } from './automl.js';
export type { AutomlOptions, AutomlResult, EnsembleMember } from './automl.js';
export { buildProblem, chooseValidation, DEFAULT_METRICS, metricId, metricLabel, prepareProblem } from './problem.js';
export type { DataNote, Problem, ProblemOptions, ProblemSpec, ValidationPlan } from './problem.js';
export { halvingRungs, KEPT_PREDICTIONS, runSearch } from './search.js';
export type { SearchOptions, SearchProgress, SearchResult, TrialExecutor, TrialRecord, TrialSource } from './search.js';
export { cashSpace, configurationKey, ENCODING_PARAM, ENCODINGS, learnerParams } from './space.js';
export type { Configuration, LearnerPlan } from './space.js';
export { evaluateTrial, fitConfiguration, lossOf, predictionWidth, recipeFor, scorePredictions } from './trial.js';
export type { TrialDeps, TrialOutcome, TrialRequest } from './trial.js';
export { blend, selectEnsemble } from './ensemble.js';
export type { EnsembleCandidate, EnsembleSelection } from './ensemble.js';
export { greedyPortfolio, normalisedLosses, portfolioFor } from './portfolio.js';
export type { PortfolioData } from './portfolio.js';
export { metaFeatures } from './meta-features.js';
export type { MetaFeatures } from './meta-features.js';
export { TpeSampler } from './tpe.js';
