/** Evaluation metrics: plain functions matching scikit-learn, plus the metric registry (by kebab-case id). */
export type { NumericArray } from './validate.js';
export { defineMetric } from './define-metric.js';
export type { InputFor, MetricDefinition, MetricInput, MetricInputKind, MetricSpec, MetricTask } from './define-metric.js';
export { builtinMetrics, createMetricRegistry, metricRegistry } from './builtin-metrics.js';
export { confusionMatrix } from './confusion-matrix.js';
export type { ConfusionMatrix, ConfusionMatrixOptions } from './confusion-matrix.js';
export { accuracyScore, balancedAccuracyScore, cohenKappaScore, matthewsCorrcoef } from './label-metrics.js';
export type { BalancedAccuracyOptions, CohenKappaOptions, LabelMetricOptions } from './label-metrics.js';
export { f1Score, fbetaScore, precisionRecallFscore, precisionScore, recallScore } from './precision-recall-f.js';
export type { Average, PrfOptions, PrfResult } from './precision-recall-f.js';
export { binaryClfCurve, trapezoid } from './binary-curve.js';
export type { BinaryClfCurve, PrecisionRecallCurve, RocCurve } from './binary-curve.js';
export { averagePrecisionScore, prAucScore, precisionRecallCurve, rocAucScore, rocCurve } from './ranking.js';
export type { RankingOptions } from './ranking.js';
export { brierScore, logLoss } from './probabilistic.js';
export type { LogLossOptions, ProbaMetricOptions } from './probabilistic.js';
export { calibrationCurve, expectedCalibrationError } from './calibration-curve.js';
export type { CalibrationCurve, CalibrationCurveOptions, EceOptions } from './calibration-curve.js';
export {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanPoissonDeviance,
  meanSquaredError,
  medianAbsoluteError,
  r2Score,
  rootMeanSquaredError,
} from './regression.js';
export type { RegressionOptions } from './regression.js';
