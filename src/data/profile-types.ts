/** The types of the one profile concept (see profile.ts). */
import type { ColumnType } from './column.js';
import type { FrequentItemsState } from './sketch/frequent-items.js';
import type { HistogramState } from './sketch/histogram.js';
import type { HllState } from './sketch/hll.js';
import type { MomentsState } from './sketch/moments.js';
import type { NumericSketchState } from './sketch/numeric-sketch.js';

/** How many of the most frequent levels a categorical profile lists with their counts. */
export const TOP_LEVELS = 20;
/** How many observed level names a categorical profile keeps (for diffs), within {@link LEVEL_NAMES_BUDGET}. */
export const LEVEL_NAMES_CAP = 1000;
/** Most characters of JSON the observed level names of one column may take (keeps a column's profile ≤ 50 KB). */
export const LEVEL_NAMES_BUDGET = 16_000;

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
