import { TrainingDataError } from '../../core/index.js';
import type { TrainingMemory } from './training-memory.js';
import type { FeatureMatrix } from '../matrix.js';

/**
 * Per-feature bin boundaries, computed once per training set. Numeric feature j has `nValue[j]` value bins;
 * value bin b holds the values v with `upper[j][b-1] <= v < upper[j][b]` (the last value bin is open above), and
 * bin `nValue[j]` holds the missing values (NaN). A categorical feature's value bin is its category code.
 * Bins of all features are laid out one after the other in a histogram starting at `offset[j]`.
 */
export interface BinMapper {
  readonly numFeatures: number;
  /** Value bins per feature (the missing bin comes after them). */
  readonly nValue: Int32Array;
  /** First histogram slot of each feature; `offset[numFeatures]` = total slots. */
  readonly offset: Int32Array;
  /** Upper bounds of value bins 0..nValue-2 (numeric features); empty for categorical ones. */
  readonly upper: readonly Float64Array[];
  readonly categorical: readonly boolean[];
}

/**
 * Computes quantile bin boundaries: a feature with at most `maxBin - 1` distinct values gets one bin per value
 * (boundary at the midpoint between neighbours); otherwise bins hold about equal row counts (greedy over the
 * sorted distinct values, boundaries at midpoints). Categorical features get one bin per code.
 * @throws MLP_ML_BAD_TRAINING_DATA when a categorical column has more than `maxBin - 1` categories.
 */
export function computeBinMapper(x: FeatureMatrix, maxBin: number): BinMapper {
  const nf = x.cols;
  const nValue = new Int32Array(nf);
  const offset = new Int32Array(nf + 1);
  const upper: Float64Array[] = [];
  const maxValueBins = maxBin - 1;
  for (let j = 0; j < nf; j++) {
    const col = x.columns[j] as Float64Array;
    if (x.categorical[j] === true) {
      let maxCode = -1;
      for (let i = 0; i < col.length; i++) {
        const v = col[i] as number;
        if (v === v && v > maxCode) maxCode = v;
      }
      const k = maxCode + 1;
      if (k > maxValueBins) {
        throw TrainingDataError({
          field: x.names[j] ?? `f${j}`,
          problem: `categorical column has ${k} categories, more than maxBin - 1 = ${maxValueBins}; group rare categories or treat the column as numeric`,
        });
      }
      nValue[j] = Math.max(1, k);
      upper.push(new Float64Array(0));
    } else {
      const u = numericBounds(col, maxValueBins);
      upper.push(u);
      nValue[j] = u.length + 1;
    }
    offset[j + 1] = (offset[j] as number) + (nValue[j] as number) + 1;
  }
  return { numFeatures: nf, nValue, offset, upper, categorical: [...x.categorical] };
}

/**
 * The distinct non-NaN values of `col` (-0 counted as 0) with their counts, unordered, or null as soon as there are
 * more than `max`. An open-addressing hash table on the values' bits (typed arrays, no boxing), with a cache of
 * the last value.
 */
function distinctCounts(col: Float64Array, max: number): { values: Float64Array; counts: Int32Array } | null {
  let size = 16;
  while (size < 2 * (max + 1)) size <<= 1;
  const mask = size - 1;
  const table = new Float64Array(size);
  const bits = new Int32Array(table.buffer);
  const slotOf = new Int32Array(size).fill(-1);
  const key = new Float64Array(1);
  const keyBits = new Int32Array(key.buffer);
  const values = new Float64Array(max + 1);
  const counts = new Int32Array(max + 1);
  let count = 0;
  let last = NaN;
  let lastSlot = -1;
  for (let i = 0; i < col.length; i++) {
    const raw = col[i] as number;
    if (raw !== raw) continue;
    if (raw === last) {
      counts[lastSlot] = (counts[lastSlot] as number) + 1;
      continue;
    }
    const v = raw === 0 ? 0 : raw;
    last = raw;
    key[0] = v;
    const lo = keyBits[0] as number;
    const hi = keyBits[1] as number;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const at = slotOf[h] as number;
      if (at < 0) {
        if (count === max) return null;
        slotOf[h] = count;
        table[h] = v;
        values[count] = v;
        lastSlot = count++;
        break;
      }
      if (bits[2 * h] === lo && bits[2 * h + 1] === hi) {
        lastSlot = at;
        break;
      }
      h = (h + 1) & mask;
    }
    counts[lastSlot] = (counts[lastSlot] as number) + 1;
  }
  return { values: values.subarray(0, count), counts: counts.subarray(0, count) };
}

/**
 * Bounds of a numeric column: one bin per distinct value when there are at most `maxValueBins`, else bins of about
 * equal row counts, walking the distinct values in order with their counts. Columns with up to 65,536 distinct
 * values (codes, hours, rounded measures) are counted in a hash table and only the distinct values are sorted.
 */
function numericBounds(col: Float64Array, maxValueBins: number): Float64Array {
  const hashed = distinctCounts(col, Math.min(65_536, Math.max(maxValueBins, col.length >>> 3)));
  const { values, counts } = hashed === null ? sortedRuns(col) : sortByValue(hashed.values, hashed.counts);
  const nd = values.length;
  let n = 0;
  for (let i = 0; i < nd; i++) n += counts[i] as number;
  const out: number[] = [];
  for (let i = 0, cum = 0, next = 1; i + 1 < nd && out.length < maxValueBins - 1; i++) {
    cum += counts[i] as number;
    if (nd <= maxValueBins) out.push(midpoint(values[i] as number, values[i + 1] as number));
    else if (cum * maxValueBins >= next * n) {
      out.push(midpoint(values[i] as number, values[i + 1] as number));
      next = Math.floor((cum * maxValueBins) / n) + 1;
    }
  }
  return Float64Array.from(out);
}

/** Distinct values in increasing order, each with its count. */
function sortByValue(values: Float64Array, counts: Int32Array): { values: Float64Array; counts: Int32Array } {
  const order = Uint32Array.from(values.keys()).sort((a, b) => (values[a] as number) - (values[b] as number));
  return { values: Float64Array.from(order, (i) => values[i] as number), counts: Int32Array.from(order, (i) => counts[i] as number) };
}

/** The distinct non-NaN values of `col` in increasing order with their counts, by sorting (-0 and 0 are one value). */
function sortedRuns(col: Float64Array): { values: Float64Array; counts: Int32Array } {
  let n = 0;
  const sorted = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i] as number;
    if (v === v) sorted[n++] = v;
  }
  const vals = sorted.subarray(0, n).sort();
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n;) {
    const v = vals[i] as number;
    let end = i + 1;
    while (end < n && vals[end] === v) end++;
    values.push(v);
    counts.push(end - i);
    i = end;
  }
  return { values: Float64Array.from(values), counts: Int32Array.from(counts) };
}

/** A boundary strictly above `a` and at most `b` (a < b), as near their middle as floating point allows. */
export function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return m > a && m <= b ? m : b;
}

/** Bin of one raw value of feature j (numeric: count of bounds ≤ v; NaN: the missing bin). */
export function binOf(mapper: BinMapper, j: number, v: number): number {
  const nv = mapper.nValue[j] as number;
  if (v !== v) return nv;
  if (mapper.categorical[j] === true) return v < nv ? v : nv;
  const u = mapper.upper[j] as Float64Array;
  let lo = 0;
  let hi = u.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((u[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A binned training set in the two layouts the trainer uses. */
export interface BinnedData {
  /**
   * Row-major local bins, `slots[i * numFeatures + j]`: the histogram kernel reads a row's features from one
   * cache line. Bytes (not 16-bit slot numbers) keep the randomly accessed rows small enough for the L2 cache
   * (measured faster on flights despite the added offset, which the kernel holds as constants).
   */
  readonly slots: Uint8Array;
  /**
   * Column-major local bins, `columns[j * rows + i]`: a partition reads one feature of rows in increasing order
   * from a 1-byte column (measured ~2× faster than reading the row-major slots, which miss cache).
   */
  readonly columns: Uint8Array;
}

/** Bins a matrix into both layouts, in `memory` when given (a training run's, see training-memory.ts). */
export function binMatrix(mapper: BinMapper, x: FeatureMatrix, memory?: TrainingMemory): BinnedData {
  const nf = mapper.numFeatures;
  const n = x.rows;
  const len = n * nf;
  const slots = memory === undefined ? new Uint8Array(len) : memory.array(Uint8Array, len);
  const columns = memory === undefined ? new Uint8Array(len) : memory.array(Uint8Array, len);
  for (let j = 0; j < nf; j++) {
    const col = x.columns[j] as Float64Array;
    const local = columns.subarray(j * n, (j + 1) * n);
    binColumn(mapper, j, col, local);
    for (let i = 0, o = j; i < n; i++, o += nf) slots[o] = local[i] as number;
  }
  return { slots, columns };
}

/** Local bins (0..nValue, nValue = missing) of one raw column. */
function binColumn(mapper: BinMapper, j: number, col: Float64Array, out: Uint8Array): void {
  const nv = mapper.nValue[j] as number;
  const n = col.length;
  if (mapper.categorical[j] === true) {
    for (let i = 0; i < n; i++) {
      const v = col[i] as number;
      out[i] = v === v && v < nv ? v : nv;
    }
    return;
  }
  // branch-free binary search over the bounds padded with +∞ to a power of two: bin = number of bounds ≤ v
  const u = mapper.upper[j] as Float64Array;
  let size = 1;
  while (size < u.length + 1) size <<= 1;
  const pad = new Float64Array(size).fill(Infinity);
  pad.set(u);
  for (let i = 0; i < n; i++) {
    const v = col[i] as number;
    let lo = 0;
    for (let step = size >> 1; step > 0; step >>= 1) lo += step * +((pad[lo + step - 1] as number) <= v);
    // NaN compares false everywhere (lo = 0): the missing bin is set here; +∞ also passes the padding
    out[i] = v === v ? (lo > u.length ? u.length : lo) : nv;
  }
}
