import { TASKS } from '../../core/index.js';
import { defineLearner } from '../define-learner.js';
import { IterationControl } from '../fit-control.js';
import type { FitContext, Learner, TrainingTarget } from '../learner.js';
import { checkTrainingData } from '../learner-input.js';
import type { FeatureMatrix } from '../matrix.js';
import type { SearchSpace } from '../search-space.js';
import { ForestModel } from './model.js';
import { FOREST_PARAM_ALIASES, forestParamsSchema, resolveForestParams } from './params.js';
import type { ForestParams, ResolvedForestParams } from './params.js';
import { forestDataFromState } from './state.js';
import type { ForestLearnerId } from './state.js';
import { trainForestThreaded } from './threads.js';
import { growForest } from './train.js';
import type { ForestFit } from './train.js';

const CAPABILITIES = {
  tasks: TASKS,
  handlesMissing: true,
  handlesCategorical: true,
  supportsWeights: true,
  givesProbabilities: true,
  multiThreaded: true,
  iterationParam: 'nEstimators',
} as const;

/**
 * Where AutoML searches the forests: FLAML's `RandomForestEstimator` / `ExtraTreesEstimator` (trees 4..2048 and
 * `max_features` 0.1..1, both log scale; gini or entropy for classification) and auto-sklearn's random forest /
 * extra trees (`min_samples_split` 2..20, `min_samples_leaf` 1..20, bootstrap or not).
 */
const FOREST_SEARCH_SPACE: SearchSpace<keyof ForestParams & string> = {
  nEstimators: { kind: 'int', low: 4, high: 2048, log: true },
  maxFeatures: { kind: 'float', low: 0.1, high: 1, log: true },
  minSamplesSplit: { kind: 'int', low: 2, high: 20 },
  minSamplesLeaf: { kind: 'int', low: 1, high: 20 },
  bootstrap: { kind: 'categorical', choices: [true, false] },
  criterion: { kind: 'categorical', choices: ['gini', 'entropy'], tasks: ['binary', 'multiclass'] },
};

function paramsRecord(p: ResolvedForestParams): Record<string, string | number | boolean> {
  return { ...p };
}

/**
 * Grows the forest under the fit's control: with a time budget, or a single thread, on the calling thread (one
 * iteration per tree, reported and checked as it is grown); otherwise on the forest threads, which check the
 * signal themselves and report each tree as it comes back.
 */
async function growUnder(
  control: IterationControl,
  X: FeatureMatrix,
  target: TrainingTarget,
  p: ResolvedForestParams,
  weights: Float64Array,
  context: FitContext,
): Promise<ForestFit> {
  if (context.threads <= 1 || context.budget?.timeMs !== undefined) return growForest(X, target, p, weights, context.seed, control);
  const fit = await trainForestThreaded(X, target, p, weights, context.seed, context.threads, {
    ...(context.signal === undefined ? {} : { signal: context.signal }),
    // called from thread message handlers: report without throwing; trees arrive one by one, in any order
    progress: (fraction) => {
      while (control.done < Math.round(fraction * p.nEstimators)) control.note();
    },
  });
  context.signal?.throwIfAborted();
  return fit;
}

function makeForestLearner(id: ForestLearnerId, title: string, description: string, randomSplits: boolean): Learner {
  return defineLearner<ForestParams>({
    id,
    title,
    description,
    params: forestParamsSchema,
    searchSpace: FOREST_SEARCH_SPACE,
    paramAliases: FOREST_PARAM_ALIASES,
    capabilities: CAPABILITIES,
    async fit(X, target, params, context) {
      const control = new IterationControl(context, params.nEstimators);
      const checked = checkTrainingData(id, X, target, true);
      const p = resolveForestParams(id, params, target.task, randomSplits);
      const fit = await growUnder(control, X, target, { ...p, nEstimators: control.total }, checked.weights, context);
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
          training: control.finish(),
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
export const rfLearner: Learner = makeForestLearner(
  'rf',
  'Random forest',
  'Bagged CART trees with random feature subsets per node (histogram split search); classification (gini/entropy, soft voting) and regression (squared error); out-of-bag score.',
  false,
);

/**
 * `extra-trees`: extremely randomised trees (Geurts et al.; sklearn `ExtraTrees*` defaults: no bootstrap, one
 * uniform random threshold per tried feature, best of those), snapped to bin boundaries.
 */
export const extraTreesLearner: Learner = makeForestLearner(
  'extra-trees',
  'Extra trees',
  'Extremely randomised trees: random thresholds per tried feature, whole training set per tree by default; classification and regression.',
  true,
);
