/**
 * The one profile concept of mlpilot: a dataset version's profile (`data add`, `data show`, `data diff`) and a
 * monitoring window's profile are the same {@link Profile}, built from mergeable sketches (src/data/sketch):
 * moments (count, mean, variance by Welford/Chan), min/max, a KLL quantile sketch, HyperLogLog distinct count,
 * Misra–Gries frequent items and a histogram on fixed edges. Each column carries its summary (what people and
 * diffs read) and its sketch state (what {@link mergeProfiles} combines), all plain JSON.
 *
 * Exact or approximate: while a column's quantile sketch holds every value (≤ 200 finite values, see
 * {@link KLL_K}), quantiles and `distinct` are exact, as numpy computes them; beyond, quantiles are within
 * the KLL rank-error bound and `distinct` is a HyperLogLog estimate (`distinctExact: false`). Counts, missing,
 * mean, std, min, max and histogram counts are always exact (up to floating-point rounding in merges).
 */
import type { Column, ColumnType } from './column.js';
import { MISSING_BOOLEAN } from './column.js';
import type { Frame } from './frame.js';
import {
  buildCategorical,
  buildText,
  categoricalSummary,
  LEVEL_NAMES_BUDGET,
  LEVEL_NAMES_CAP,
  TOP_LEVELS,
  textSummary,
} from './profile-text.js';
import type { FrequentItemsState } from './sketch/frequent-items.js';
import type { HistogramState } from './sketch/histogram.js';
import { checkEdges, Histogram, quantileEdges } from './sketch/histogram.js';
import type { HllState } from './sketch/hll.js';
import { hashString } from './sketch/hash.js';
import type { MomentsState } from './sketch/moments.js';
import type { NumericSketchState } from './sketch/numeric-sketch.js';
import { NumericSketch } from './sketch/numeric-sketch.js';
import { HistogramEdgesError } from '../core/index.js';

export { LEVEL_NAMES_BUDGET, LEVEL_NAMES_CAP, TOP_LEVELS };

/** Bins of a reference column's default histogram (decile edges; fewer when deciles tie). */
export const HISTOGRAM_BINS = 10;
/** The quantiles a numeric profile reports, as fractions. */
export const PROFILE_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
/** The seed of every column's quantile sketch unless given (mixed with the column name). */
export const PROFILE_SEED = 0x51ed270b;

/** Quantiles of a numeric column; null when the quantile is infinite or there are no values. */
export interface Quantiles {
  p1: number | null;
  p5: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p95: number | null;
  p99: number | null;
}

/** Profile of a numeric column; `null` stands for a value that does not exist (no values, or not finite). */
export interface NumericProfile {
  /** Smallest value; null without values or when −Infinity occurs. */
  min: number | null;
  /** Largest value; null without values or when +Infinity occurs. */
  max: number | null;
  /** Mean of the values; null without values or when an infinity occurs. */
  mean: number | null;
  /** Sample standard deviation (divides by n − 1); null below 2 values or when an infinity occurs. */
  std: number | null;
  quantiles: Quantiles | null;
  /**
   * Counts on fixed edges (see {@link HistogramState}): the reference's edges for a monitoring window, or, for a
   * dataset's own profile, its deciles ({@link HISTOGRAM_BINS} bins). Null without finite values.
   */
  histogram: HistogramState | null;
}

/** The mergeable state of a column, by type (plain JSON). */
export interface ColumnSketch {
  /** numeric and datetime (epoch ms) columns. */
  numeric?: NumericSketchState;
  /** categorical columns: level counts. */
  frequent?: FrequentItemsState;
  /** categorical (levels) and text (values) columns: distinct count. */
  hll?: HllState;
  /** text columns: moments of the value lengths. */
  lengths?: MomentsState;
}

/** Profile of one column. Exactly one of the type-specific parts is present, the one of `type`. */
export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Non-missing values (±Infinity included). */
  count: number;
  /** Missing values (NaN, empty cells). */
  missing: number;
  /** Distinct non-missing values: exact when `distinctExact`, else a HyperLogLog estimate (±1.6 % standard error). */
  distinct: number;
  distinctExact: boolean;
  numeric?: NumericProfile;
  /**
   * `top`: the {@link TOP_LEVELS} most frequent levels with counts from a Misra–Gries summary, each count at most
   * `topErrorBound` below the true count (0: exact); `levels`: observed levels in order of appearance, at most
   * {@link LEVEL_NAMES_CAP} and {@link LEVEL_NAMES_BUDGET} characters (`levelsCapped` when more were seen).
   */
  categorical?: { top: Array<{ value: string; count: number }>; topErrorBound: number; levels: string[]; levelsCapped: boolean };
  boolean?: { trueCount: number; falseCount: number };
  /** ISO 8601 UTC instants; null without values. */
  datetime?: { min: string | null; max: string | null };
  /** Lengths in UTF-16 code units (JS string length); null without values. */
  text?: { minLength: number | null; maxLength: number | null; meanLength: number | null };
  /** The mergeable state; null in profiles stored before profiles carried sketches (format 1), which cannot merge. */
  sketch: ColumnSketch | null;
}

/** Profile of a frame or of a monitoring window, stored as a versioned document (see profile-document.ts). */
export interface Profile {
  rowCount: number;
  columns: ColumnProfile[];
}

/** Options of {@link profileColumns}. */
export interface ProfileOptions {
  /**
   * Histogram edges per numeric column name, normally the reference profile's ({@link histogramEdges}), so
   * windows profiled on them merge and compare bin by bin. Columns not named get their own decile edges.
   */
  referenceEdges?: Readonly<Record<string, readonly number[]>>;
  /** Seeds the quantile sketches (with the column name); same data and seed, same profile. */
  seed?: number;
}

/**
 * Profiles every column of `frame` with mergeable sketches in one pass per column (a second pass counts the
 * histogram when its edges come from the column's own deciles).
 * @throws MLP_DATA_HISTOGRAM_EDGES_INVALID when `referenceEdges` names a column that is not numeric or not in
 *         the frame, or gives bad edges.
 */
export function profileColumns(frame: Frame, options: ProfileOptions = {}): Profile {
  const edges = options.referenceEdges ?? {};
  for (const name of Object.keys(edges)) {
    const column = frame.columns.find((c) => c.name === name);
    if (column === undefined) throw HistogramEdgesError({ column: name, problem: 'no such column in the data' });
    if (column.type !== 'numeric') throw HistogramEdgesError({ column: name, problem: `the column is ${column.type}, not numeric` });
  }
  return { rowCount: frame.rowCount, columns: frame.columns.map((column) => profileColumn(column, options)) };
}

/** The profile of a dataset version: {@link profileColumns} with each column's own decile histogram edges. */
export function profileFrame(frame: Frame): Profile {
  return profileColumns(frame);
}

/** The histogram edges of every numeric column of a (reference) profile, for {@link ProfileOptions.referenceEdges}. */
export function histogramEdges(profile: Profile): Record<string, number[]> {
  const edges: Record<string, number[]> = {};
  for (const column of profile.columns) {
    const histogram = column.numeric?.histogram;
    if (histogram != null) edges[column.name] = histogram.edges;
  }
  return edges;
}

/** The seed of one column's sketch. */
export function columnSeed(seed: number, name: string): number {
  return (seed ^ hashString(name)) >>> 0;
}

/** Profiles one column (see {@link profileColumns}). */
export function profileColumn(column: Column, options: ProfileOptions = {}): ColumnProfile {
  const base = { name: column.name, type: column.type };
  const seed = columnSeed(options.seed ?? PROFILE_SEED, column.name);
  switch (column.type) {
    case 'numeric': {
      const sketch = new NumericSketch(seed);
      const given = Object.hasOwn(options.referenceEdges ?? {}, column.name) ? options.referenceEdges?.[column.name] : undefined;
      let histogram: Histogram | null = null;
      if (given !== undefined) {
        histogram = new Histogram(checkEdges(column.name, given));
        sketch.addColumn(column.values, histogram);
      } else {
        sketch.addColumn(column.values);
        const edges = ownEdges(sketch);
        if (edges !== null) {
          histogram = new Histogram(Float64Array.from(edges));
          NumericSketch.countInto(histogram, column.values);
        }
      }
      return numericColumnProfile(base, sketch, histogram);
    }
    case 'datetime': {
      const sketch = new NumericSketch(seed);
      sketch.addColumn(column.values);
      return numericColumnProfile(base, sketch, null);
    }
    case 'categorical':
      return categoricalSummary(base, buildCategorical(column.codes, column.levels));
    case 'boolean': {
      let trueCount = 0;
      let falseCount = 0;
      for (const v of column.values) {
        if (v === 1) trueCount++;
        else if (v !== MISSING_BOOLEAN) falseCount++;
      }
      return booleanProfile(base, trueCount, falseCount, column.values.length - trueCount - falseCount);
    }
    case 'text':
      return textSummary(base, buildText(column.values));
  }
}

/** Decile edges of a column from its own sketch (see {@link quantileEdges}). */
function ownEdges(sketch: NumericSketch): number[] | null {
  if (sketch.moments.count === 0) return null;
  const qs = Array.from({ length: HISTOGRAM_BINS - 1 }, (_, i) => (i + 1) / HISTOGRAM_BINS);
  return quantileEdges(sketch.moments.min, sketch.moments.max, sketch.kll.quantiles(qs));
}

/** The profile of a boolean column from its counts. */
export function booleanProfile(
  base: Pick<ColumnProfile, 'name' | 'type'>,
  trueCount: number,
  falseCount: number,
  missing: number,
): ColumnProfile {
  return {
    ...base,
    count: trueCount + falseCount,
    missing,
    distinct: (trueCount > 0 ? 1 : 0) + (falseCount > 0 ? 1 : 0),
    distinctExact: true,
    boolean: { trueCount, falseCount },
    sketch: {},
  };
}

/** The profile of a numeric or datetime column from its sketch (and histogram, numeric only). */
export function numericColumnProfile(
  base: Pick<ColumnProfile, 'name' | 'type'>,
  sketch: NumericSketch,
  histogram: Histogram | null,
): ColumnProfile {
  const { moments } = sketch;
  const distinct = sketch.distinct();
  const counts = { count: sketch.count, missing: sketch.missing, distinct: distinct.value, distinctExact: distinct.exact };
  const state = { numeric: sketch.toState() };
  if (base.type === 'datetime') {
    const iso = (v: number): string | null => (moments.count > 0 && Number.isFinite(v) ? new Date(v).toISOString() : null);
    return { ...base, ...counts, datetime: { min: iso(moments.min), max: iso(moments.max) }, sketch: state };
  }
  const infinite = sketch.negativeInfinity + sketch.positiveInfinity > 0;
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const some = moments.count > 0;
  const q = sketch.quantiles(PROFILE_QUANTILES);
  return {
    ...base,
    ...counts,
    numeric: {
      min: some && sketch.negativeInfinity === 0 ? finite(moments.min) : null,
      max: some && sketch.positiveInfinity === 0 ? finite(moments.max) : null,
      mean: some && !infinite ? finite(moments.mean) : null,
      std: moments.count > 1 && !infinite ? finite(Math.sqrt(moments.variance())) : null,
      quantiles:
        sketch.count > 0
          ? {
              p1: q[0] ?? null,
              p5: q[1] ?? null,
              p25: q[2] ?? null,
              p50: q[3] ?? null,
              p75: q[4] ?? null,
              p95: q[5] ?? null,
              p99: q[6] ?? null,
            }
          : null,
      histogram: histogram?.toState() ?? null,
    },
    sketch: state,
  };
}

/** The q-quantile (0..1) of sorted values with linear interpolation (type 7, numpy's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low === high ? low : low + (high - low) * (position - lower);
}
