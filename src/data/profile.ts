import type { Column, ColumnType } from './column.js';
import { MISSING_BOOLEAN, MISSING_CODE } from './column.js';
import type { Frame } from './frame.js';

/** Text columns count distinct values exactly up to this many, then report `distinctCapped`. */
export const DISTINCT_CAP = 100_000;
/** How many of the most frequent levels a categorical profile lists with their counts. */
export const TOP_LEVELS = 20;
/** How many observed level names a categorical profile keeps (for diffs). */
export const LEVEL_NAMES_CAP = 1000;
/** Number of equal-width histogram bins of a numeric profile. */
export const HISTOGRAM_BINS = 10;

/** Quantiles of a numeric column, linear interpolation between order statistics (numpy's default); null when not finite. */
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
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (divides by n − 1); null below 2 values. */
  std: number | null;
  quantiles: Quantiles | null;
  /**
   * 10 equal-width bins between min and max: `edges` has 11 values, bin i is [edges[i], edges[i+1]) and the
   * last bin includes max. When min = max every value is in the first bin. Null unless min, max and their
   * distance are finite.
   */
  histogram: { edges: number[]; counts: number[] } | null;
}

/** Profile of one column. Exactly one of the type-specific parts is present, the one of `type`. */
export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Non-missing values. */
  count: number;
  missing: number;
  /** Distinct non-missing values; exact unless `distinctCapped` (text columns beyond {@link DISTINCT_CAP}). */
  distinct: number;
  distinctCapped: boolean;
  numeric?: NumericProfile;
  /**
   * `top`: the {@link TOP_LEVELS} most frequent levels (ties in level order); `levels`: every observed level in
   * level order, at most {@link LEVEL_NAMES_CAP}.
   */
  categorical?: { top: Array<{ value: string; count: number }>; levels: string[]; levelsCapped: boolean };
  boolean?: { trueCount: number; falseCount: number };
  /** ISO 8601 UTC instants; null without values. */
  datetime?: { min: string | null; max: string | null };
  /** Lengths in UTF-16 code units (JS string length); null without values. */
  text?: { minLength: number | null; maxLength: number | null; meanLength: number | null };
}

/** Profile of a frame, stored with each dataset version as a versioned document (see profile-document.ts). */
export interface Profile {
  rowCount: number;
  columns: ColumnProfile[];
}

/** Computes the profile of every column of `frame` (exact statistics; sorts a copy of numeric columns). */
export function profileFrame(frame: Frame): Profile {
  return { rowCount: frame.rowCount, columns: frame.columns.map(profileColumn) };
}

/** Computes the profile of one column. */
export function profileColumn(column: Column): ColumnProfile {
  const base = { name: column.name, type: column.type };
  switch (column.type) {
    case 'numeric': {
      const sorted = sortedPresent(column.values);
      return { ...base, ...counts(column.values.length, sorted), numeric: numericProfile(sorted) };
    }
    case 'datetime': {
      const sorted = sortedPresent(column.values);
      const n = sorted.length;
      return {
        ...base,
        ...counts(column.values.length, sorted),
        datetime: {
          min: n > 0 ? new Date(sorted[0] as number).toISOString() : null,
          max: n > 0 ? new Date(sorted[n - 1] as number).toISOString() : null,
        },
      };
    }
    case 'categorical':
      return { ...base, ...categoricalProfile(column.codes, column.levels) };
    case 'boolean': {
      let trueCount = 0;
      let falseCount = 0;
      for (const v of column.values) {
        if (v === 1) trueCount++;
        else if (v !== MISSING_BOOLEAN) falseCount++;
      }
      const count = trueCount + falseCount;
      return {
        ...base,
        count,
        missing: column.values.length - count,
        distinct: (trueCount > 0 ? 1 : 0) + (falseCount > 0 ? 1 : 0),
        distinctCapped: false,
        boolean: { trueCount, falseCount },
      };
    }
    case 'text': {
      const seen = new Set<string>();
      let capped = false;
      let count = 0;
      let total = 0;
      let minLength = Number.POSITIVE_INFINITY;
      let maxLength = 0;
      for (const v of column.values) {
        if (v === null) continue;
        count++;
        total += v.length;
        if (v.length < minLength) minLength = v.length;
        if (v.length > maxLength) maxLength = v.length;
        if (!capped) {
          seen.add(v);
          if (seen.size > DISTINCT_CAP) capped = true;
        }
      }
      return {
        ...base,
        count,
        missing: column.values.length - count,
        distinct: capped ? DISTINCT_CAP : seen.size,
        distinctCapped: capped,
        text: count > 0 ? { minLength, maxLength, meanLength: total / count } : { minLength: null, maxLength: null, meanLength: null },
      };
    }
  }
}

function sortedPresent(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) out[j++] = v;
  }
  return out.sort();
}

function counts(length: number, sorted: Float64Array): { count: number; missing: number; distinct: number; distinctCapped: boolean } {
  let distinct = sorted.length > 0 ? 1 : 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  return { count: sorted.length, missing: length - sorted.length, distinct, distinctCapped: false };
}

/** The q-quantile (0..1) of sorted values with linear interpolation (type 7). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low === high ? low : low + (high - low) * (position - lower);
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function numericProfile(sorted: Float64Array): NumericProfile {
  const n = sorted.length;
  if (n === 0) return { min: null, max: null, mean: null, std: null, quantiles: null, histogram: null };
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (sorted[i] as number) - mean;
    squares += d * d;
  }
  const q = (p: number): number | null => finite(quantileSorted(sorted, p));
  return {
    min: finite(min),
    max: finite(max),
    mean: finite(mean),
    std: n > 1 ? finite(Math.sqrt(squares / (n - 1))) : null,
    quantiles: { p1: q(0.01), p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), p99: q(0.99) },
    // A range wider than the largest double has no finite bin width.
    histogram: Number.isFinite(max - min) ? histogram(sorted, min, max) : null,
  };
}

function histogram(sorted: Float64Array, min: number, max: number): { edges: number[]; counts: number[] } {
  const width = (max - min) / HISTOGRAM_BINS;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => (i === HISTOGRAM_BINS ? max : min + i * width));
  const binCounts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    // Compare with the stored edges (not (v - min) / width) so a value equal to an edge lands in the bin it starts.
    let bin = 0;
    if (width > 0) {
      bin = Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) / width));
      while (bin > 0 && v < (edges[bin] as number)) bin--;
      while (bin < HISTOGRAM_BINS - 1 && v >= (edges[bin + 1] as number)) bin++;
    }
    binCounts[bin] = (binCounts[bin] as number) + 1;
  }
  return { edges, counts: binCounts };
}

function categoricalProfile(codes: Int32Array, levels: readonly string[]): Omit<ColumnProfile, 'name' | 'type'> {
  const levelCounts = new Float64Array(levels.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === MISSING_CODE) missing++;
    else levelCounts[code] = (levelCounts[code] as number) + 1;
  }
  const observed: number[] = [];
  for (let code = 0; code < levels.length; code++) if ((levelCounts[code] as number) > 0) observed.push(code);
  const top = [...observed]
    .sort((a, b) => (levelCounts[b] as number) - (levelCounts[a] as number) || a - b)
    .slice(0, TOP_LEVELS)
    .map((code) => ({ value: levels[code] as string, count: levelCounts[code] as number }));
  return {
    count: codes.length - missing,
    missing,
    distinct: observed.length,
    distinctCapped: false,
    categorical: {
      top,
      levels: observed.slice(0, LEVEL_NAMES_CAP).map((code) => levels[code] as string),
      levelsCapped: observed.length > LEVEL_NAMES_CAP,
    },
  };
}
