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
import type { Column } from './column.js';
import { MISSING_BOOLEAN } from './column.js';
import type { Frame } from './frame.js';
import { buildCategorical, buildText, categoricalSummary, textSummary } from './profile-text.js';
import type { ColumnProfile, Profile, ProfileOptions } from './profile-types.js';
import { checkEdges, Histogram, quantileEdges } from './sketch/histogram.js';
import { hashString } from './sketch/hash.js';
import { NumericSketch } from './sketch/numeric-sketch.js';
import { HistogramEdgesError } from '../core/index.js';

export { LEVEL_NAMES_BUDGET, LEVEL_NAMES_CAP, TOP_LEVELS } from './profile-types.js';

/** Bins of a reference column's default histogram (decile edges; fewer when deciles tie). */
export const HISTOGRAM_BINS = 10;
/** The quantiles a numeric profile reports, as fractions. */
export const PROFILE_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
/** The seed of every column's quantile sketch unless given (mixed with the column name). */
export const PROFILE_SEED = 0x51ed270b;

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
