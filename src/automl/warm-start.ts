/** The configurations a search tries before its optimiser proposes any: history, defaults, portfolio. */
import type { Task } from '../core/index.js';
import type { ParamValue } from '../ml/index.js';
import { portfolioFor } from './portfolio.js';
import type { TrialSource } from './search.js';
import { type Configuration, ENCODING_PARAM, type LearnerPlan } from './space.js';

/** Iterations of the first trial of a forest-like learner on data large enough for successive halving. */
const LOW_COST_ITERATIONS = 16;

/**
 * The configurations tried first: the history's (best configurations of the most similar past datasets, so a
 * team's second search starts where the first ended), each learner's defaults (the strongest single guesses), then
 * the portfolio's for the task (configurations that did well across many datasets).
 */
export function warmStart(
  plans: readonly LearnerPlan[],
  task: Task,
  history: readonly Configuration[],
  largeData: boolean,
): Array<{ config: Configuration; source: TrialSource }> {
  // Cheap, strong guesses first: early-stopped learners, then one-pass ones, then those that fit a set number of
  // iterations (forests), whose cost grows fastest with the data.
  const order = (p: LearnerPlan): number =>
    p.earlyStopping !== undefined ? 0 : p.learner.capabilities.iterationParam === undefined ? 1 : 2;
  // On large data a learner that fits a set number of iterations starts low-cost (FLAML's low-cost initial point):
  // few iterations, which the search then grows.
  const defaults = [...plans]
    .sort((a, b) => order(a) - order(b))
    .map((p) => {
      const params: Record<string, ParamValue> = ENCODING_PARAM in p.space ? { [ENCODING_PARAM]: 'one-hot' } : {};
      const iteration = p.learner.capabilities.iterationParam;
      if (largeData && iteration !== undefined && p.earlyStopping === undefined && iteration in p.space)
        params[iteration] = LOW_COST_ITERATIONS;
      return { config: { learner: p.learner.id, params }, source: 'default' as const };
    });
  // Configurations from elsewhere keep only the preprocessing choices this data has (no `@encoding` without categories).
  const fromElsewhere = (configs: readonly Configuration[], source: TrialSource) =>
    configs.flatMap((c) => {
      const plan = plans.find((p) => p.learner.id === c.learner);
      if (plan === undefined) return [];
      const params = Object.fromEntries(Object.entries(c.params).filter(([name]) => !name.startsWith('@') || name in plan.space));
      return [{ config: { learner: c.learner, params }, source }];
    });
  return [...fromElsewhere(history, 'history'), ...defaults, ...fromElsewhere(portfolioFor(task), 'portfolio')];
}
