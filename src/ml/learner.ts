import type { z } from 'zod';

import type { JsonObject, MonotonicClock } from '../core/index.js';
import type { ImportanceKind } from './importance.js';
import type { FeatureMatrix } from './matrix.js';
import type { ParamAliases } from './param-aliases.js';
import type { SearchSpace } from './search-space.js';
import type { Task } from '../core/index.js';
import type { TreeEnsembleView } from './tree-view.js';

export type { Task } from '../core/index.js';

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
  /**
   * The hyperparameter that sets how many iterations `fit` runs (boosting rounds, trees, optimiser iterations),
   * for learners that train in iterations: they report each one through {@link FitContext.report} and honour
   * {@link FitBudget}. Absent for learners that fit in one pass. Successive halving uses it as the resource.
   */
  readonly iterationParam?: string;
}

/**
 * The training target. Classification targets are class indices `0..k-1` into `classes` (the original labels,
 * kept for the bundle); regression targets are real numbers.
 */
export type TrainingTarget =
  | { readonly task: 'regression'; readonly y: Float64Array; readonly weights?: Float64Array }
  | {
      readonly task: 'binary' | 'multiclass';
      readonly y: Int32Array;
      readonly classes: readonly string[];
      readonly weights?: Float64Array;
    };

/** One finished iteration of an iterative learner. */
export interface FitReport {
  /** Iterations done so far (1, 2, …; strictly increasing within one fit). */
  readonly iteration: number;
  /** Iterations planned: the learner's iteration parameter, capped by the budget's `maxIterations`. */
  readonly total: number;
  /** Name of the metric below (lower is better, e.g. `rmse`, `logloss`), when the learner computes one. */
  readonly metric?: string;
  /** The metric on the training rows (only when {@link FitContext.trainingMetric} asks for it). */
  readonly training?: number;
  /** The metric on {@link FitContext.validation}. */
  readonly validation?: number;
}

/**
 * Limits an iterative learner honours: it stops adding iterations when either runs out and returns a valid model
 * of the iterations done so far (at least one), recording why in {@link TrainedModel.training}.
 */
export interface FitBudget {
  /** At most this many iterations (rounds, trees); the learner's own iteration parameter still applies. */
  readonly maxIterations?: number;
  /**
   * Milliseconds of {@link FitContext.clock} from the start of `fit`, checked after each iteration; the model then
   * depends on the machine's speed, so it is not reproducible from the seed alone.
   */
  readonly timeMs?: number;
}

/** Why a fit stopped adding iterations. */
export type StopReason = 'completed' | 'early-stopping' | 'iteration-budget' | 'time-budget';

/** How an iterative fit ended. */
export interface TrainingOutcome {
  readonly stoppedBy: StopReason;
  /** Iterations trained (early stopping may keep fewer in the model, e.g. gbdt's best round). */
  readonly iterations: number;
}

/** Everything about a training call that is not data or hyperparameters. */
export interface FitContext {
  /** Seed of every random choice (row/column sampling, initialisation, tie breaks). */
  readonly seed: number;
  /** Worker threads to use; learners that are not multi-threaded ignore it. Results must not depend on it. */
  readonly threads: number;
  /** Held-out data for early stopping, when the learner supports it. */
  readonly validation?: { readonly X: FeatureMatrix; readonly target: TrainingTarget };
  /**
   * Aborting stops the fit: learners check it between units of work (rounds, trees, optimiser iterations) and
   * reject with `signal.reason`.
   */
  readonly signal?: AbortSignal;
  /** Reports progress in [0, 1], never decreasing. */
  readonly progress?: (fraction: number) => void;
  /** Called after every iteration of an iterative learner (see {@link LearnerCapabilities.iterationParam}). */
  readonly report?: (report: FitReport) => void;
  /** Also compute the training metric for {@link report} (one more pass over the training rows per iteration). */
  readonly trainingMetric?: boolean;
  readonly budget?: FitBudget;
  /** Time source of `budget.timeMs`; default core's `systemMonotonicClock`. */
  readonly clock?: MonotonicClock;
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
  /** Id of the learner that made it; imported models name their source library (`xgboost`, `lightgbm`). */
  readonly learner: string;
  readonly task: Task;
  readonly featureNames: readonly string[];
  /** Class labels for classification (index = class code). */
  readonly classes?: readonly string[];
  /** How an iterative fit ended; absent for one-pass learners and for models saved before it was recorded. */
  readonly training?: TrainingOutcome;
  /** Regression values, or the most probable class index (as a float) for classification. */
  predict(X: FeatureMatrix, options?: PredictOptions): Float64Array;
  /** Row-major `rows × classes` probabilities (binary: 2 columns). Only when the learner gives probabilities. */
  predictProba?(X: FeatureMatrix, options?: PredictOptions): Float64Array;
  /** The importance kinds {@link featureImportance} computes, the default first; absent or empty: none. */
  readonly importanceKinds?: readonly ImportanceKind[];
  /**
   * Per-feature importance of one of {@link importanceKinds} (default the first).
   * @throws MLP_ML_INVALID_PARAM for a kind the model does not have, listing those it has.
   */
  featureImportance?(kind?: ImportanceKind): Float64Array;
  /** Tree models: a read-only view of the trees and how their outputs combine (TreeSHAP, export, inspection). */
  treeView?(): TreeEnsembleView;
  toState(): ModelState;
}

/**
 * A learner as its author writes it, for {@link defineLearner}: metadata as data, `fit` on parameters already
 * parsed by `params`, and `load`.
 */
export interface LearnerDefinition<P extends Record<string, unknown>> {
  /** Permanent kebab-case id (`gbdt`, `rf`, `linear`). */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** zod schema of the hyperparameters; parsing `{}` gives the defaults. Unknown keys are rejected. */
  readonly params: z.ZodType<P>;
  /** Where AutoML searches the parameters (default: nowhere, the defaults only). Checked by `checkSearchSpace` when defined. */
  readonly searchSpace?: SearchSpace<keyof P & string>;
  /**
   * The parameters' names in scikit-learn, XGBoost and LightGBM (default: none), for "did you mean …" and the
   * docs. Checked by `checkParamAliases` when defined.
   */
  readonly paramAliases?: ParamAliases<keyof P & string>;
  readonly capabilities: LearnerCapabilities;
  /** Trains; `params` has passed the schema and the signal was not aborted when it is called. */
  readonly fit: (X: FeatureMatrix, target: TrainingTarget, params: P, context: FitContext) => Promise<TrainedModel>;
  /** Rebuilds a model from its state. @throws MLP_ML_BUNDLE_INVALID for unknown format versions or bad arrays. */
  readonly load: (state: ModelState) => TrainedModel;
}

/**
 * A learner with its parameter type erased: what registries, pipelines, the CLI and AutoML hold. `fit` takes the
 * parameters as given by a user or a search and parses them with `params` first.
 */
export interface Learner {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly params: z.ZodType<Readonly<Record<string, unknown>>>;
  readonly searchSpace: SearchSpace;
  /** The parameters' names in other libraries (see {@link LearnerDefinition.paramAliases}). */
  readonly paramAliases: ParamAliases;
  readonly capabilities: LearnerCapabilities;
  /**
   * Parses `params` (defaults applied) and trains.
   * @throws (rejects) MLP_ML_INVALID_PARAM for bad parameters, MLP_ML_BAD_TRAINING_DATA for unusable data, the
   *   signal's reason when it is aborted.
   */
  fit(X: FeatureMatrix, target: TrainingTarget, params: Readonly<Record<string, unknown>>, context: FitContext): Promise<TrainedModel>;
  /** Rebuilds a model from its state. @throws MLP_ML_BUNDLE_INVALID for unknown format versions or bad arrays. */
  load(state: ModelState): TrainedModel;
}
