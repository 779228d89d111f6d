import { InvalidParamError, TrainingDataError } from '../../core/index.js';
import type { Registry } from '../../core/index.js';
import { schemaOf } from '../../data/index.js';
import type { ColumnSchema, Frame } from '../../data/index.js';
import type { FitContext, Learner, Task, TrainingTarget } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import { applySteps, autoPreprocess, builtinSteps, fitFeatureLayout, fitSteps, toFeatureMatrix } from '../preprocess/index.js';
import type { FeatureLayout, FittedTransformer, StepSpec, TransformerDefinition } from '../preprocess/index.js';
import { conformInput } from './conform-input.js';
import { FittedPipeline } from './fitted-pipeline.js';
import { targetLike, trainingTarget } from './target.js';

/** What {@link fitPipeline} needs. */
export interface FitPipelineOptions {
  /** The TRAINING rows (features and target). Steps and learner are fitted on these rows only. */
  readonly frame: Frame;
  /** Name of the target column. */
  readonly target: string;
  readonly learner: Learner;
  /** Hyperparameters, parsed by the learner's schema (`{}` or absent = defaults). */
  readonly params?: Record<string, unknown>;
  /** The preprocessing recipe; default {@link autoPreprocess} for the learner's capabilities. */
  readonly steps?: readonly StepSpec[];
  /** Seed, threads, abort signal and progress; validation data goes in {@link validation} as a frame. */
  readonly context: Omit<FitContext, 'validation'>;
  /** Task; default inferred from the target column (`inferTask`). */
  readonly task?: Task;
  /** The positive class of a binary target (default the second of its sorted labels); it becomes `classes[1]`. */
  readonly positiveClass?: string;
  /**
   * Held-out rows (features and target) for the learner's early stopping. They are transformed with the steps
   * fitted on the training rows; no step ever fits on them.
   */
  readonly validation?: Frame;
  /**
   * Name of a numeric column of non-negative sample weights (no missing values) passed to the learner as
   * `target.weights`; it is not a feature and is not needed at prediction time.
   */
  readonly weights?: string;
  /** Step registry; default the built-in steps. */
  readonly stepRegistry?: Registry<TransformerDefinition<unknown>>;
}

/** Columns of the input frame the model needs: those read by a step (except `drop`) or fed to the learner as they are. */
function requiredInputs(features: Frame, steps: readonly FittedTransformer[], layout: FeatureLayout): ColumnSchema[] {
  const used = new Set<string>(layout.names);
  for (const step of steps) if (step.optionalInputs !== true) for (const name of step.inputs) used.add(name);
  return schemaOf(features).columns.filter((c) => used.has(c.name));
}

/** The weight column, checked: numeric, present, finite and non-negative, for a learner that takes weights. */
function sampleWeights(frame: Frame, name: string, learner: string, supported: boolean): Float64Array {
  if (!supported)
    throw TrainingDataError({ field: name, problem: `learner "${learner}" does not take sample weights; drop the weights option` });
  const column = frame.column(name);
  if (column.type !== 'numeric')
    throw TrainingDataError({ field: name, problem: `sample weights must be numeric, this column is ${column.type}` });
  const bad = column.values.findIndex((v) => !(v >= 0) || !Number.isFinite(v));
  if (bad >= 0)
    throw TrainingDataError({ field: name, problem: `row ${bad}: weight ${column.values[bad]} is not a finite non-negative number` });
  return Float64Array.from(column.values);
}

/** Refuses a matrix the learner cannot take, with the preprocessing step that would fix it. */
function checkCapabilities(learner: Learner, X: FeatureMatrix): void {
  // categories first: one-hot also removes the NaN of missing levels, so it is the first fix to suggest
  const categorical = X.categorical.indexOf(true);
  if (categorical >= 0 && !learner.capabilities.handlesCategorical) {
    throw TrainingDataError({
      field: X.names[categorical] as string,
      problem: `learner "${learner.id}" does not take categorical codes; add a "one-hot" or "target-encode" step (or use the default steps)`,
    });
  }
  if (learner.capabilities.handlesMissing) return;
  for (let j = 0; j < X.cols; j++) {
    if ((X.columns[j] as Float64Array).some((v) => v !== v)) {
      throw TrainingDataError({
        field: X.names[j] as string,
        problem: `learner "${learner.id}" does not take missing values; add an "impute" step (or use the default steps)`,
      });
    }
  }
}

/**
 * Fits preprocessing steps and a learner on the training rows of `frame`.
 * Leakage guard: steps see only `frame` (minus the target column); `validation` rows are transformed with the
 * fitted steps and passed to the learner for early stopping only.
 * @throws MLP_DATA_UNKNOWN_COLUMN when the target is not a column; MLP_ML_BAD_TRAINING_DATA for an unusable
 *   target, a task the learner does not support, or features the learner cannot take; MLP_ML_INVALID_PARAM for
 *   bad hyperparameters or step options; MLP_CORE_UNKNOWN_ID for an unknown step; MLP_CORE_VALIDATION for a
 *   positive class that is not one of a binary target's two classes.
 */
export async function fitPipeline(options: FitPipelineOptions): Promise<FittedPipeline> {
  const { frame, learner, context } = options;
  if ((context as FitContext).validation !== undefined) {
    // a ready-made matrix would bypass the fitted steps; validation rows must come as a frame
    throw TrainingDataError({
      problem: 'pass validation rows as the `validation` frame of fitPipeline, not as context.validation (the steps must transform them)',
    });
  }
  let target: TrainingTarget = trainingTarget(frame.column(options.target), options.task, options.positiveClass);
  if (options.weights !== undefined)
    target = { ...target, weights: sampleWeights(frame, options.weights, learner.id, learner.capabilities.supportsWeights) };
  if (!learner.capabilities.tasks.includes(target.task)) {
    throw TrainingDataError({
      field: options.target,
      problem: `learner "${learner.id}" does not do ${target.task} (it does ${learner.capabilities.tasks.join(', ')})`,
    });
  }
  const parsed = learner.params.safeParse(options.params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw InvalidParamError({ learner: learner.id, param: issue?.path.join('.') || '(root)', problem: issue?.message ?? 'invalid value' });
  }
  const features = frame.select(frame.columnNames.filter((n) => n !== options.target && n !== options.weights));
  const recipe = options.steps ?? autoPreprocess(schemaOf(features), learner.capabilities);
  const fitted = fitSteps(features, recipe, options.stepRegistry ?? builtinSteps(), { seed: context.seed, target });
  const layout = fitFeatureLayout(fitted.output);
  const X = toFeatureMatrix(fitted.output, layout);
  checkCapabilities(learner, X);
  const inputSchema = requiredInputs(features, fitted.steps, layout);

  let fitContext: FitContext = context;
  if (options.validation !== undefined) {
    const v = options.validation;
    const validationX = toFeatureMatrix(applySteps(fitted.steps, conformInput(v, inputSchema)), layout);
    fitContext = { ...context, validation: { X: validationX, target: targetLike(v.column(options.target), target) } };
  }
  const model = await learner.fit(X, target, parsed.data, fitContext);
  return new FittedPipeline({
    task: target.task,
    target: options.target,
    classes: target.task === 'regression' ? undefined : target.classes,
    inputSchema,
    recipe,
    steps: fitted.steps,
    layout,
    model,
  });
}
