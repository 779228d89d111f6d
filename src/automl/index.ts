/** AutoML: search over learners' spaces and the dataset descriptions that warm-start it. */
export { defaultGamma, TpeSampler } from './tpe.js';
export type { ParamValue, TpeOptions } from './tpe.js';
export { META_FEATURE_NAMES, metaDistance, metaFeatures, metaFeatureVector } from './meta-features.js';
export type { MetaFeatureName, MetaFeatures } from './meta-features.js';
