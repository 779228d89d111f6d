import { Registry } from '../../core/index.js';
import type { DriftMethod } from './drift-method.js';
import { BUILTIN_DRIFT_METHODS } from './methods/index.js';

/**
 * A registry of the built-in drift methods plus `extra` ones (a plug-in's). Duplicate ids throw
 * MLP_CORE_DUPLICATE_ID; `get` of an unknown id throws MLP_CORE_UNKNOWN_ID listing the known ones.
 */
export function createDriftMethodRegistry(extra: readonly DriftMethod[] = []): Registry<DriftMethod> {
  return new Registry<DriftMethod>('drift method', [...BUILTIN_DRIFT_METHODS, ...extra]);
}
