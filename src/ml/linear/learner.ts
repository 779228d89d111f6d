import { defineLearner } from '../learner.js';
import type { LearnerDefinition } from '../learner.js';
import { fitLogisticRegression } from './fit-logistic.js';
import { fitLinearRegression } from './fit-regression.js';
import type { LinearFit } from './fit-regression.js';
import { checkTrainingData, parseLearnerParams } from '../learner-input.js';
import { LinearModel, loadLinearModel } from './model.js';
import { linearParamsSchema } from './params.js';
import type { LinearParams } from './params.js';

/**
 * `linear`: ridge / lasso / elastic-net regression (coordinate descent) and logistic regression, binary or
 * multinomial, with L2 (L-BFGS) or L1 / elastic-net (OWL-QN) penalties — sklearn objectives, see
 * {@link linearParamsSchema}. Needs imputed features (NaN is rejected) and treats categorical codes as numbers
 * (one-hot encode them in preprocessing). Deterministic: no randomness is used.
 */
export const linearLearner: LearnerDefinition<LinearParams> = defineLearner<LinearParams>({
  id: 'linear',
  title: 'Linear / logistic regression',
  description:
    'Ridge, lasso and elastic-net regression; binary and multinomial logistic regression with L2, L1 or elastic-net penalties. Needs imputed, preferably one-hot encoded features.',
  params: linearParamsSchema,
  capabilities: {
    tasks: ['regression', 'binary', 'multiclass'],
    handlesMissing: false,
    handlesCategorical: false,
    supportsWeights: true,
    givesProbabilities: true,
    multiThreaded: false,
  },
  async fit(X, target, params, context) {
    const p = parseLearnerParams('linear', linearParamsSchema, params);
    const checked = checkTrainingData('linear', X, target, false);
    let fit: LinearFit;
    if (target.task === 'regression') {
      fit = fitLinearRegression(X, target.y, checked.weights, checked.weightSum, p, context.signal);
    } else {
      const active = checked.activeClasses;
      const position = new Int32Array(target.classes.length).fill(-1);
      for (let a = 0; a < active.length; a++) position[active[a] as number] = a;
      // Rows of classes without weight have weight 0; any index keeps the loss unchanged.
      const yActive = new Int32Array(checked.rows);
      for (let i = 0; i < checked.rows; i++) yActive[i] = Math.max(0, position[target.y[i] as number] as number);
      fit = fitLogisticRegression(X, yActive, active.length, checked.weights, checked.weightSum, p, context.signal);
    }
    context.progress?.(1);
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
    });
  },
  load: loadLinearModel,
});
