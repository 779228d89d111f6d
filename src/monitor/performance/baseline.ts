/**
 * Data-driven baselines from a model version's reference (validation) data: the realised metric there and its
 * sampling variability for a window of the production window's size, so an alert band "baseline ± 3σ" comes from
 * the data (as NannyML's chunk-based thresholds) instead of a hand-set number.
 */
import { PerformanceInputError, PerformanceReferenceError, seededRandom } from '../../core/index.js';
import { bootstrapPercentile } from './bootstrap.js';
import type { ModelOutputs } from './inputs.js';
import { checkCount, checkOutputs, labelledRows } from './inputs.js';
import type { PerformanceMetric } from './metric-kernel.js';
import { isClassificationMetric, MetricKernel, PERFORMANCE_METRICS } from './metric-kernel.js';

/** Options of {@link performanceBaseline}. */
export interface BaselineOptions {
  readonly metric: PerformanceMetric;
  /** Rows per production window the band is for (the σ shrinks as √(1/windowSize)). */
  readonly windowSize: number;
  /** Seed of the window resampling. */
  readonly seed: number;
  /** Simulated windows; default 500. */
  readonly replicates?: number;
  /** Band half-width in standard deviations; default 3. */
  readonly sigmas?: number;
  /**
   * Block resampling for rows that are not independent (e.g. flights of one day share its weather): `groups[i]`
   * is reference row i's group (e.g. its day) and a simulated window is `perWindow` whole groups drawn with
   * replacement (e.g. 7 days for weekly windows), so the band includes the between-group variability an i.i.d.
   * resample misses. `windowSize` is then only the nominal size recorded in the result.
   */
  readonly blocks?: { readonly groups: ArrayLike<number>; readonly perWindow: number };
}

/** A metric's baseline for windows of one size. */
export interface PerformanceBaseline {
  readonly metric: PerformanceMetric;
  readonly windowSize: number;
  /** Labelled reference rows used. */
  readonly referenceRows: number;
  /** The metric on the whole reference. */
  readonly realised: number;
  /** Mean and standard deviation of the metric over simulated windows (windowSize rows drawn with replacement). */
  readonly mean: number;
  readonly sd: number;
  /** `realised ∓ sigmas·sd`, clipped to the metric's range: values outside are unusual for a window this size. */
  readonly lower: number;
  readonly upper: number;
  readonly sigmas: number;
  /** Simulated windows on which the metric was defined. */
  readonly replicates: number;
  /** How windows were simulated: `rows` (i.i.d. rows) or `blocks` (whole groups). */
  readonly resampling: 'rows' | 'blocks';
}

function clipToRange(metric: PerformanceMetric, lo: number, hi: number): [number, number] {
  switch (metric) {
    case 'accuracy':
    case 'error-rate':
    case 'roc-auc':
    case 'f1':
      return [Math.max(0, lo), Math.min(1, hi)];
    case 'log-loss':
    case 'rmse':
    case 'mae':
      return [Math.max(0, lo), hi];
    case 'r2':
      return [lo, Math.min(1, hi)];
  }
}

/** Simulated windows of `perWindow` whole groups (drawn with replacement); the metric's mean and SD over them. */
function blockBootstrap(
  n: number,
  rows: Uint32Array,
  kernel: MetricKernel,
  blocks: { readonly groups: ArrayLike<number>; readonly perWindow: number },
  replicates: number,
  seed: number,
): { mean: number; sd: number; used: number } | null {
  if (blocks.groups.length !== n) {
    throw PerformanceInputError({
      field: 'blocks.groups',
      problem: `has ${blocks.groups.length} entries, expected ${n} (one per reference row)`,
    });
  }
  checkCount('blocks.perWindow', blocks.perWindow, 1);
  const ids = new Map<number, number[]>();
  for (const i of rows) {
    const g = blocks.groups[i] as number;
    if (!Number.isFinite(g))
      throw PerformanceInputError({ field: `blocks.groups[${i}]`, problem: `is ${String(g)}; expected a finite group id` });
    let list = ids.get(g);
    if (list === undefined) ids.set(g, (list = []));
    list.push(i);
  }
  const members = [...ids.values()].map((l) => Uint32Array.from(l));
  if (members.length < 2)
    throw PerformanceReferenceError({ field: 'blocks.groups', problem: `${members.length} group; block resampling needs at least 2` });
  let largest = 0;
  for (const m of members) largest = Math.max(largest, m.length);
  const buffer = new Uint32Array(largest * blocks.perWindow);
  const rng = seededRandom(seed);
  const values: number[] = [];
  for (let b = 0; b < replicates; b++) {
    let size = 0;
    for (let t = 0; t < blocks.perWindow; t++) {
      const g = members[Math.floor(rng() * members.length)] as Uint32Array;
      buffer.set(g, size);
      size += g.length;
    }
    const v = kernel.score(buffer.subarray(0, size), true);
    if (typeof v === 'number' && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return null;
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd, used: values.length };
}

/**
 * The realised metric on the reference and its spread over simulated windows of `windowSize` rows, each drawn
 * with replacement from the labelled reference rows (a seeded bootstrap of windows: the reference stands in for
 * the population a production window samples from).
 * @throws MLP_MONITOR_PERF_INPUT on bad outputs or options; MLP_MONITOR_PERF_REFERENCE when the reference has
 *   fewer labelled rows than windowSize (or than 2), or the metric is undefined on it (e.g. one class for ROC AUC).
 */
export function performanceBaseline(reference: ModelOutputs, options: BaselineOptions): PerformanceBaseline {
  const data = checkOutputs(reference, 'reference');
  const { metric, windowSize, seed } = options;
  const replicates = options.replicates ?? 500;
  const sigmas = options.sigmas ?? 3;
  if (!(PERFORMANCE_METRICS as readonly string[]).includes(metric)) {
    throw PerformanceInputError({ field: 'metric', problem: `is ${JSON.stringify(metric)}; known: ${PERFORMANCE_METRICS.join(', ')}` });
  }
  if (isClassificationMetric(metric) !== (data.task === 'classification')) {
    throw PerformanceInputError({ field: 'metric', problem: `${metric} does not apply to a ${data.task} model` });
  }
  checkCount('windowSize', windowSize, 1);
  checkCount('replicates', replicates, 2);
  if (!(Number.isFinite(seed) && Number.isInteger(seed)))
    throw PerformanceInputError({ field: 'seed', problem: `is ${String(seed)}; expected an integer` });
  if (!(sigmas > 0 && Number.isFinite(sigmas)))
    throw PerformanceInputError({ field: 'sigmas', problem: `is ${String(sigmas)}; expected a positive number` });
  const rows = labelledRows(data.yTrue, 0, data.n);
  if (rows.length < Math.max(2, windowSize)) {
    throw PerformanceReferenceError({
      field: 'reference.yTrue',
      problem: `${rows.length} labelled rows, fewer than the window size ${windowSize} (and at least 2 are needed); use more reference rows or smaller windows`,
    });
  }
  const capacity = Math.max(rows.length, windowSize) * (options.blocks === undefined ? 1 : options.blocks.perWindow);
  const kernel = new MetricKernel(data, metric, capacity);
  const realised = kernel.score(rows);
  if (typeof realised !== 'number') {
    throw PerformanceReferenceError({ field: 'reference.yTrue', problem: `${metric} is undefined on the reference (${realised})` });
  }
  const boot =
    options.blocks === undefined
      ? bootstrapPercentile(rows, (s) => kernel.score(s, true), { replicates, seed, confidence: 0.95, size: windowSize })
      : blockBootstrap(data.n, rows, kernel, options.blocks, replicates, seed);
  if (boot === null || boot.used < 2) {
    throw PerformanceReferenceError({
      field: 'reference.yTrue',
      problem: `${metric} is undefined on almost every simulated window of ${windowSize} rows (a class too rare); use larger windows`,
    });
  }
  const [lower, upper] = clipToRange(metric, realised - sigmas * boot.sd, realised + sigmas * boot.sd);
  return {
    metric,
    windowSize,
    referenceRows: rows.length,
    realised,
    mean: boot.mean,
    sd: boot.sd,
    lower,
    upper,
    sigmas,
    replicates: boot.used,
    resampling: options.blocks === undefined ? 'rows' : 'blocks',
  };
}
