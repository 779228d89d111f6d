/** AutoML: search over learners' spaces and the dataset descriptions that warm-start it. */
export { defaultGamma, TpeSampler } from './tpe.js';
export type { ParamValue, TpeOptions } from './tpe.js';
