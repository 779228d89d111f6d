import type { z } from 'zod';

import { InvalidParamError } from '../core/index.js';
import type { Task } from '../core/index.js';

/** A value a hyperparameter can take in a search space. */
export type ParamValue = string | number | boolean;

/**
 * Makes a parameter's space apply only while another parameter of the same space (unconditional and
 * categorical) has one of the values in `in`; otherwise the parameter keeps its default.
 */
export interface ParamCondition {
  readonly param: string;
  readonly in: readonly ParamValue[];
}

interface SpaceBase {
  /** Tune the parameter only for these tasks (default: every task of the learner), e.g. logistic `C`. */
  readonly tasks?: readonly Task[];
  readonly when?: ParamCondition;
}

/** A numeric range, both ends included; `log` means uniform in log space (then `low` > 0). */
export interface NumericSpace extends SpaceBase {
  readonly kind: 'float' | 'int';
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
}

/** A finite set of values. */
export interface CategoricalSpace extends SpaceBase {
  readonly kind: 'categorical';
  readonly choices: readonly ParamValue[];
}

/** Where one hyperparameter is searched. */
export type ParamSpace = NumericSpace | CategoricalSpace;

/**
 * A learner's search space, as plain data (JSON): for each tuned parameter its space, or a list of alternatives
 * when the parameter's range depends on another one (each alternative has a `when` on the same parameter, with
 * disjoint `in` sets: gbdt's `maxDepth` is 1..15 growing depth-wise and 0/6/12 growing loss-guided). Parameters
 * that are not listed keep their defaults. `K` narrows the names to the learner's parameters.
 */
export type SearchSpace<K extends string = string> = { readonly [name in K]?: ParamSpace | readonly ParamSpace[] };

/** The alternatives of one entry of a search space (a single space is a list of one). */
export function spaceAlternatives(entry: ParamSpace | readonly ParamSpace[]): readonly ParamSpace[] {
  return Array.isArray(entry) ? entry : [entry as ParamSpace];
}

/** The values a space must accept at least: both ends of a range, every choice. */
function probeValues(space: ParamSpace): readonly ParamValue[] {
  return space.kind === 'categorical' ? space.choices : [space.low, space.high];
}

/**
 * Checks a search space against the learner's parameter schema and tasks, so a bad space fails when the learner
 * is defined, not in the middle of a search: every name is a parameter of the schema; ranges are finite with
 * `low < high` (integers for `int`, `low > 0` for `log`); choices are non-empty and distinct; `tasks` are the
 * learner's; a `when` names an unconditional categorical parameter of the same space and values among its
 * choices; alternatives all depend on one parameter through disjoint sets; and the schema accepts both ends of
 * every range and every choice (with the condition's parameter set to a value that activates it), unchanged.
 * @throws MLP_ML_INVALID_PARAM naming the learner, the parameter and the problem.
 */
export function checkSearchSpace(learner: string, schema: z.ZodType, tasks: readonly Task[], space: SearchSpace): void {
  const fail = (param: string, problem: string): never => {
    throw InvalidParamError({ learner, param, problem: `search space: ${problem}` });
  };
  for (const [name, entry] of Object.entries(space)) {
    if (entry === undefined) continue;
    const alternatives = spaceAlternatives(entry);
    if (alternatives.length === 0) fail(name, 'lists no alternatives');
    if (alternatives.length > 1) checkAlternatives(name, alternatives, fail);
    for (const s of alternatives) {
      checkShape(name, s, fail);
      if (s.tasks !== undefined) {
        const foreign = s.tasks.filter((t) => !tasks.includes(t));
        if (s.tasks.length === 0 || foreign.length > 0) fail(name, `tasks must be some of ${tasks.join(', ')}`);
      }
      const activating = s.when === undefined ? {} : { [s.when.param]: conditionValue(name, s.when, space, fail) };
      for (const value of probeValues(s)) {
        const parsed = schema.safeParse({ ...activating, [name]: value });
        const out = parsed.success ? (parsed.data as Record<string, unknown>)[name] : undefined;
        if (out !== value) fail(name, `${JSON.stringify(value)} is not accepted by the parameter schema as it is`);
      }
    }
  }
}

function checkShape(name: string, s: ParamSpace, fail: (param: string, problem: string) => never): void {
  if (s.kind === 'categorical') {
    if (s.choices.length === 0) fail(name, 'a categorical space needs at least one choice');
    if (new Set(s.choices).size !== s.choices.length) fail(name, 'choices must be distinct');
    return;
  }
  if (!Number.isFinite(s.low) || !Number.isFinite(s.high) || !(s.low < s.high))
    fail(name, `range [${s.low}, ${s.high}] must be finite with low < high`);
  if (s.kind === 'int' && (!Number.isInteger(s.low) || !Number.isInteger(s.high))) fail(name, 'an int range needs integer ends');
  if (s.log === true && !(s.low > 0)) fail(name, 'a log-scale range needs low > 0');
}

/** A value of the condition's parameter that activates the space (the first of `in`), after checking the condition. */
function conditionValue(
  name: string,
  when: ParamCondition,
  space: SearchSpace,
  fail: (param: string, problem: string) => never,
): ParamValue {
  const target = space[when.param];
  if (when.param === name || target === undefined)
    fail(name, `the condition names ${JSON.stringify(when.param)}, which is not another parameter of this space`);
  const alternatives = spaceAlternatives(target as ParamSpace | readonly ParamSpace[]);
  const only = alternatives[0];
  if (alternatives.length !== 1 || only === undefined || only.kind !== 'categorical' || only.when !== undefined) {
    return fail(name, `the condition's parameter ${when.param} must be categorical and unconditional`);
  }
  if (when.in.length === 0 || when.in.some((v) => !only.choices.includes(v)))
    fail(name, `the condition's values must be choices of ${when.param} (${only.choices.join(', ')})`);
  return when.in[0] as ParamValue;
}

function checkAlternatives(name: string, alternatives: readonly ParamSpace[], fail: (param: string, problem: string) => never): void {
  const on = alternatives[0]?.when?.param;
  const seen = new Set<ParamValue>();
  for (const s of alternatives) {
    if (s.when === undefined || s.when.param !== on) fail(name, 'alternatives must all have a condition on the same parameter');
    for (const v of (s.when as ParamCondition).in) {
      if (seen.has(v)) fail(name, `alternatives overlap at ${on} = ${JSON.stringify(v)}`);
      seen.add(v);
    }
  }
}
