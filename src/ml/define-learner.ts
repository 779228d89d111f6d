import { InvalidParamError } from '../core/index.js';
import { checkFitBudget } from './fit-control.js';
import type { FitContext, Learner, LearnerDefinition, ModelState, TrainedModel, TrainingTarget } from './learner.js';
import { paramNames, parseLearnerParams } from './learner-input.js';
import { checkParamAliases } from './param-aliases.js';
import type { ParamAliases } from './param-aliases.js';
import type { FeatureMatrix } from './matrix.js';
import { checkSearchSpace } from './search-space.js';
import type { SearchSpace } from './search-space.js';

/**
 * The typed factory every learner is made with. Checks the metadata when the learner is defined (the search
 * space against the schema and tasks, the parameter aliases and the iteration parameter against the schema) and returns the learner with
 * its parameter type erased; its `fit` parses the parameters, checks the budget and the signal, then calls
 * `definition.fit`.
 * @throws MLP_ML_INVALID_PARAM for a search space or iteration parameter that does not fit the schema.
 */
export function defineLearner<P extends Record<string, unknown>>(definition: LearnerDefinition<P>): Learner {
  const { id, params, capabilities } = definition;
  const searchSpace: SearchSpace = Object.freeze({ ...definition.searchSpace });
  checkSearchSpace(id, params, capabilities.tasks, searchSpace);
  const paramAliases: ParamAliases = Object.freeze({ ...definition.paramAliases });
  checkParamAliases(id, paramNames(params), paramAliases);
  const iterationParam = capabilities.iterationParam;
  const defaults = params.safeParse({}).data as Record<string, unknown> | undefined;
  if (iterationParam !== undefined && typeof defaults?.[iterationParam] !== 'number') {
    throw InvalidParamError({
      learner: id,
      param: iterationParam,
      problem: 'capabilities.iterationParam must name a numeric parameter with a default',
    });
  }
  return Object.freeze({
    id,
    title: definition.title,
    description: definition.description,
    params,
    searchSpace,
    paramAliases,
    capabilities: Object.freeze({ ...capabilities }),
    async fit(
      X: FeatureMatrix,
      target: TrainingTarget,
      raw: Readonly<Record<string, unknown>>,
      context: FitContext,
    ): Promise<TrainedModel> {
      const parsed = parseLearnerParams(id, params, raw, paramAliases);
      checkFitBudget(id, context);
      context.signal?.throwIfAborted();
      return definition.fit(X, target, parsed, context);
    },
    load: (state: ModelState) => definition.load(state),
  });
}
