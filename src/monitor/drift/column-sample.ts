import type { BooleanColumn, CategoricalColumn, Column, NumericColumn } from '../../data/index.js';
import { binCountsSorted, quantileEdges, sortSample } from '../stats/index.js';
import type { ColumnSample, DriftColumnType, DriftSupport } from './drift-method.js';

/** A numeric column with at most this many distinct values (both sides) is compared value by value, not in bins. */
export const DISCRETE_SUPPORT = 20;
/** Default number of reference-quantile bins of a numeric column with many values (PSI, Jensen–Shannon, Hellinger, chi²). */
export const DEFAULT_BINS = 10;
/** Bars the report draws per column at most (categorical: the most frequent levels, the rest as one bar). */
export const PLOT_BARS = 20;

/** Values counted on each side: non-missing (used), and missing (empty, or not finite for numeric columns). */
export interface SampleSizes {
  readonly reference: number;
  readonly referenceMissing: number;
  readonly current: number;
  readonly currentMissing: number;
}

/** Both sides' shares on the bars the report draws (shares of the non-missing values). */
export interface Distribution {
  /** `bins`: equal-width bins between the smallest and largest value of both sides; `levels`: one bar per label. */
  readonly kind: 'bins' | 'levels';
  /** Bin edges (bars + 1 of them) for `bins`. */
  readonly edges?: readonly number[];
  /** One label per bar for `levels` (`(other)` gathers the least frequent levels past {@link PLOT_BARS}). */
  readonly labels?: readonly string[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

/** A column ready for a univariate method: both samples on a shared support. */
export interface PreparedSamples {
  readonly type: DriftColumnType;
  readonly reference: ColumnSample;
  readonly current: ColumnSample;
  readonly support: DriftSupport;
  readonly distinct: number;
  readonly sizes: SampleSizes;
  /** Levels seen in the current data and never in the reference. */
  readonly newCategories: readonly string[];
  readonly distribution: Distribution;
}

/** Non-missing, finite values of a numeric column and how many were left out. */
function finiteValues(column: NumericColumn): { values: Float64Array; missing: number } {
  const source = column.values;
  let kept = 0;
  for (let i = 0; i < source.length; i++) if (Number.isFinite(source[i])) kept++;
  const values = new Float64Array(kept);
  let k = 0;
  for (let i = 0; i < source.length; i++) {
    const v = source[i] as number;
    if (Number.isFinite(v)) values[k++] = v;
  }
  return { values, missing: source.length - kept };
}

/** Distinct values of two sorted arrays together, up to `cap + 1` (then it stops: "more than cap"). */
function distinctSorted(a: Float64Array, b: Float64Array, cap: number): Float64Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while ((i < a.length || j < b.length) && out.length <= cap) {
    const v = j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number)) ? (a[i] as number) : (b[j] as number);
    out.push(v);
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
  }
  return Float64Array.from(out);
}

/** Exact count of distinct values of two sorted arrays together. */
function countDistinct(a: Float64Array, b: Float64Array): number {
  let count = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number)) ? (a[i] as number) : (b[j] as number);
    count++;
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
  }
  return count;
}

/** Counts of each of `levels` (ascending distinct values) in a sorted array. */
function countLevels(sorted: Float64Array, levels: Float64Array): Float64Array {
  const counts = new Float64Array(levels.length);
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    while ((levels[k] as number) < v) k++;
    counts[k] = (counts[k] as number) + 1;
  }
  return counts;
}

function shares(counts: ArrayLike<number>): number[] {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  return Array.from(counts, (c) => (total > 0 ? c / total : 0));
}

/** Equal-width histogram of both sorted samples over their common range. */
function plotBins(ref: Float64Array, cur: Float64Array): Distribution {
  const lo = Math.min(ref[0] as number, cur[0] as number);
  const hi = Math.max(ref[ref.length - 1] as number, cur[cur.length - 1] as number);
  const bars = hi > lo ? PLOT_BARS : 1;
  const width = (hi - lo) / bars;
  const edges = Array.from({ length: bars + 1 }, (_, i) => (i === bars ? hi : lo + i * width));
  const histogram = (sorted: Float64Array): Float64Array => {
    const counts = new Float64Array(bars);
    for (let i = 0; i < sorted.length; i++) {
      const b = width > 0 ? Math.min(bars - 1, Math.floor(((sorted[i] as number) - lo) / width)) : 0;
      counts[b] = (counts[b] as number) + 1;
    }
    return counts;
  };
  return { kind: 'bins', edges, reference: shares(histogram(ref)), current: shares(histogram(cur)) };
}

/** The report's bars for counted levels: all of them, or the most frequent {@link PLOT_BARS} − 1 and `(other)`. */
function plotLevels(labels: readonly string[], ref: Float64Array, cur: Float64Array): Distribution {
  const refShares = shares(ref);
  const curShares = shares(cur);
  if (labels.length <= PLOT_BARS) return { kind: 'levels', labels: [...labels], reference: refShares, current: curShares };
  const order = labels
    .map((_, i) => i)
    .sort((a, b) => (refShares[b] as number) + (curShares[b] as number) - ((refShares[a] as number) + (curShares[a] as number)) || a - b);
  const kept = order.slice(0, PLOT_BARS - 1);
  const rest = order.slice(PLOT_BARS - 1);
  const sumOf = (values: number[]) => rest.reduce((s, i) => s + (values[i] as number), 0);
  return {
    kind: 'levels',
    labels: [...kept.map((i) => labels[i] as string), '(other)'],
    reference: [...kept.map((i) => refShares[i] as number), sumOf(refShares)],
    current: [...kept.map((i) => curShares[i] as number), sumOf(curShares)],
  };
}

/**
 * Both sides of a numeric column on a shared support: each distinct value when there are at most
 * {@link DISCRETE_SUPPORT} of them, else `bins` bins cut at the reference's quantiles. Missing and non-finite
 * values are left out (and counted). Returns undefined when either side has no value left.
 */
export function prepareNumeric(reference: NumericColumn, current: NumericColumn, bins: number): PreparedSamples | SampleSizes {
  const ref = finiteValues(reference);
  const cur = finiteValues(current);
  const sizes = { reference: ref.values.length, referenceMissing: ref.missing, current: cur.values.length, currentMissing: cur.missing };
  if (ref.values.length === 0 || cur.values.length === 0) return sizes;
  const refSorted = sortSample(ref.values);
  const curSorted = sortSample(cur.values);
  const few = distinctSorted(refSorted, curSorted, DISCRETE_SUPPORT);
  let support: DriftSupport;
  let refCounts: Float64Array;
  let curCounts: Float64Array;
  let distinct: number;
  if (few.length <= DISCRETE_SUPPORT) {
    distinct = few.length;
    support = { kind: 'levels', labels: Array.from(few, (v) => String(v)) };
    refCounts = countLevels(refSorted, few);
    curCounts = countLevels(curSorted, few);
  } else {
    distinct = countDistinct(refSorted, curSorted);
    const edges = quantileEdges(refSorted, bins);
    support = { kind: 'bins', edges };
    refCounts = binCountsSorted(refSorted, edges);
    curCounts = binCountsSorted(curSorted, edges);
  }
  const refLevels = support.kind === 'levels' ? new Set(Array.from(few).filter((_, i) => (refCounts[i] as number) > 0)) : undefined;
  const newCategories =
    refLevels === undefined
      ? []
      : Array.from(few)
          .filter((v) => !refLevels.has(v))
          .map((v) => String(v));
  return {
    type: 'numeric',
    reference: { type: 'numeric', sorted: refSorted, counts: refCounts },
    current: { type: 'numeric', sorted: curSorted, counts: curCounts },
    support,
    distinct,
    sizes,
    newCategories,
    distribution: support.kind === 'levels' ? plotLevels(support.labels, refCounts, curCounts) : plotBins(refSorted, curSorted),
  };
}

/** Counts per level label of a categorical or boolean column, and its missing count. */
function levelCounts(column: CategoricalColumn | BooleanColumn): { labels: readonly string[]; counts: Float64Array; missing: number } {
  if (column.type === 'boolean') {
    const counts = new Float64Array(2);
    let missing = 0;
    for (let i = 0; i < column.values.length; i++) {
      const v = column.values[i] as number;
      if (v === 0 || v === 1) counts[v] = (counts[v] as number) + 1;
      else missing++;
    }
    return { labels: ['false', 'true'], counts, missing };
  }
  const counts = new Float64Array(column.levels.length);
  let missing = 0;
  for (let i = 0; i < column.codes.length; i++) {
    const code = column.codes[i] as number;
    if (code >= 0 && code < counts.length) counts[code] = (counts[code] as number) + 1;
    else missing++;
  }
  return { labels: column.levels, counts, missing };
}

/**
 * Both sides of a categorical (or boolean) column on the union of the levels seen on either side: the
 * reference's levels first, then the current's new ones (listed in `newCategories`). Levels counted on neither
 * side are dropped. Returns the sizes alone when either side has no non-missing value.
 */
export function prepareLevels(
  reference: CategoricalColumn | BooleanColumn,
  current: CategoricalColumn | BooleanColumn,
): PreparedSamples | SampleSizes {
  const ref = levelCounts(reference);
  const cur = levelCounts(current);
  const index = new Map<string, number>();
  const labels: string[] = [];
  for (const label of [...ref.labels, ...cur.labels]) {
    if (!index.has(label)) {
      index.set(label, labels.length);
      labels.push(label);
    }
  }
  const refAll = new Float64Array(labels.length);
  const curAll = new Float64Array(labels.length);
  const addInto = (into: Float64Array, from: { labels: readonly string[]; counts: Float64Array }) => {
    from.labels.forEach((label, i) => {
      const k = index.get(label) as number;
      into[k] = (into[k] as number) + (from.counts[i] as number);
    });
  };
  addInto(refAll, ref);
  addInto(curAll, cur);
  const kept = labels.map((_, i) => i).filter((i) => (refAll[i] as number) + (curAll[i] as number) > 0);
  const refCounts = Float64Array.from(kept, (i) => refAll[i] as number);
  const curCounts = Float64Array.from(kept, (i) => curAll[i] as number);
  const keptLabels = kept.map((i) => labels[i] as string);
  const total = (counts: Float64Array) => counts.reduce((s, c) => s + c, 0);
  const sizes = { reference: total(refCounts), referenceMissing: ref.missing, current: total(curCounts), currentMissing: cur.missing };
  if (sizes.reference === 0 || sizes.current === 0) return sizes;
  const type = reference.type;
  return {
    type,
    reference: { type, counts: refCounts },
    current: { type, counts: curCounts },
    support: { kind: 'levels', labels: keptLabels },
    distinct: keptLabels.length,
    sizes,
    newCategories: keptLabels.filter((_, i) => refCounts[i] === 0),
    distribution: plotLevels(keptLabels, refCounts, curCounts),
  };
}

/** The drift type of a frame column, or undefined for datetime and text columns (not compared). */
export function driftType(column: Column): DriftColumnType | undefined {
  return column.type === 'numeric' || column.type === 'categorical' || column.type === 'boolean' ? column.type : undefined;
}
