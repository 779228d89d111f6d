import { TASKS } from '../../core/index.js';
import { defineLearner } from '../define-learner.js';
import { IterationControl } from '../fit-control.js';
import type { Learner } from '../learner.js';
import type { SearchSpace } from '../search-space.js';
import { fitLogisticRegression } from './fit-logistic.js';
import { fitLinearRegression } from './fit-regression.js';
import type { LinearFit } from './fit-regression.js';
import { checkTrainingData } from '../learner-input.js';
import { LinearModel, loadLinearModel } from './model.js';
import { LINEAR_PARAM_ALIASES, linearParamsSchema } from './params.js';
import type { LinearParams } from './params.js';

/**
 * Where AutoML searches `linear`: the penalty kind; logistic `C` on FLAML's and auto-sklearn's log range
 * 2^-5..2^15 (`LRL1Classifier`, `liblinear_svc`); regression `alpha` for `l1` / elastic net and `l1Ratio` on
 * FLAML's `ElasticNetEstimator` ranges (1e-4..1 log, 0..1); ridge `alpha` (squared errors summed, so n times
 * larger for the same strength) on 1e-3..1e3 log, the range of the Optuna CASH peer of the benchmark splits.
 */
const LINEAR_SEARCH_SPACE: SearchSpace<keyof LinearParams & string> = {
  penalty: { kind: 'categorical', choices: ['l2', 'l1', 'elasticnet'] },
  C: { kind: 'float', low: 0.03125, high: 32768, log: true, tasks: ['binary', 'multiclass'] },
  alpha: [
    { kind: 'float', low: 1e-3, high: 1e3, log: true, tasks: ['regression'], when: { param: 'penalty', in: ['l2'] } },
    { kind: 'float', low: 1e-4, high: 1, log: true, tasks: ['regression'], when: { param: 'penalty', in: ['l1', 'elasticnet'] } },
  ],
  l1Ratio: { kind: 'float', low: 0, high: 1, when: { param: 'penalty', in: ['elasticnet'] } },
};

/**
 * `linear`: ridge / lasso / elastic-net regression (coordinate descent) and logistic regression, binary or
 * multinomial, with L2 (L-BFGS) or L1 / elastic-net (OWL-QN) penalties — sklearn objectives, see
 * {@link linearParamsSchema}. Needs imputed features (NaN is rejected) and treats categorical codes as numbers
 * (one-hot encode them in preprocessing). Deterministic: no randomness is used. Each optimiser iteration (sweep or
 * L-BFGS step) is reported and counts against the budget; logistic reports carry the penalised mean log loss.
 */
export const linearLearner: Learner = defineLearner<LinearParams>({
  id: 'linear',
  title: 'Linear / logistic regression',
  description:
    'Ridge, lasso and elastic-net regression; binary and multinomial logistic regression with L2, L1 or elastic-net penalties. Needs imputed, preferably one-hot encoded features.',
  params: linearParamsSchema,
  searchSpace: LINEAR_SEARCH_SPACE,
  paramAliases: LINEAR_PARAM_ALIASES,
  capabilities: {
    tasks: TASKS,
    handlesMissing: false,
    handlesCategorical: false,
    supportsWeights: true,
    givesProbabilities: true,
    multiThreaded: false,
    iterationParam: 'maxIter',
  },
  async fit(X, target, params, context) {
    const control = new IterationControl(context, params.maxIter);
    const checked = checkTrainingData('linear', X, target, false);
    const p = { ...params, maxIter: control.total };
    let fit: LinearFit;
    if (target.task === 'regression') {
      fit = fitLinearRegression(X, target.y, checked.weights, checked.weightSum, p, () => control.step());
    } else {
      const active = checked.activeClasses;
      const position = new Int32Array(target.classes.length).fill(-1);
      for (let a = 0; a < active.length; a++) position[active[a] as number] = a;
      // Rows of classes without weight have weight 0; any index keeps the loss unchanged.
      const yActive = new Int32Array(checked.rows);
      for (let i = 0; i < checked.rows; i++) yActive[i] = Math.max(0, position[target.y[i] as number] as number);
      const step = (_: number, value: number): boolean =>
        control.step(control.trainingMetric ? { metric: 'penalized-logloss', training: value } : {});
      fit = fitLogisticRegression(X, yActive, active.length, checked.weights, checked.weightSum, p, step);
    }
    return new LinearModel({
      task: target.task,
      featureNames: [...X.names],
      ...(target.task === 'regression' ? {} : { classes: [...target.classes] }),
      activeClasses: checked.activeClasses,
      coef: fit.coef,
      intercept: fit.intercept,
      std: fit.std,
      iterations: fit.iterations,
      converged: fit.converged,
      training: control.finish(),
    });
  },
  load: loadLinearModel,
});
