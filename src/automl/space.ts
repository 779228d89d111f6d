/**
 * The CASH space: which learners a search may use for a task and where it searches each one — the learner's own
 * search space (declared as data next to its parameters, so a new learner brings its space with it) plus the
 * preprocessing choices, as pseudo-parameters whose names start with `@`.
 */
import type { Task } from '../core/index.js';
import type { Learner, ParamSpace, ParamValue, SearchSpace } from '../ml/index.js';

/** A point of the CASH space: a learner, its hyperparameters and the preprocessing choices. */
export interface Configuration {
  readonly learner: string;
  /** Learner parameters, and preprocessing choices under `@` names (`@encoding`). */
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** How a search uses one learner. */
export interface LearnerPlan {
  readonly learner: Learner;
  /** The space the sampler searches: the learner's space, narrowed, plus preprocessing choices. */
  readonly space: SearchSpace;
  /**
   * The iteration parameter set by the search instead of sampled: its value is the cap, and the fit stops early
   * on the validation rows (`earlyStoppingRounds`); the refit on every row uses the best iteration found.
   */
  readonly earlyStopping?: { readonly param: string; readonly cap: number; readonly patience: number };
}

/** Categorical encodings a learner without native categories can be searched over. */
export const ENCODING_PARAM = '@encoding';
export const ENCODINGS = ['one-hot', 'target-encode'] as const;

/** Iterations at most of an early-stopped learner, and its patience. */
const EARLY_STOPPING_CAP = 2000;
const EARLY_STOPPING_PATIENCE = 50;
/** Iterations at most of a learner that trains in iterations without early stopping (trees of a forest). */
const ITERATION_CAP = 512;

/**
 * The learners of a search for `task` and their spaces. A learner with an iteration parameter and an
 * `earlyStoppingRounds` parameter is early-stopped (its iteration parameter is not sampled); any other iteration
 * parameter is searched up to {@link ITERATION_CAP}. Data with categorical columns adds `@encoding` (one-hot or
 * target encoding, fitted inside each fold) for learners without native categories.
 */
export function cashSpace(learners: readonly Learner[], task: Task, hasCategorical: boolean): LearnerPlan[] {
  const plans: LearnerPlan[] = [];
  for (const learner of learners) {
    if (!learner.capabilities.tasks.includes(task)) continue;
    if (task !== 'regression' && !learner.capabilities.givesProbabilities) continue;
    const space: Record<string, ParamSpace | readonly ParamSpace[]> = {};
    const iteration = learner.capabilities.iterationParam;
    const earlyStops = iteration !== undefined && learner.params.safeParse({ earlyStoppingRounds: EARLY_STOPPING_PATIENCE }).success;
    for (const [name, entry] of Object.entries(learner.searchSpace)) {
      if (entry === undefined) continue;
      if (name === iteration && earlyStops) continue;
      space[name] = name === iteration ? capRange(entry, ITERATION_CAP) : entry;
    }
    if (hasCategorical && !learner.capabilities.handlesCategorical)
      space[ENCODING_PARAM] = { kind: 'categorical', choices: [...ENCODINGS] };
    plans.push({
      learner,
      space,
      ...(earlyStops ? { earlyStopping: { param: iteration, cap: EARLY_STOPPING_CAP, patience: EARLY_STOPPING_PATIENCE } } : {}),
    });
  }
  return plans;
}

function capRange(entry: ParamSpace | readonly ParamSpace[], cap: number): ParamSpace | readonly ParamSpace[] {
  const one = (s: ParamSpace): ParamSpace => (s.kind === 'categorical' || s.high <= cap ? s : { ...s, high: Math.max(cap, s.low + 1) });
  return Array.isArray(entry) ? entry.map(one) : one(entry as ParamSpace);
}

/** The learner parameters of a configuration (preprocessing choices removed). */
export function learnerParams(config: Configuration): Record<string, ParamValue> {
  return Object.fromEntries(Object.entries(config.params).filter(([name]) => !name.startsWith('@')));
}

/** A short stable text of a configuration, for logs, run names and duplicate detection. */
export function configurationKey(config: Configuration): string {
  const params = Object.keys(config.params)
    .sort()
    .map((k) => `${k}=${String(config.params[k])}`);
  return `${config.learner}(${params.join(',')})`;
}
