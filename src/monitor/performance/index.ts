/**
 * Performance with late or missing labels: realised metrics per window with confidence intervals, data-driven
 * baselines from the reference, and label-free estimates — CBPE for classifiers, DLE for regressors.
 */
export type { CheckedOutputs, ClassifierOutputs, ModelOutputs, RegressorOutputs, RowWindow } from './inputs.js';
export { checkOutputs } from './inputs.js';
export { delongAuc, normalQuantile, wilsonInterval } from './intervals.js';
export type { DelongResult, Interval } from './intervals.js';
export { bootstrapPercentile } from './bootstrap.js';
export type { BootstrapResult } from './bootstrap.js';
export { PERFORMANCE_METRICS, isClassificationMetric } from './metric-kernel.js';
export type { PerformanceMetric } from './metric-kernel.js';
export { defaultMetrics, windowedPerformance } from './realised.js';
export type { IntervalMethod, RealisedOptions, WindowMetric, WindowPerformance } from './realised.js';
export { performanceBaseline } from './baseline.js';
export type { BaselineOptions, PerformanceBaseline } from './baseline.js';
export { CBPE_METRICS, calibrateProba, estimateCbpe, expectedMetrics, fitCbpe } from './cbpe.js';
export type { CbpeEstimate, CbpeMetric, CbpeModel, CbpeOptions, CbpeWindowEstimate, ExpectedMetrics } from './cbpe.js';
export { estimateDle, fitDle, predictDleErrors } from './dle.js';
export type { DleModel, DleOptions, DleWindowEstimate } from './dle.js';
export { loadPerformanceEngine } from './engine.js';
