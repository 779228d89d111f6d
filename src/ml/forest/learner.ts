import { defineLearner } from '../learner.js';
import type { LearnerDefinition } from '../learner.js';
import { checkTrainingData } from '../learner-input.js';
import { ForestModel } from './model.js';
import { forestParamsSchema, resolveForestParams } from './params.js';
import type { ForestParams, ResolvedForestParams } from './params.js';
import { forestDataFromState } from './state.js';
import type { ForestLearnerId } from './state.js';
import { trainForestThreaded } from './threads.js';

const CAPABILITIES = {
  tasks: ['regression', 'binary', 'multiclass'],
  handlesMissing: true,
  handlesCategorical: true,
  supportsWeights: true,
  givesProbabilities: true,
  multiThreaded: true,
} as const;

function paramsRecord(p: ResolvedForestParams): Record<string, string | number | boolean> {
  return { ...p };
}

function makeForestLearner(id: ForestLearnerId, title: string, description: string, randomSplits: boolean): LearnerDefinition<ForestParams> {
  return defineLearner<ForestParams>({
    id,
    title,
    description,
    params: forestParamsSchema,
    capabilities: CAPABILITIES,
    async fit(X, target, params, context) {
      const checked = checkTrainingData(id, X, target, true);
      const p = resolveForestParams(id, params, target.task, randomSplits);
      const fit = await trainForestThreaded(X, target, p, checked.weights, context.seed, context.threads, {
        ...(context.signal === undefined ? {} : { signal: context.signal }),
        ...(context.progress === undefined ? {} : { progress: context.progress }),
      });
      return new ForestModel(
        {
          learner: id,
          task: target.task,
          featureNames: [...X.names],
          ...(target.task === 'regression' ? {} : { classes: [...target.classes] }),
          trees: fit.trees,
          outputs: fit.outputs,
          importance: fit.importance,
          oobScore: fit.oob === null ? null : fit.oob.score,
          params: paramsRecord(p),
        },
        fit.oob,
      );
    },
    load: (state) => new ForestModel(forestDataFromState(state, id)),
  });
}

/**
 * `rf`: random forest (Breiman; sklearn `RandomForestClassifier` / `RandomForestRegressor` defaults: 100 trees,
 * bootstrap, √features per node for classification and all for regression, fully grown trees). Splits are
 * searched on 255 quantile bins per feature (like LightGBM's rf mode) instead of sklearn's exact sorted values;
 * missing values go to a learned side per split; categorical codes are split as sorted partitions.
 */
export const rfLearner: LearnerDefinition<ForestParams> = makeForestLearner(
  'rf',
  'Random forest',
  'Bagged CART trees with random feature subsets per node (histogram split search); classification (gini/entropy, soft voting) and regression (squared error); out-of-bag score.',
  false,
);

/**
 * `extra-trees`: extremely randomised trees (Geurts et al.; sklearn `ExtraTrees*` defaults: no bootstrap, one
 * uniform random threshold per tried feature, best of those), snapped to bin boundaries.
 */
export const extraTreesLearner: LearnerDefinition<ForestParams> = makeForestLearner(
  'extra-trees',
  'Extra trees',
  'Extremely randomised trees: random thresholds per tried feature, whole training set per tree by default; classification and regression.',
  true,
);
