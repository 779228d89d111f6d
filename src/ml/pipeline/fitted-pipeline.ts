import { BundleInvalidError, type JsonObject, type Registry, TASKS, ValidationError } from '../../core/index.js';
import { z } from 'zod';

import { parseSchema } from '../../data/index.js';
import type { ColumnSchema, Frame } from '../../data/index.js';
import type { Learner, PredictOptions, StateArray, Task, TrainedModel } from '../learner.js';
import type { FeatureMatrix } from '../matrix.js';
import { applySteps, builtinSteps, featureLayoutToState, loadFeatureLayout, loadStep, toFeatureMatrix } from '../preprocess/index.js';
import type { FeatureLayout, FittedTransformer, StepSpec, TransformerDefinition } from '../preprocess/index.js';
import { conformInput } from './conform-input.js';

/** Layout version of {@link PipelineState}. */
export const PIPELINE_FORMAT_VERSION = 1;

/**
 * A fitted pipeline as pure data: one JSON document (`meta`) and named typed arrays. `meta` holds the task, the
 * target name, the classes, the input schema (the signature's inputs), the recipe, every step's state (its
 * arrays listed by name) and the learner's state; `arrays` holds the step arrays as `steps.<i>.<name>` and the
 * model arrays as `model.<name>`. A bundle writer stores `meta` as JSON and each array as a binary file.
 */
export interface PipelineState {
  readonly formatVersion: number;
  readonly meta: JsonObject;
  readonly arrays: Readonly<Record<string, StateArray>>;
}

/** Inputs and output of a fitted pipeline (the bundle's signature). */
export interface PipelineSignature {
  readonly inputs: readonly ColumnSchema[];
  readonly output: { readonly task: Task; readonly target: string; readonly classes: readonly string[] | undefined };
}

/** Everything a {@link FittedPipeline} is made of. */
export interface FittedPipelineParts {
  readonly task: Task;
  readonly target: string;
  readonly classes?: readonly string[] | undefined;
  readonly inputSchema: readonly ColumnSchema[];
  readonly recipe: readonly StepSpec[];
  readonly steps: readonly FittedTransformer[];
  readonly layout: FeatureLayout;
  readonly model: TrainedModel;
}

/**
 * Preprocessing steps fitted on training rows + a trained learner. Prediction takes a frame with (at least)
 * the input-schema columns: missing columns are an error naming them, extra columns are ignored, other column
 * types are converted only where lossless.
 */
export class FittedPipeline {
  readonly task: Task;
  /** Name of the target column at training. */
  readonly target: string;
  /** Class labels (index = class code) for classification. */
  readonly classes: readonly string[] | undefined;
  /** The columns the model needs at prediction time with their types (target excluded). */
  readonly inputSchema: readonly ColumnSchema[];
  /** The recipe the steps were fitted from. */
  readonly recipe: readonly StepSpec[];
  readonly steps: readonly FittedTransformer[];
  readonly layout: FeatureLayout;
  readonly model: TrainedModel;

  constructor(parts: FittedPipelineParts) {
    this.task = parts.task;
    this.target = parts.target;
    this.classes = parts.classes;
    this.inputSchema = parts.inputSchema;
    this.recipe = parts.recipe;
    this.steps = parts.steps;
    this.layout = parts.layout;
    this.model = parts.model;
  }

  /** The model signature: input columns with types, and what it predicts. */
  get signature(): PipelineSignature {
    return { inputs: this.inputSchema, output: { task: this.task, target: this.target, classes: this.classes } };
  }

  /** Names of the learner's features (`age`, `color=red`, `date.month_sin`, …). */
  get featureNames(): readonly string[] {
    return this.layout.names;
  }

  /**
   * The learner's feature matrix for `frame` (steps applied with their training statistics).
   * @throws MLP_ML_MISSING_INPUT / MLP_ML_INPUT_TYPE for input that does not match {@link inputSchema}.
   */
  transform(frame: Frame): FeatureMatrix {
    return toFeatureMatrix(applySteps(this.steps, conformInput(frame, this.inputSchema)), this.layout);
  }

  /** Regression values, or the predicted class index (into {@link classes}) as a float. */
  predict(frame: Frame, options?: PredictOptions): Float64Array {
    return this.model.predict(this.transform(frame), options);
  }

  /**
   * Predicted class labels (classification only).
   * @throws MLP_CORE_VALIDATION for a regression model.
   */
  predictLabels(frame: Frame, options?: PredictOptions): string[] {
    const classes = this.classes;
    if (classes === undefined)
      throw ValidationError({ field: 'predictLabels', problem: 'a regression model predicts numbers; use predict' });
    return Array.from(this.predict(frame, options), (k) => classes[k] as string);
  }

  /**
   * Row-major `rows × classes` probabilities.
   * @throws MLP_CORE_VALIDATION when the learner gives no probabilities or the task is regression.
   */
  predictProba(frame: Frame, options?: PredictOptions): Float64Array {
    const model = this.model;
    if (this.task === 'regression' || model.predictProba === undefined) {
      throw ValidationError({
        field: 'predictProba',
        problem: `learner "${model.learner}" gives no probabilities for a ${this.task} model; use predict`,
      });
    }
    return model.predictProba(this.transform(frame), options);
  }

  /** The pipeline as JSON + typed arrays (see {@link PipelineState}); arrays are copies. */
  toState(): PipelineState {
    const arrays: Record<string, StateArray> = {};
    const steps = this.steps.map((step, i) => {
      const state = step.toState();
      for (const [name, array] of Object.entries(state.arrays)) arrays[`steps.${i}.${name}`] = array.slice();
      return { id: state.id, formatVersion: state.formatVersion, meta: state.meta, arrays: Object.keys(state.arrays) };
    });
    const model = this.model.toState();
    for (const [name, array] of Object.entries(model.arrays)) arrays[`model.${name}`] = array.slice();
    const layout = featureLayoutToState(this.layout);
    const meta: JsonObject = {
      task: this.task,
      target: this.target,
      classes: this.classes === undefined ? null : [...this.classes],
      inputSchema: this.inputSchema.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
      recipe: this.recipe.map((s): JsonObject => (s.options === undefined ? { step: s.step } : { step: s.step, options: s.options })),
      steps,
      layout: layout.meta,
      model: { learner: model.learner, formatVersion: model.formatVersion, meta: model.meta, arrays: Object.keys(model.arrays) },
    };
    return { formatVersion: PIPELINE_FORMAT_VERSION, meta, arrays };
  }
}

const jsonObject = z.record(z.string(), z.unknown());
const partSchema = z.object({ formatVersion: z.number().int(), meta: jsonObject, arrays: z.array(z.string()) }).strict();
const metaSchema = z
  .object({
    task: z.enum(TASKS),
    target: z.string(),
    classes: z.array(z.string()).nullable(),
    inputSchema: z.array(z.unknown()),
    recipe: z.array(z.object({ step: z.string(), options: jsonObject.optional() }).strict()),
    steps: z.array(partSchema.extend({ id: z.string() })),
    layout: jsonObject,
    model: partSchema.extend({ learner: z.string() }),
  })
  .strict();

/**
 * The meta of a stored state, checked: the format version this build reads, then the meta's schema.
 * @throws MLP_ML_BUNDLE_INVALID at `location` naming the version or the first bad field.
 */
export function parseStateMeta<T>(
  state: { readonly formatVersion: number; readonly meta: unknown },
  version: number,
  schema: z.ZodType<T>,
  location: string,
): T {
  if (state.formatVersion !== version) {
    throw BundleInvalidError({ location, problem: `format version ${state.formatVersion} is not supported (this build reads ${version})` });
  }
  const parsed = schema.safeParse(state.meta);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw BundleInvalidError({ location, problem: `meta.${(issue?.path ?? []).join('.')}: ${issue?.message ?? 'invalid'}` });
  }
  return parsed.data;
}

/**
 * Rebuilds a fitted pipeline from its state. Only data is read: steps come from the step registry, the model
 * from the learner registry's `load`.
 * @throws MLP_ML_BUNDLE_INVALID for an unknown version, learner or step, a malformed field or a missing array.
 */
export function loadPipeline(
  state: PipelineState,
  learners: Registry<Learner>,
  stepRegistry: Registry<TransformerDefinition<unknown>> = builtinSteps(),
): FittedPipeline {
  const location = 'pipeline';
  const meta = parseStateMeta(state, PIPELINE_FORMAT_VERSION, metaSchema, location);
  const used = new Set<string>();
  const pick = (prefix: string, names: readonly string[]): Record<string, StateArray> => {
    const out: Record<string, StateArray> = {};
    for (const name of names) {
      const array = state.arrays[`${prefix}${name}`];
      if (array === undefined) throw BundleInvalidError({ location, problem: `array "${prefix}${name}" is missing` });
      used.add(`${prefix}${name}`);
      out[name] = array;
    }
    return out;
  };
  const steps = meta.steps.map((s, i) =>
    loadStep({ id: s.id, formatVersion: s.formatVersion, meta: s.meta as JsonObject, arrays: pick(`steps.${i}.`, s.arrays) }, stepRegistry),
  );
  const layout = loadFeatureLayout({ id: 'feature-layout', formatVersion: 1, meta: meta.layout as JsonObject, arrays: {} });
  if (!learners.has(meta.model.learner)) {
    throw BundleInvalidError({ location, problem: `unknown learner "${meta.model.learner}"; known: ${learners.ids().join(', ')}` });
  }
  const modelArrays = pick('model.', meta.model.arrays);
  const extra = Object.keys(state.arrays).filter((name) => !used.has(name));
  if (extra.length > 0) throw BundleInvalidError({ location, problem: `arrays not listed in meta: ${extra.join(', ')}` });
  const model = learners.get(meta.model.learner).load({
    learner: meta.model.learner,
    formatVersion: meta.model.formatVersion,
    meta: meta.model.meta as JsonObject,
    arrays: modelArrays,
  });
  let inputSchema: ColumnSchema[];
  try {
    inputSchema = parseSchema({ columns: meta.inputSchema }, 'inputSchema').columns;
  } catch (error) {
    throw BundleInvalidError({ location, problem: error instanceof Error ? error.message : 'bad inputSchema' }, error);
  }
  return new FittedPipeline({
    task: meta.task,
    target: meta.target,
    classes: meta.classes ?? undefined,
    inputSchema,
    recipe: meta.recipe.map((r) => (r.options === undefined ? { step: r.step } : { step: r.step, options: r.options as JsonObject })),
    steps,
    layout,
    model,
  });
}
