import { ValidationError } from '../core/index.js';
import type { Task } from '../core/index.js';
import { MISSING_BOOLEAN, MISSING_CODE, missingCount } from '../data/index.js';
import type { Column, Frame } from '../data/index.js';

/**
 * The meta-features, in the order of {@link metaFeatureVector}. Counts are log10 (of at least 1, so 0 rows or
 * features read 0); shares are in [0, 1]; a feature that does not apply (no numeric column, no categorical
 * column, the other task's target features) is 0.
 */
export const META_FEATURE_NAMES = [
  'logRows',
  'logFeatures',
  'logRowsPerFeature',
  'numericShare',
  'categoricalShare',
  'booleanShare',
  'datetimeShare',
  'textShare',
  'missingShare',
  'logMeanCardinality',
  'logMaxCardinality',
  'meanAbsSkewness',
  'meanKurtosis',
  'logClasses',
  'classEntropy',
  'minorityClassShare',
  'targetSkewness',
  'targetVariation',
] as const;

export type MetaFeatureName = (typeof META_FEATURE_NAMES)[number];

/** A dataset described for warm-starting a search (auto-sklearn's meta-learning): sizes and named numbers, all finite. */
export interface MetaFeatures {
  readonly rows: number;
  /** Columns other than the target. */
  readonly features: number;
  /** Every name of {@link META_FEATURE_NAMES}, nothing else. */
  readonly values: Readonly<Record<string, number>>;
}

/** Moments-based shape features scale like their values; these are compressed by sign(x)·log10(1 + |x|) in the vector. */
const COMPRESSED: ReadonlySet<MetaFeatureName> = new Set(['meanAbsSkewness', 'meanKurtosis', 'targetSkewness', 'targetVariation']);

/**
 * Describes `frame` for predicting `target` (auto-sklearn style): log10 of rows, features and rows per feature;
 * the share of each column type among the features; the share of missing feature cells; log10 of the mean and
 * the largest number of distinct categorical values; over numeric features (missing and infinite values left
 * out) the mean absolute skewness and the mean excess kurtosis (population moments, as scipy's defaults; 0 for
 * a column with fewer than two distinct values). For classification: log10 of the number of classes, the class
 * entropy divided by log(classes) (0 for fewer than two), and the smallest class's share of the labelled rows.
 * For regression: the target's skewness and coefficient of variation (population deviation / |mean|; 0 when the
 * mean is 0).
 * @throws MLP_DATA_UNKNOWN_COLUMN when `target` is not a column; MLP_CORE_VALIDATION when a regression target
 *   is neither numeric nor boolean.
 */
export function metaFeatures(frame: Frame, target: string, task: Task): MetaFeatures {
  const targetColumn = frame.column(target);
  const features = frame.columns.filter((c) => c.name !== target);
  const rows = frame.rowCount;
  const f = features.length;
  const share = (count: number, of: number): number => (of > 0 ? count / of : 0);
  const ofType = (type: Column['type']): number => share(features.filter((c) => c.type === type).length, f);

  let missing = 0;
  for (const c of features) missing += missingCount(c);
  const cardinalities = features.flatMap((c) => (c.type === 'categorical' ? [distinctCodes(c.codes, c.levels.length)] : []));
  const shapes = features.flatMap((c) => (c.type === 'numeric' ? [shape(c.values)] : []));

  const values: Record<MetaFeatureName, number> = {
    logRows: log10Count(rows),
    logFeatures: log10Count(f),
    logRowsPerFeature: log10Count(rows) - log10Count(f),
    numericShare: ofType('numeric'),
    categoricalShare: ofType('categorical'),
    booleanShare: ofType('boolean'),
    datetimeShare: ofType('datetime'),
    textShare: ofType('text'),
    missingShare: share(missing, rows * f),
    logMeanCardinality: cardinalities.length > 0 ? log10Count(mean(cardinalities)) : 0,
    logMaxCardinality: cardinalities.length > 0 ? log10Count(Math.max(...cardinalities)) : 0,
    meanAbsSkewness: shapes.length > 0 ? mean(shapes.map((s) => Math.abs(s.skewness))) : 0,
    meanKurtosis: shapes.length > 0 ? mean(shapes.map((s) => s.kurtosis)) : 0,
    logClasses: 0,
    classEntropy: 0,
    minorityClassShare: 0,
    targetSkewness: 0,
    targetVariation: 0,
  };
  if (task === 'regression') {
    const y = numericTarget(targetColumn);
    const s = shape(y);
    values.targetSkewness = s.skewness;
    values.targetVariation = s.mean !== 0 && Number.isFinite(s.deviation / Math.abs(s.mean)) ? s.deviation / Math.abs(s.mean) : 0;
  } else {
    const counts = classCounts(targetColumn);
    const labelled = counts.reduce((a, b) => a + b, 0);
    const k = counts.length;
    values.logClasses = log10Count(k);
    if (k >= 2) {
      let entropy = 0;
      for (const c of counts) entropy -= (c / labelled) * Math.log(c / labelled);
      values.classEntropy = Math.min(1, Math.max(0, entropy / Math.log(k)));
    }
    values.minorityClassShare = k > 0 ? Math.min(...counts) / labelled : 0;
  }
  return Object.freeze({ rows, features: f, values: Object.freeze(values) });
}

/** The meta-features in {@link META_FEATURE_NAMES} order, the moment-based ones compressed to sign(x)·log10(1 + |x|). */
export function metaFeatureVector(m: MetaFeatures): number[] {
  return META_FEATURE_NAMES.map((name) => {
    const v = m.values[name] ?? 0;
    return COMPRESSED.has(name) ? Math.sign(v) * Math.log10(1 + Math.abs(v)) : v;
  });
}

/** The L1 distance between two datasets' meta-feature vectors: symmetric, 0 for identical descriptions. */
export function metaDistance(a: MetaFeatures, b: MetaFeatures): number {
  const va = metaFeatureVector(a);
  const vb = metaFeatureVector(b);
  let sum = 0;
  for (let i = 0; i < va.length; i++) sum += Math.abs((va[i] as number) - (vb[i] as number));
  return sum;
}

function log10Count(n: number): number {
  return Math.log10(Math.max(1, n));
}

function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

function distinctCodes(codes: Int32Array, levels: number): number {
  const seen = new Uint8Array(levels);
  let distinct = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === MISSING_CODE || seen[code] === 1) continue;
    seen[code] = 1;
    distinct++;
  }
  return distinct;
}

interface Shape {
  readonly mean: number;
  /** Population standard deviation. */
  readonly deviation: number;
  readonly skewness: number;
  /** Excess kurtosis (0 for a normal distribution). */
  readonly kurtosis: number;
}

/** Population moments of the finite values; skewness and kurtosis 0 when fewer than two distinct values. */
function shape(values: ArrayLike<number>): Shape {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) continue;
    n++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (n === 0) return { mean: 0, deviation: 0, skewness: 0, kurtosis: 0 };
  const mu = sum / n;
  // Equal values would give 0/0, or noise over a rounding-level spread: a constant has no shape.
  if (min === max) return { mean: mu, deviation: 0, skewness: 0, kurtosis: 0 };
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) continue;
    const d = x - mu;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const finite = (x: number): number => (Number.isFinite(x) ? x : 0);
  return { mean: mu, deviation: Math.sqrt(m2), skewness: finite(m3 / m2 ** 1.5), kurtosis: finite(m4 / (m2 * m2) - 3) };
}

function numericTarget(column: Column): ArrayLike<number> {
  if (column.type === 'numeric') return column.values;
  if (column.type === 'boolean') return Float64Array.from(column.values, (v) => (v === MISSING_BOOLEAN ? NaN : v));
  throw ValidationError({
    field: `target ${column.name}`,
    problem: `a regression target must be numeric or boolean, but the column is ${column.type}`,
  });
}

/** The number of labelled rows of each class present (missing labels left out), in no particular order. */
function classCounts(column: Column): number[] {
  if (column.type === 'categorical') {
    const counts = new Array<number>(column.levels.length).fill(0);
    for (let i = 0; i < column.codes.length; i++) {
      const code = column.codes[i] as number;
      if (code !== MISSING_CODE) counts[code] = (counts[code] as number) + 1;
    }
    return counts.filter((c) => c > 0);
  }
  const counts = new Map<number | string, number>();
  const add = (key: number | string | null): void => {
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  if (column.type === 'text') for (const v of column.values) add(v);
  else if (column.type === 'boolean') for (const v of column.values) add(v === MISSING_BOOLEAN ? null : v);
  else for (const v of column.values) add(Number.isNaN(v) ? null : v);
  return [...counts.values()];
}
