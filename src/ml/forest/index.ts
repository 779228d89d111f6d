/**
 * Random forests (`rf`) and extremely randomised trees (`extra-trees`).
 *
 * Differences from scikit-learn: splits are searched on quantile bins (`maxBins`, default 255 value bins) rather
 * than on every sorted value; extra-trees thresholds are drawn uniformly in a node's value range and snapped to
 * the bin boundary below; missing values are routed by a learned default direction per split; categorical codes
 * are split as sorted partitions (by mean target, class-1 share, or the node's majority-class share); the OOB
 * score is computed over the rows that were out of bag at least once. Randomness comes from our own RNG, so
 * individual trees differ from sklearn's for the same seed.
 */
export { rfLearner, extraTreesLearner } from './learner.js';
export { ForestModel } from './model.js';
export { forestParamsSchema, resolveForestParams, featuresPerNode } from './params.js';
export type { ForestParams, ForestParamsInput, ResolvedForestParams, ForestCriterion } from './params.js';
export { forestToState, forestDataFromState, FOREST_FORMAT_VERSION } from './state.js';
export type { ForestModelData, ForestLearnerId } from './state.js';
export { trainForest, treeSeed, impurityImportance, prepareForest, growTreeAt, bootstrapCounts, finishForest } from './train.js';
export type { ForestSetup } from './train.js';
export { trainForestThreaded, MIN_THREADED_WORK } from './threads.js';
export type { ForestFit, OobResult } from './train.js';
export type { ForestTree } from './tree.js';
export { leafOfRow, leafCount, treeDepth } from './tree.js';
