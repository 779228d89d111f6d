import { Registry } from '../../core/index.js';
import { datetimeStep } from './datetime.js';
import { dropStep } from './drop.js';
import { imputeStep } from './impute.js';
import { oneHotStep } from './one-hot.js';
import { ordinalStep } from './ordinal.js';
import { scaleStep } from './scale.js';
import { targetEncodeStep } from './target-encode.js';
import { textHashStep } from './text-hash.js';
import type { TransformerDefinition } from './transformer.js';

/** Every built-in preprocessing step, the static index (no self-registration, no file-system scan). */
export const BUILTIN_STEPS: readonly TransformerDefinition<unknown>[] = Object.freeze([
  imputeStep,
  scaleStep,
  oneHotStep,
  ordinalStep,
  targetEncodeStep,
  datetimeStep,
  textHashStep,
  dropStep,
]);

/** A fresh registry of the built-in steps; add your own with `register`. */
export function builtinSteps(): Registry<TransformerDefinition<unknown>> {
  return new Registry<TransformerDefinition<unknown>>('preprocessing step', BUILTIN_STEPS);
}
