/**
 * The static index of built-in scalar metrics. Ids are permanent. Metrics with a binary and a multiclass form
 * pick the form from the input: `nClasses` set (and `proba` an n×k matrix) means multiclass.
 */
import { Registry } from '../../core/index.js';
import { expectedCalibrationError } from './calibration-curve.js';
import type { InputFor, MetricDefinition, MetricTask } from './define-metric.js';
import { defineMetric } from './define-metric.js';
import { accuracyScore, balancedAccuracyScore, cohenKappaScore, matthewsCorrcoef } from './label-metrics.js';
import type { Average } from './precision-recall-f.js';
import { precisionRecallFscore } from './precision-recall-f.js';
import { brierScore, logLoss } from './probabilistic.js';
import { averagePrecisionScore, prAucScore, rocAucScore } from './ranking.js';
import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanPoissonDeviance,
  meanSquaredError,
  medianAbsoluteError,
  r2Score,
  rootMeanSquaredError,
} from './regression.js';

const CLASSIFICATION: readonly MetricTask[] = ['binary', 'multiclass'];

function prfMetrics(which: 'precision' | 'recall' | 'f1', title: string): MetricDefinition[] {
  const pick = (input: InputFor<'labels'>, average: Average): number => {
    const r = precisionRecallFscore(input.yTrue, input.yPred, { average, sampleWeight: input.sampleWeight }, which);
    return which === 'precision' ? r.precision : which === 'recall' ? r.recall : r.fScore;
  };
  const variants: Array<{ suffix: string; average: Average; task: readonly MetricTask[]; note: string }> = [
    { suffix: '', average: 'binary', task: ['binary'], note: ' (positive class 1)' },
    { suffix: '-macro', average: 'macro', task: CLASSIFICATION, note: ', macro average' },
    { suffix: '-micro', average: 'micro', task: CLASSIFICATION, note: ', micro average' },
    { suffix: '-weighted', average: 'weighted', task: CLASSIFICATION, note: ', support-weighted average' },
  ];
  return variants.map((v) =>
    defineMetric({
      id: `${which}${v.suffix}`,
      title: `${title}${v.note}`,
      task: v.task,
      input: 'labels',
      greaterIsBetter: true,
      compute: (input) => pick(input, v.average),
    }),
  );
}

/** Every built-in scalar metric, in a fixed order. */
export const builtinMetrics: readonly MetricDefinition[] = Object.freeze([
  defineMetric({
    id: 'accuracy',
    title: 'Accuracy',
    task: CLASSIFICATION,
    input: 'labels',
    greaterIsBetter: true,
    compute: (i) => accuracyScore(i.yTrue, i.yPred, { sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'balanced-accuracy',
    title: 'Balanced accuracy (mean per-class recall)',
    task: CLASSIFICATION,
    input: 'labels',
    greaterIsBetter: true,
    compute: (i) => balancedAccuracyScore(i.yTrue, i.yPred, { sampleWeight: i.sampleWeight }),
  }),
  ...prfMetrics('precision', 'Precision'),
  ...prfMetrics('recall', 'Recall'),
  ...prfMetrics('f1', 'F1 score'),
  defineMetric({
    id: 'mcc',
    title: 'Matthews correlation coefficient',
    task: CLASSIFICATION,
    input: 'labels',
    greaterIsBetter: true,
    compute: (i) => matthewsCorrcoef(i.yTrue, i.yPred, { sampleWeight: i.sampleWeight }),
  }),
  ...(['none', 'linear', 'quadratic'] as const).map((weights) =>
    defineMetric({
      id: weights === 'none' ? 'cohen-kappa' : `cohen-kappa-${weights}`,
      title: weights === 'none' ? "Cohen's kappa" : `Cohen's kappa, ${weights} weights`,
      task: CLASSIFICATION,
      input: 'labels',
      greaterIsBetter: true,
      compute: (i) => cohenKappaScore(i.yTrue, i.yPred, { weights, sampleWeight: i.sampleWeight }),
    }),
  ),
  defineMetric({
    id: 'roc-auc',
    title: 'ROC AUC (multiclass: one-vs-rest, macro)',
    task: CLASSIFICATION,
    input: 'proba',
    greaterIsBetter: true,
    compute: (i) => rocAucScore(i.yTrue, i.proba, { nClasses: i.nClasses, sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'roc-auc-ovr-weighted',
    title: 'ROC AUC, one-vs-rest weighted by class support',
    task: ['multiclass'],
    input: 'proba',
    greaterIsBetter: true,
    compute: (i) => rocAucScore(i.yTrue, i.proba, { nClasses: i.nClasses, average: 'weighted', sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'roc-auc-ovo',
    title: 'ROC AUC, one-vs-one macro (Hand & Till)',
    task: ['multiclass'],
    input: 'proba',
    greaterIsBetter: true,
    compute: (i) => rocAucScore(i.yTrue, i.proba, { nClasses: i.nClasses, multiClass: 'ovo', sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'average-precision',
    title: 'Average precision (step-wise PR area; multiclass: one-vs-rest, macro)',
    task: CLASSIFICATION,
    input: 'proba',
    greaterIsBetter: true,
    compute: (i) => averagePrecisionScore(i.yTrue, i.proba, { nClasses: i.nClasses, sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'pr-auc',
    title: 'PR AUC (trapezoid area under the precision–recall curve)',
    task: CLASSIFICATION,
    input: 'proba',
    greaterIsBetter: true,
    compute: (i) => prAucScore(i.yTrue, i.proba, { nClasses: i.nClasses, sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'log-loss',
    title: 'Log loss (cross-entropy)',
    task: CLASSIFICATION,
    input: 'proba',
    greaterIsBetter: false,
    compute: (i) => logLoss(i.yTrue, i.proba, { nClasses: i.nClasses, sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'brier',
    title: 'Brier score',
    task: CLASSIFICATION,
    input: 'proba',
    greaterIsBetter: false,
    compute: (i) => brierScore(i.yTrue, i.proba, { nClasses: i.nClasses, sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'ece',
    title: 'Expected calibration error (10 uniform bins; multiclass: top-label)',
    task: CLASSIFICATION,
    input: 'proba',
    greaterIsBetter: false,
    compute: (i) => expectedCalibrationError(i.yTrue, i.proba, { nClasses: i.nClasses, sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'mse',
    title: 'Mean squared error',
    task: ['regression'],
    input: 'values',
    greaterIsBetter: false,
    compute: (i) => meanSquaredError(i.yTrue, i.yPred, { sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'rmse',
    title: 'Root mean squared error',
    task: ['regression'],
    input: 'values',
    greaterIsBetter: false,
    compute: (i) => rootMeanSquaredError(i.yTrue, i.yPred, { sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'mae',
    title: 'Mean absolute error',
    task: ['regression'],
    input: 'values',
    greaterIsBetter: false,
    compute: (i) => meanAbsoluteError(i.yTrue, i.yPred, { sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'mape',
    title: 'Mean absolute percentage error (fraction)',
    task: ['regression'],
    input: 'values',
    greaterIsBetter: false,
    compute: (i) => meanAbsolutePercentageError(i.yTrue, i.yPred, { sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'r2',
    title: 'Coefficient of determination (R²)',
    task: ['regression'],
    input: 'values',
    greaterIsBetter: true,
    compute: (i) => r2Score(i.yTrue, i.yPred, { sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'median-ae',
    title: 'Median absolute error',
    task: ['regression'],
    input: 'values',
    greaterIsBetter: false,
    compute: (i) => medianAbsoluteError(i.yTrue, i.yPred, { sampleWeight: i.sampleWeight }),
  }),
  defineMetric({
    id: 'poisson-deviance',
    title: 'Mean Poisson deviance',
    task: ['regression'],
    input: 'values',
    greaterIsBetter: false,
    compute: (i) => meanPoissonDeviance(i.yTrue, i.yPred, { sampleWeight: i.sampleWeight }),
  }),
]);

/** A fresh registry of the built-in metrics plus `extra` ones (duplicate ids throw `MLP_CORE_DUPLICATE_ID`). */
export function createMetricRegistry(extra: Iterable<MetricDefinition> = []): Registry<MetricDefinition> {
  const registry = new Registry<MetricDefinition>('metric', builtinMetrics);
  for (const metric of extra) registry.register(metric);
  return registry;
}

/** The built-in metrics by id; `metricRegistry.get('roc-auc')` throws `MLP_CORE_UNKNOWN_ID` for unknown ids. */
export const metricRegistry: Registry<MetricDefinition> = createMetricRegistry();
