import type { MonitorSpec } from '../../../core/index.js';
import type { Column } from '../../../data/index.js';
import { defineSignal, noData, signalError } from '../signal.js';
import { finiteValues, quantileOfSorted, windowColumn } from './column-values.js';

/** Share given to an empty bin so the logarithm stays finite (Evidently's and NannyML's convention). */
export const PSI_EMPTY_SHARE = 1e-4;
/** Numeric columns are cut at the reference's deciles. */
export const PSI_BINS = 10;

/** Σ (c − r) · ln(c / r) over bins, with empty shares raised to {@link PSI_EMPTY_SHARE}. */
export function psiFromCounts(reference: Float64Array, current: Float64Array): number {
  let refTotal = 0;
  let curTotal = 0;
  for (let i = 0; i < reference.length; i++) {
    refTotal += reference[i] as number;
    curTotal += current[i] as number;
  }
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.max((reference[i] as number) / refTotal, PSI_EMPTY_SHARE);
    const c = Math.max((current[i] as number) / curTotal, PSI_EMPTY_SHARE);
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

/** The inner edges of up to {@link PSI_BINS} bins at the sorted reference's quantiles (distinct edges only). */
export function decileEdges(sortedReference: Float64Array): Float64Array {
  const edges: number[] = [];
  for (let b = 1; b < PSI_BINS; b++) {
    const edge = quantileOfSorted(sortedReference, b / PSI_BINS);
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  return Float64Array.from(edges);
}

/** Counts of `values` in the bins `(-∞, e0], (e0, e1], …, (e_last, ∞)`. */
export function binCounts(values: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (v <= (edges[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return counts;
}

/** PSI of a numeric column: bins at the reference's deciles. */
export function numericPsi(reference: Float64Array, current: Float64Array): number {
  const sorted = Float64Array.from(reference).sort();
  const edges = decileEdges(sorted);
  return psiFromCounts(binCounts(sorted, edges), binCounts(current, edges));
}

function levelCounts(column: Column, index: Map<string, number>, size: number): Float64Array {
  const counts = new Float64Array(size);
  if (column.type === 'categorical') {
    const map = column.levels.map((level) => index.get(level) as number);
    for (let i = 0; i < column.codes.length; i++) {
      const code = column.codes[i] as number;
      if (code >= 0) counts[map[code] as number] = (counts[map[code] as number] as number) + 1;
    }
  }
  return counts;
}

/** PSI of a categorical column over the levels of both sides (a level new in the current window counts). */
function categoricalPsi(
  reference: Column & { type: 'categorical' },
  current: Column & { type: 'categorical' },
): { value: number; rows: number } {
  const index = new Map<string, number>();
  for (const level of [...reference.levels, ...current.levels]) if (!index.has(level)) index.set(level, index.size);
  const cur = levelCounts(current, index, index.size);
  let rows = 0;
  for (let i = 0; i < cur.length; i++) rows += cur[i] as number;
  return { value: psiFromCounts(levelCounts(reference, index, index.size), cur), rows };
}

function checkMethod(monitor: MonitorSpec & { signal: { method: string } }): void {
  if (monitor.signal.method !== 'psi')
    throw signalError(
      monitor,
      'signal.method',
      `drift method ${JSON.stringify(monitor.signal.method)} is not available to monitors; known: psi`,
    );
}

/**
 * `drift`: the population stability index of one input column, window against the model's reference data
 * (numeric columns on the reference's decile bins, categorical columns on their levels).
 */
export const driftSignal = defineSignal({
  id: 'drift',
  title: 'Drift of one input column against the reference (PSI)',
  async read(monitor, window, ctx) {
    checkMethod(monitor);
    const name = monitor.signal.column;
    const reference = await ctx.data.reference(monitor.model);
    if (reference === undefined) return noData(0, `model ${monitor.model} has no reference data to compare with`);
    const frame = await ctx.data.readWindow(monitor.model, window);
    if (frame.rowCount < monitor.minRows) return noData(frame.rowCount, `${frame.rowCount} rows, fewer than minRows ${monitor.minRows}`);
    const refColumn = windowColumn(monitor, reference, name, 'signal.column');
    const curColumn = windowColumn(monitor, frame, name, 'signal.column');
    if (refColumn.type === 'categorical' || curColumn.type === 'categorical') {
      if (refColumn.type !== 'categorical' || curColumn.type !== 'categorical')
        throw signalError(
          monitor,
          'signal.column',
          `column ${name} is ${refColumn.type} in the reference but ${curColumn.type} in the window`,
        );
      const { value, rows } = categoricalPsi(refColumn, curColumn);
      if (rows === 0) return noData(0, `column ${name} is missing on every row of the window`);
      return { value, status: 'ok', rows, note: 'psi' };
    }
    const ref = finiteValues(monitor, refColumn, 'signal.column');
    const cur = finiteValues(monitor, curColumn, 'signal.column');
    if (ref.length === 0) return noData(0, `column ${name} is missing on every row of the reference`);
    if (cur.length === 0) return noData(0, `column ${name} is missing on every row of the window`);
    return { value: numericPsi(ref, cur), status: 'ok', rows: cur.length, note: 'psi' };
  },
});
