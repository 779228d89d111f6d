import type { z } from 'zod';

import type { JsonObject } from '../core/index.js';
import type { FeatureMatrix } from './matrix.js';

/** What a model predicts. */
export type Task = 'binary' | 'multiclass' | 'regression';

/** What a learner can do, as data: AutoML, the CLI and the API list and choose learners by it. */
export interface LearnerCapabilities {
  readonly tasks: readonly Task[];
  /** Accepts NaN in features without imputation. */
  readonly handlesMissing: boolean;
  /** Uses categorical columns natively (codes 0..k-1) instead of needing one-hot encoding. */
  readonly handlesCategorical: boolean;
  readonly supportsWeights: boolean;
  /** `predictProba` is available for classification. */
  readonly givesProbabilities: boolean;
  /** Trains faster with `threads > 1`. */
  readonly multiThreaded: boolean;
}

/**
 * The training target. Classification targets are class indices `0..k-1` into `classes` (the original labels,
 * kept for the bundle); regression targets are real numbers.
 */
export type TrainingTarget =
  | { readonly task: 'regression'; readonly y: Float64Array; readonly weights?: Float64Array }
  | { readonly task: 'binary' | 'multiclass'; readonly y: Int32Array; readonly classes: readonly string[]; readonly weights?: Float64Array };

/** Everything about a training call that is not data or hyperparameters. */
export interface FitContext {
  /** Seed of every random choice (row/column sampling, initialisation, tie breaks). */
  readonly seed: number;
  /** Worker threads to use; learners that are not multi-threaded ignore it. Results must not depend on it. */
  readonly threads: number;
  /** Held-out data for early stopping, when the learner supports it. */
  readonly validation?: { readonly X: FeatureMatrix; readonly target: TrainingTarget };
  readonly signal?: AbortSignal;
  /** Reports progress in [0, 1]. */
  readonly progress?: (fraction: number) => void;
}

/** Typed arrays a model state may hold; saved as raw little-endian binary files in the bundle. */
export type StateArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array | Int8Array;

/**
 * A trained model as pure data: JSON metadata plus named typed arrays. Loading one never runs code from it —
 * the learner's `load` rebuilds the model from these numbers.
 */
export interface ModelState {
  readonly learner: string;
  /** Version of this learner's state layout; `load` refuses versions it does not know. */
  readonly formatVersion: number;
  readonly meta: JsonObject;
  readonly arrays: Readonly<Record<string, StateArray>>;
}

/** Options of a prediction call. */
export interface PredictOptions {
  /** Threads a multi-threaded model may use for a large batch (default 1); results do not depend on it. */
  readonly threads?: number;
}

/** A fitted model. */
export interface TrainedModel {
  readonly learner: string;
  readonly task: Task;
  readonly featureNames: readonly string[];
  /** Class labels for classification (index = class code). */
  readonly classes?: readonly string[];
  /** Regression values, or the most probable class index (as a float) for classification. */
  predict(X: FeatureMatrix, options?: PredictOptions): Float64Array;
  /** Row-major `rows × classes` probabilities (binary: 2 columns). Only when the learner gives probabilities. */
  predictProba?(X: FeatureMatrix, options?: PredictOptions): Float64Array;
  /** Per-feature importance where the learner defines one (gain for trees, |coef| for linear models). */
  featureImportance?(kind?: 'gain' | 'split'): Float64Array;
  toState(): ModelState;
}

/** A learner plug-in: metadata as data plus `fit` and `load`. */
export interface LearnerDefinition<P extends Record<string, unknown> = Record<string, unknown>> {
  /** Permanent kebab-case id (`gbdt`, `rf`, `linear`). */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** zod schema of the hyperparameters; parsing `{}` gives the defaults. Unknown keys are rejected. */
  readonly params: z.ZodType<P>;
  readonly capabilities: LearnerCapabilities;
  fit(X: FeatureMatrix, target: TrainingTarget, params: P, context: FitContext): Promise<TrainedModel>;
  /** Rebuilds a model from its state. @throws MLP_ML_BUNDLE_INVALID for unknown format versions or bad arrays. */
  load(state: ModelState): TrainedModel;
}

/** The typed factory every learner is made with; it only checks the metadata, so definitions stay plain data. */
export function defineLearner<P extends Record<string, unknown>>(definition: LearnerDefinition<P>): LearnerDefinition<P> {
  return Object.freeze(definition);
}
