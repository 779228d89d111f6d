/** Histogram gradient-boosted trees (`gbdt`): training, the model and its byte format. */
export { trainGbdt } from './train.js';
export type { GbdtDataset, GbdtTrainOptions } from './train.js';
export { GbdtModel } from './model.js';
export type { GbdtModelInfo, ImportanceType } from './model.js';
export { gbdtParamsSchema, resolveGbdtParams, GBDT_OBJECTIVES } from './params.js';
export type { GbdtParams, GbdtParamsInput, GbdtObjectiveId } from './params.js';
export { serializeGbdt, deserializeGbdt, gbdtToParts, gbdtFromParts, GBDT_FORMAT_VERSION } from './serialize.js';
export type { GbdtParts } from './serialize.js';
export type { GbdtTree } from './tree.js';
export { leafOf, treeSize } from './tree.js';
export { computeBinMapper, binMatrix } from './binning.js';
export type { BinMapper } from './binning.js';
export { Rng } from './rng.js';
