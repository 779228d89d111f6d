/**
 * Realised performance per window, from predictions joined with the labels that have arrived, with a confidence
 * interval for each value. Interval methods: Wilson score for accuracy and error rate; DeLong for binary ROC AUC;
 * seeded percentile bootstrap (resampling the window's labelled rows) for multiclass ROC AUC, F1, log loss,
 * RMSE, MAE and R². A window without labels, or where the metric needs a class the labels lack, gets a status
 * instead of a number — never NaN.
 */
import { PerformanceInputError } from '../../core/index.js';
import { bootstrapPercentile } from './bootstrap.js';
import type { ModelOutputs, RowWindow } from './inputs.js';
import { checkConfidence, checkCount, checkOutputs, checkWindows, labelledRows } from './inputs.js';
import { delongAuc, normalQuantile, wilsonInterval } from './intervals.js';
import type { PerformanceMetric } from './metric-kernel.js';
import { isClassificationMetric, MetricKernel, PERFORMANCE_METRICS } from './metric-kernel.js';

/** How an interval was computed. */
export type IntervalMethod = 'wilson' | 'delong' | 'bootstrap-percentile';

/** One metric on one window. */
export interface WindowMetric {
  readonly metric: PerformanceMetric;
  /** `ok`: value and interval are numbers; otherwise they are null and this says why. */
  readonly status: 'ok' | 'no-labels' | 'one-class' | 'too-few-labels';
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly interval: IntervalMethod | null;
  /** Bootstrap replicates on which the metric was defined (bootstrap intervals only). */
  readonly replicates?: number;
}

/** All requested metrics on one window. */
export interface WindowPerformance {
  readonly window: RowWindow;
  /** Rows (predictions) in the window. */
  readonly rows: number;
  /** Rows whose label has arrived. */
  readonly labelled: number;
  readonly metrics: readonly WindowMetric[];
}

/** Options of {@link windowedPerformance}. */
export interface RealisedOptions {
  /** Metrics to compute; default accuracy, roc-auc, f1, log-loss (classifiers) or rmse, mae, r2 (regressors). */
  readonly metrics?: readonly PerformanceMetric[];
  /** Two-sided confidence level; default 0.95. */
  readonly confidence?: number;
  /** Bootstrap replicates B; default 1000. */
  readonly replicates?: number;
  /** Seed of the bootstrap (window j uses seed + j, so results do not depend on which other windows are asked). */
  readonly seed?: number;
}

/** The default metrics for a task. */
export function defaultMetrics(task: 'classification' | 'regression'): readonly PerformanceMetric[] {
  return task === 'classification' ? ['accuracy', 'roc-auc', 'f1', 'log-loss'] : ['rmse', 'mae', 'r2'];
}

function undefinedMetric(metric: PerformanceMetric, status: WindowMetric['status']): WindowMetric {
  return { metric, status, value: null, lower: null, upper: null, interval: null };
}

function oneMetric(
  kernel: MetricKernel,
  rows: Uint32Array,
  positive: Uint8Array,
  score: Float64Array,
  confidence: number,
  replicates: number,
  seed: number,
): WindowMetric {
  const { metric } = kernel;
  const value = kernel.score(rows);
  if (typeof value !== 'number') return undefinedMetric(metric, value);
  const m = rows.length;
  if (metric === 'accuracy' || metric === 'error-rate') {
    const hits = Math.round((metric === 'accuracy' ? value : 1 - value) * m);
    const w = wilsonInterval(hits, m, confidence);
    return metric === 'accuracy'
      ? { metric, status: 'ok', value, lower: w.lower, upper: w.upper, interval: 'wilson' }
      : { metric, status: 'ok', value, lower: 1 - w.upper, upper: 1 - w.lower, interval: 'wilson' };
  }
  if (metric === 'roc-auc' && score.length > 0) {
    const d = delongAuc(positive, score);
    if (!Number.isFinite(d.variance)) {
      // one positive or one negative: the structural variance is undefined; the only honest interval is [0, 1]
      return { metric, status: 'ok', value, lower: 0, upper: 1, interval: 'delong' };
    }
    const half = normalQuantile(1 - (1 - confidence) / 2) * Math.sqrt(d.variance);
    return { metric, status: 'ok', value, lower: Math.max(0, value - half), upper: Math.min(1, value + half), interval: 'delong' };
  }
  const boot = bootstrapPercentile(rows, (s) => kernel.score(s, true), { replicates, seed, confidence });
  if (boot === null) return { metric, status: 'ok', value, lower: value, upper: value, interval: 'bootstrap-percentile', replicates: 0 };
  return { metric, status: 'ok', value, lower: boot.lower, upper: boot.upper, interval: 'bootstrap-percentile', replicates: boot.used };
}

/**
 * Realised metrics with confidence intervals for each window of rows. Rows whose label is NaN (not arrived) are
 * left out; `labelled` says how many were used.
 * @throws MLP_MONITOR_PERF_INPUT on bad outputs or windows, a metric that does not fit the task, or bad options.
 */
export function windowedPerformance(
  outputs: ModelOutputs,
  windows: readonly RowWindow[],
  options: RealisedOptions = {},
): WindowPerformance[] {
  const data = checkOutputs(outputs);
  checkWindows(windows, data.n);
  const confidence = options.confidence ?? 0.95;
  const replicates = options.replicates ?? 1000;
  const seed = options.seed ?? 0;
  checkConfidence(confidence);
  checkCount('replicates', replicates, 1);
  const metrics = options.metrics ?? defaultMetrics(data.task);
  metrics.forEach((metric, j) => {
    if (!(PERFORMANCE_METRICS as readonly string[]).includes(metric)) {
      throw PerformanceInputError({
        field: `metrics[${j}]`,
        problem: `is ${JSON.stringify(metric)}; known: ${PERFORMANCE_METRICS.join(', ')}`,
      });
    }
    if (isClassificationMetric(metric) !== (data.task === 'classification')) {
      throw PerformanceInputError({ field: `metrics[${j}]`, problem: `${metric} does not apply to a ${data.task} model` });
    }
  });
  let capacity = 0;
  for (const w of windows) capacity = Math.max(capacity, w.end - w.start);
  const kernels = metrics.map((metric) => new MetricKernel(data, metric, capacity));
  return windows.map((window, j) => {
    const rows = labelledRows(data.yTrue, window.start, window.end);
    // binary ROC AUC gets DeLong: its inputs are gathered once per window
    const binaryAuc = data.k === 2 && metrics.includes('roc-auc');
    const positive = new Uint8Array(binaryAuc ? rows.length : 0);
    const score = new Float64Array(binaryAuc ? rows.length : 0);
    if (binaryAuc) {
      for (let t = 0; t < rows.length; t++) {
        const i = rows[t] as number;
        positive[t] = data.yTrue[i] === 1 ? 1 : 0;
        score[t] = data.proba[2 * i + 1] as number;
      }
    }
    return {
      window,
      rows: window.end - window.start,
      labelled: rows.length,
      metrics: kernels.map((kernel) => oneMetric(kernel, rows, positive, score, confidence, replicates, seed + j)),
    };
  });
}
