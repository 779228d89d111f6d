import type { z } from 'zod';

import { BundleInvalidError, InvalidParamError } from '../../core/index.js';
import type { JsonObject } from '../../core/index.js';
import type { Frame } from '../../data/index.js';
import type { StateArray, TrainingTarget } from '../learner.js';

/**
 * A fitted preprocessing step as pure data: JSON metadata plus named typed arrays. Every floating-point
 * statistic lives in an array (JSON cannot carry NaN, ±Infinity or -0), so a state loads back bit-exactly.
 * Loading never runs code from the state: the step's `load` parses `meta` with a zod schema and checks arrays.
 */
export interface TransformerState {
  /** Id of the step definition (`impute`, `one-hot`, …). */
  readonly id: string;
  /** Version of this step's state layout; `load` refuses versions it does not know. */
  readonly formatVersion: number;
  readonly meta: JsonObject;
  readonly arrays: Readonly<Record<string, StateArray>>;
}

/** What a step may use while fitting, besides the training frame. */
export interface StepFitContext {
  /** Seed for the step's random choices (fold assignment of out-of-fold target encoding). */
  readonly seed: number;
  /** The training target, row-aligned with the frame; needed by supervised steps (`target-encode`). */
  readonly target?: TrainingTarget;
}

/** A preprocessing step fitted on training rows. */
export interface FittedTransformer {
  /** Id of the step definition. */
  readonly id: string;
  /**
   * Columns this step reads from its input frame (resolved from the selector on the training frame). The
   * pipeline derives its input schema from these.
   */
  readonly inputs: readonly string[];
  /** True when the step does not need its inputs to be present (`drop`). */
  readonly optionalInputs?: boolean;
  /**
   * Applies the fitted step: the selected columns are replaced in place by the step's output columns, all
   * other columns pass through unchanged. Never refits.
   */
  transform(frame: Frame): Frame;
  toState(): TransformerState;
}

/** Result of fitting a step on the training rows: the fitted step and its output on those same rows. */
export interface FitResult {
  readonly fitted: FittedTransformer;
  /**
   * The transformed training frame. For most steps this equals `fitted.transform(frame)`; out-of-fold target
   * encoding returns encodings that never used the row's own target.
   */
  readonly output: Frame;
}

/** A preprocessing step plug-in: metadata as data, plus `fit` and `load`. */
export interface TransformerDefinition<O = unknown> {
  /** Permanent kebab-case id. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** zod schema of the options; parsing `{}` gives the defaults. Unknown keys are rejected. */
  readonly options: z.ZodType<O>;
  /** True when fitting needs the training target (the pipeline passes it). */
  readonly supervised: boolean;
  /** Fits on the training frame only and returns the fitted step with its output on the training rows. */
  fit(frame: Frame, options: O, context: StepFitContext): FitResult;
  /** Rebuilds a fitted step from its state. @throws MLP_ML_BUNDLE_INVALID for unknown versions or bad content. */
  load(state: TransformerState): FittedTransformer;
}

/** The typed factory every step is made with; it freezes the definition so it stays plain data. */
export function defineTransformer<O>(definition: TransformerDefinition<O>): TransformerDefinition<O> {
  return Object.freeze(definition);
}

/**
 * Parses a step's options with its zod schema.
 * @throws MLP_ML_INVALID_PARAM naming the step and the first bad option.
 */
export function parseStepOptions<O>(definition: TransformerDefinition<O>, options: unknown): O {
  const parsed = definition.options.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw InvalidParamError({
      learner: `preprocessing step "${definition.id}"`,
      param: issue?.path.join('.') || '(root)',
      problem: issue?.message ?? 'invalid value',
    });
  }
  return parsed.data;
}

/**
 * Checks a state's step id and version and parses its meta with `schema`.
 * @throws MLP_ML_BUNDLE_INVALID naming the step and the first bad field.
 */
export function readStateMeta<M>(state: TransformerState, step: string, formatVersion: number, schema: z.ZodType<M>): M {
  const location = `preprocessing step "${step}"`;
  if (state.id !== step) throw BundleInvalidError({ location, problem: `state belongs to step "${state.id}"` });
  if (state.formatVersion !== formatVersion) {
    throw BundleInvalidError({
      location,
      problem: `format version ${state.formatVersion} is not supported (this build reads ${formatVersion})`,
    });
  }
  const parsed = schema.safeParse(state.meta);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw BundleInvalidError({ location, problem: `meta.${(issue?.path ?? []).join('.')}: ${issue?.message ?? 'invalid'}` });
  }
  return parsed.data;
}

/**
 * Reads one typed array of a state, checking its type and (when given) its length.
 * @throws MLP_ML_BUNDLE_INVALID when the array is absent, of another type or of another length.
 */
export function readStateArray<A extends StateArray>(
  state: TransformerState,
  name: string,
  type: new (length: number) => A,
  length?: number,
): A {
  const location = `preprocessing step "${state.id}"`;
  const array = state.arrays[name];
  if (array === undefined) throw BundleInvalidError({ location, problem: `array "${name}" is missing` });
  if (!(array instanceof type)) throw BundleInvalidError({ location, problem: `array "${name}" must be a ${type.name}` });
  if (length !== undefined && array.length !== length) {
    throw BundleInvalidError({ location, problem: `array "${name}" has ${array.length} values, expected ${length}` });
  }
  return array;
}
