import { BundleInvalidError, type JsonObject, type Registry, ValidationError } from '../../core/index.js';
import { z } from 'zod';

import type { ColumnSchema, Frame } from '../../data/index.js';
import { argmaxRows } from '../argmax.js';
import type { Learner, PredictOptions, StateArray, Task } from '../learner.js';
import { builtinSteps } from '../preprocess/index.js';
import type { TransformerDefinition } from '../preprocess/index.js';
import { conformInput } from './conform-input.js';
import { type FittedPipeline, loadPipeline, parseStateMeta, type PipelineSignature } from './fitted-pipeline.js';

/**
 * Layout version of {@link EnsembleState}. Version 1 holds its members as pipeline states of format 1: a new pipeline
 * format makes a new ensemble format.
 */
export const ENSEMBLE_FORMAT_VERSION = 1;
const MEMBER_PIPELINE_FORMAT = 1;

/**
 * A fitted ensemble as pure data: `meta` is `{ weights, members: [pipeline meta, …] }` (the weights as the ensemble
 * was made with them; loading normalises them again) and `arrays` holds member `i`'s arrays as `members.<i>.<name>`
 * (its own names, e.g. `members.0.model.values`).
 */
export interface EnsembleState {
  readonly formatVersion: number;
  readonly meta: JsonObject;
  readonly arrays: Readonly<Record<string, StateArray>>;
}

/** Everything a {@link FittedEnsemble} is made of. */
export interface FittedEnsembleParts {
  readonly members: readonly FittedPipeline[];
  /** One positive weight per member; they are normalised to sum to 1. */
  readonly weights: readonly number[];
}

/** The union of the members' input columns by name, in first-occurrence order; nullable if any member's is. */
function unionInputs(members: readonly FittedPipeline[]): ColumnSchema[] {
  const byName = new Map<string, ColumnSchema>();
  members.forEach((member, i) => {
    for (const column of member.inputSchema) {
      const seen = byName.get(column.name);
      if (seen === undefined) byName.set(column.name, { name: column.name, type: column.type, nullable: column.nullable });
      else if (seen.type !== column.type) {
        throw ValidationError({
          field: `members.${i}.inputSchema.${column.name}`,
          problem: `member ${i} reads "${column.name}" as ${column.type}, an earlier member as ${seen.type}`,
        });
      } else if (column.nullable) seen.nullable = true;
    }
  });
  return [...byName.values()];
}

/** MLP_CORE_VALIDATION unless the members and weights make an ensemble (see {@link FittedEnsemble}). */
function checkParts(parts: FittedEnsembleParts): void {
  const { members, weights } = parts;
  const first = members[0];
  if (first === undefined) throw ValidationError({ field: 'members', problem: 'an ensemble needs at least one member' });
  if (weights.length !== members.length) {
    throw ValidationError({
      field: 'weights',
      problem: `${weights.length} weights for ${members.length} members; give one weight per member`,
    });
  }
  weights.forEach((w, i) => {
    if (!Number.isFinite(w) || !(w > 0))
      throw ValidationError({ field: `weights.${i}`, problem: `weight ${w} is not a finite number > 0` });
  });
  if (!Number.isFinite(weights.reduce((sum, w) => sum + w, 0)))
    throw ValidationError({ field: 'weights', problem: 'the weights sum to more than the largest number; scale them down' });
  const classes = JSON.stringify(first.classes ?? null);
  members.forEach((member, i) => {
    const field = `members.${i}`;
    if (member.task !== first.task)
      throw ValidationError({ field: `${field}.task`, problem: `member ${i} is ${member.task}, member 0 is ${first.task}` });
    if (member.target !== first.target)
      throw ValidationError({ field: `${field}.target`, problem: `member ${i} predicts "${member.target}", member 0 "${first.target}"` });
    if (JSON.stringify(member.classes ?? null) !== classes) {
      throw ValidationError({
        field: `${field}.classes`,
        problem: `member ${i} has classes ${JSON.stringify(member.classes ?? null)}, member 0 ${classes} (same labels in the same order needed)`,
      });
    }
    if (member.task !== 'regression' && member.model.predictProba === undefined) {
      throw ValidationError({
        field: `${field}.model`,
        problem: `learner "${member.model.learner}" of member ${i} gives no probabilities; a classifier ensemble averages probabilities`,
      });
    }
  });
}

/**
 * Fitted pipelines of one task, target and class list combined with fixed weights: regression averages the members'
 * values, classification their class probabilities (the predicted class is the most probable, ties to the lower
 * index). Prediction takes a frame with (at least) the union of the members' input columns.
 */
export class FittedEnsemble {
  readonly task: Task;
  readonly target: string;
  /** Class labels (index = class code) for classification, the members' own. */
  readonly classes: readonly string[] | undefined;
  readonly members: readonly FittedPipeline[];
  /** The members' weights, normalised to sum to 1. */
  readonly weights: readonly number[];
  /** The union of the members' input columns (first occurrence order). */
  readonly inputSchema: readonly ColumnSchema[];
  /** The weights as given: saved as they are, so a reload normalises them to exactly the same numbers. */
  readonly #given: readonly number[];

  /**
   * @throws MLP_CORE_VALIDATION (naming the field) for no members, a weight count that is not the member count, a
   *   weight that is not finite and > 0, members that differ in task, target or classes, a classification member
   *   without probabilities, or members that read one column as different types.
   */
  constructor(parts: FittedEnsembleParts) {
    checkParts(parts);
    const first = parts.members[0] as FittedPipeline;
    const total = parts.weights.reduce((sum, w) => sum + w, 0);
    this.task = first.task;
    this.target = first.target;
    this.classes = first.classes;
    this.members = [...parts.members];
    this.#given = [...parts.weights];
    this.weights = parts.weights.map((w) => w / total);
    this.inputSchema = unionInputs(parts.members);
  }

  /** The model signature: input columns with types, and what it predicts. */
  get signature(): PipelineSignature {
    return { inputs: this.inputSchema, output: { task: this.task, target: this.target, classes: this.classes } };
  }

  /** The members' learners with their weights, for people: `ensemble(gbdt×0.6, linear×0.4)` (3 significant digits). */
  get description(): string {
    return `ensemble(${this.members.map((m, i) => `${m.model.learner}×${Number((this.weights[i] as number).toPrecision(3))}`).join(', ')})`;
  }

  /** The weighted sum of one output of every member (all of the same length). */
  #average(frame: Frame, output: (member: FittedPipeline, frame: Frame) => Float64Array): Float64Array {
    // conformed once against the union, so a frame missing columns of several members is refused naming them all
    const conformed = conformInput(frame, this.inputSchema);
    let sum: Float64Array | undefined;
    this.members.forEach((member, m) => {
      const values = output(member, conformed);
      const w = this.weights[m] as number;
      sum ??= new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) sum[i] = (sum[i] as number) + w * (values[i] as number);
    });
    return sum as Float64Array;
  }

  /** Regression: the weighted mean of the members' values; classification: the argmax of {@link predictProba} as a float. */
  predict(frame: Frame, options?: PredictOptions): Float64Array {
    if (this.task === 'regression') return this.#average(frame, (member, f) => member.predict(f, options));
    return argmaxRows(this.predictProba(frame, options), frame.rowCount, this.classes?.length ?? 0);
  }

  /**
   * Predicted class labels (classification only).
   * @throws MLP_CORE_VALIDATION for a regression ensemble.
   */
  predictLabels(frame: Frame, options?: PredictOptions): string[] {
    const classes = this.classes;
    if (classes === undefined)
      throw ValidationError({ field: 'predictLabels', problem: 'a regression model predicts numbers; use predict' });
    return Array.from(this.predict(frame, options), (k) => classes[k] as string);
  }

  /**
   * Row-major `rows × classes` probabilities: the weighted mean of the members' rows.
   * @throws MLP_CORE_VALIDATION for a regression ensemble.
   */
  predictProba(frame: Frame, options?: PredictOptions): Float64Array {
    if (this.task === 'regression')
      throw ValidationError({ field: 'predictProba', problem: 'a regression ensemble gives no probabilities; use predict' });
    return this.#average(frame, (member, f) => member.predictProba(f, options));
  }

  /** The ensemble as JSON + typed arrays (see {@link EnsembleState}); arrays are copies. */
  toState(): EnsembleState {
    const arrays: Record<string, StateArray> = {};
    const members = this.members.map((member, i) => {
      const state = member.toState();
      for (const [name, array] of Object.entries(state.arrays)) arrays[`members.${i}.${name}`] = array;
      return state.meta;
    });
    return { formatVersion: ENSEMBLE_FORMAT_VERSION, meta: { weights: [...this.#given], members }, arrays };
  }
}

const metaSchema = z.object({ weights: z.array(z.number()), members: z.array(z.record(z.string(), z.unknown())).min(1) }).strict();
const MEMBER_ARRAY = /^members\.(\d+)\.(.+)$/;

/**
 * Rebuilds a fitted ensemble from its state, each member with {@link loadPipeline}. Only data is read.
 * @throws MLP_ML_BUNDLE_INVALID naming the location (`ensemble`, `ensemble.members.<i>`) for an unknown version, a
 *   malformed meta, weights that are not one finite positive number per member, an array missing or not listed by a
 *   member, or members that do not make an ensemble (different task, target or classes).
 */
export function loadEnsemble(
  state: EnsembleState,
  learners: Registry<Learner>,
  stepRegistry: Registry<TransformerDefinition<unknown>> = builtinSteps(),
): FittedEnsemble {
  const location = 'ensemble';
  const { weights, members } = parseStateMeta(state, ENSEMBLE_FORMAT_VERSION, metaSchema, location);
  if (weights.length !== members.length)
    throw BundleInvalidError({ location, problem: `${weights.length} weights for ${members.length} members` });
  const bad = weights.findIndex((w) => !Number.isFinite(w) || !(w > 0));
  if (bad >= 0) throw BundleInvalidError({ location, problem: `meta.weights.${bad}: weight ${weights[bad]} is not a finite number > 0` });
  const memberArrays = members.map((): Record<string, StateArray> => ({}));
  for (const [name, array] of Object.entries(state.arrays)) {
    const match = MEMBER_ARRAY.exec(name);
    const own = match === null ? undefined : memberArrays[Number(match[1])];
    if (match === null || own === undefined || String(Number(match[1])) !== match[1])
      throw BundleInvalidError({ location, problem: `array "${name}" belongs to no member (members.0 … members.${members.length - 1})` });
    own[match[2] as string] = array;
  }
  const pipelines = members.map((meta, i) => {
    try {
      const member = { formatVersion: MEMBER_PIPELINE_FORMAT, meta: meta as JsonObject, arrays: memberArrays[i] ?? {} };
      return loadPipeline(member, learners, stepRegistry);
    } catch (error) {
      if (!BundleInvalidError.is(error)) throw error;
      const inner = error.details as { location: string; problem: string };
      const problem = inner.location === 'pipeline' ? inner.problem : `${inner.location}: ${inner.problem}`;
      throw BundleInvalidError({ location: `${location}.members.${i}`, problem }, error);
    }
  });
  try {
    return new FittedEnsemble({ members: pipelines, weights });
  } catch (error) {
    if (!ValidationError.is(error)) throw error;
    const inner = error.details as { field: string; problem: string };
    throw BundleInvalidError({ location: `${location}.${inner.field}`, problem: inner.problem }, error);
  }
}
