/**
 * Random forests (`rf`) and extremely randomised trees (`extra-trees`).
 *
 * Trees use the gbdt node layout (see {@link ForestTree}) plus `values` (`nodes × outputs`: class distributions
 * or the mean target); a forest predicts the mean of its trees' leaf vectors (sklearn's soft voting).
 *
 * Training cost: a node evaluates a feature in O(rows in the node + its non-empty bins) (a histogram that lists its
 * non-empty bins; extra trees need no histogram, only the node's value range and one pass for the drawn cut);
 * features found constant in a node are never drawn again below it (sklearn's rule); rows are a Uint32Array of
 * indices partitioned per node, bootstrap samples are per-row counts (weights), and trees are built in reusable
 * typed arrays. With `threads` > 1 the trees are shared out over the compute pool, whatever the data size.
 *
 * Differences from scikit-learn: splits are searched on quantile bins (`maxBins`, default 255 value bins) rather
 * than on every sorted value, but the threshold is still the midpoint between the node's neighbouring values;
 * extra-trees thresholds are drawn uniformly in a node's value range and snapped to the bin boundary below;
 * missing values are routed by a learned default direction per split (sklearn 1.2 rejects NaN); categorical
 * codes are split as sorted partitions (by mean target, class-1 share, or the node's majority-class share);
 * columns constant over the whole training set (e.g. all missing) are left out of the per-node draws and of the
 * `maxFeatures` count; a numeric `maxFeatures` of 1 means all features (use a fraction for fewer); the OOB
 * score is computed over the rows that were out of bag at least once, and OOB predictions live on the freshly
 * fitted model only (not in its state). Randomness comes from our own RNG, one stream per tree, so individual
 * trees differ from sklearn's for the same seed, and 1 or N threads give identical bytes.
 */
export { rfLearner, extraTreesLearner } from './learner.js';
export { ForestModel } from './model.js';
export { forestParamsSchema, resolveForestParams, featuresPerNode } from './params.js';
export type { ForestParams, ForestParamsInput, ResolvedForestParams, ForestCriterion } from './params.js';
export { forestToState, forestDataFromState, FOREST_FORMAT_VERSION } from './state.js';
export type { ForestModelData, ForestLearnerId } from './state.js';
export { trainForest, treeSeed, impurityImportance, growTreeAt, bootstrapCounts, finishForest } from './train.js';
export { prepareForest } from './setup.js';
export type { ForestSetup } from './setup.js';
export { trainForestThreaded } from './threads.js';
export type { ForestFit, OobResult } from './train.js';
export type { ForestTree } from './tree.js';
export { leafOfRow, leafCount, treeDepth } from './tree.js';
