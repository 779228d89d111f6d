import { BundleInvalidError, TrainingDataError } from '../../core/index.js';
import type { JsonObject, Registry } from '../../core/index.js';
import type { Frame } from '../../data/index.js';
import { parseStepOptions } from './transformer.js';
import type { FittedTransformer, StepFitContext, TransformerDefinition, TransformerState } from './transformer.js';

/** One step of a recipe, as data: the step id and its options (parsed by the step's zod schema). */
export interface StepSpec {
  readonly step: string;
  readonly options?: JsonObject;
}

/** Result of fitting a recipe on training rows. */
export interface FittedSteps {
  readonly steps: readonly FittedTransformer[];
  /** The training frame after every step (out-of-fold where a step defines it). */
  readonly output: Frame;
}

/**
 * Fits the steps in order, each on the previous step's output of the TRAINING frame only.
 * @throws MLP_CORE_UNKNOWN_ID for an unknown step id; MLP_ML_INVALID_PARAM for bad options;
 *   MLP_ML_BAD_TRAINING_DATA when a supervised step has no target.
 */
export function fitSteps(
  frame: Frame,
  specs: readonly StepSpec[],
  registry: Registry<TransformerDefinition<unknown>>,
  context: StepFitContext,
): FittedSteps {
  let current = frame;
  const steps: FittedTransformer[] = [];
  specs.forEach((spec, index) => {
    const definition = registry.get(spec.step);
    const options = parseStepOptions(definition, spec.options);
    if (definition.supervised && context.target === undefined) {
      throw TrainingDataError({ problem: `step ${index} ("${spec.step}") needs the training target` });
    }
    // each step gets its own seed so adding a step does not change another step's random choices
    const result = definition.fit(current, options, { ...context, seed: (context.seed + Math.imul(index + 1, 0x9e3779b1)) | 0 });
    steps.push(result.fitted);
    current = result.output;
  });
  return { steps, output: current };
}

/** Applies fitted steps in order (never refits). */
export function applySteps(steps: readonly FittedTransformer[], frame: Frame): Frame {
  let current = frame;
  for (const step of steps) current = step.transform(current);
  return current;
}

/**
 * Rebuilds a fitted step from its state through the registry (pure data in, no code run).
 * @throws MLP_ML_BUNDLE_INVALID for an unknown step id or a malformed state.
 */
export function loadStep(state: TransformerState, registry: Registry<TransformerDefinition<unknown>>): FittedTransformer {
  if (!registry.has(state.id)) {
    throw BundleInvalidError({ location: 'preprocessing', problem: `unknown step "${state.id}"; known: ${registry.ids().join(', ')}` });
  }
  return registry.get(state.id).load(state);
}
