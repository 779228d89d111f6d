import type { MonitorSpec } from '../../../core/index.js';
import type { Column } from '../../../data/index.js';
import { binCounts, hellinger, jensenShannon, ks2Samp, psi, quantileEdges, sortSample, wassersteinDistance } from '../../stats/index.js';
import { defineSignal, noData, signalError } from '../signal.js';
import { finiteValues, windowColumn } from './column-values.js';

/** Numeric columns are cut at the reference's deciles for the binned methods. */
export const DRIFT_BINS = 10;

/**
 * The drift methods a monitor can use on one column, and what each reports: `psi` (population stability index),
 * `ks` (the two-sample Kolmogorov–Smirnov p-value: alert with `below`), `wasserstein` (earth mover's distance in
 * the column's units), `jensen-shannon` and `hellinger` (distances between the binned distributions).
 */
export const MONITOR_DRIFT_METHODS = ['psi', 'ks', 'wasserstein', 'jensen-shannon', 'hellinger'] as const;
type Method = (typeof MONITOR_DRIFT_METHODS)[number];
const BINNED = new Set<Method>(['psi', 'jensen-shannon', 'hellinger']);

function fromCounts(method: Method, reference: Float64Array, current: Float64Array): number {
  if (method === 'psi') return psi(reference, current);
  const p = shares(reference);
  const q = shares(current);
  return method === 'jensen-shannon' ? jensenShannon(p, q) : hellinger(p, q);
}

function shares(counts: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = (counts[i] as number) / total;
  return out;
}

function levelCounts(column: Column & { type: 'categorical' }, index: Map<string, number>): Float64Array {
  const counts = new Float64Array(index.size);
  const map = column.levels.map((level) => index.get(level) as number);
  for (let i = 0; i < column.codes.length; i++) {
    const code = column.codes[i] as number;
    if (code >= 0) counts[map[code] as number] = (counts[map[code] as number] as number) + 1;
  }
  return counts;
}

/** Drift of a categorical column over the levels of both sides (a level new in the window counts). */
function categoricalDrift(
  monitor: MonitorSpec,
  method: Method,
  reference: Column & { type: 'categorical' },
  current: Column & { type: 'categorical' },
): { value: number; rows: number } | undefined {
  if (!BINNED.has(method))
    throw signalError(
      monitor,
      'signal.method',
      `${method} needs a numeric column; use psi, jensen-shannon or hellinger on categorical ones`,
    );
  const index = new Map<string, number>();
  for (const level of [...reference.levels, ...current.levels]) if (!index.has(level)) index.set(level, index.size);
  const ref = levelCounts(reference, index);
  const cur = levelCounts(current, index);
  const rows = cur.reduce((a, b) => a + b, 0);
  if (rows === 0 || ref.reduce((a, b) => a + b, 0) === 0) return undefined;
  return { value: fromCounts(method, ref, cur), rows };
}

/** Drift of a numeric column: binned methods on the reference's deciles, `ks` and `wasserstein` on the samples. */
export function numericDrift(method: Method, reference: Float64Array, current: Float64Array): number {
  if (method === 'ks') return ks2Samp(reference, current).pValue;
  if (method === 'wasserstein') return wassersteinDistance(reference, current);
  const edges = quantileEdges(sortSample(reference), DRIFT_BINS);
  return fromCounts(method, binCounts(reference, edges), binCounts(current, edges));
}

/**
 * `drift`: how far one input column of the window moved from the model's reference data, by the monitor's
 * method (the statistics are those of `src/monitor/stats`, equal to SciPy's).
 */
export const driftSignal = defineSignal({
  id: 'drift',
  title: 'Drift of one input column against the reference',
  async read(monitor, window, ctx) {
    const method = monitor.signal.method as Method;
    if (!(MONITOR_DRIFT_METHODS as readonly string[]).includes(method))
      throw signalError(
        monitor,
        'signal.method',
        `unknown drift method ${JSON.stringify(method)}; known: ${MONITOR_DRIFT_METHODS.join(', ')}`,
      );
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
      const result = categoricalDrift(monitor, method, refColumn, curColumn);
      if (result === undefined) return noData(0, `column ${name} is missing on every row of the reference or the window`);
      return { ...result, status: 'ok', note: method };
    }
    const ref = finiteValues(monitor, refColumn, 'signal.column');
    const cur = finiteValues(monitor, curColumn, 'signal.column');
    if (ref.length === 0) return noData(0, `column ${name} is missing on every row of the reference`);
    if (cur.length === 0) return noData(0, `column ${name} is missing on every row of the window`);
    return { value: numericDrift(method, ref, cur), status: 'ok', rows: cur.length, note: method };
  },
});
