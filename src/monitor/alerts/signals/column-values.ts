/** Reading a window's column for a signal: the non-missing numeric values, or a clear error naming the column. */
import type { MonitorSpec } from '../../../core/index.js';
import type { Column, Frame } from '../../../data/index.js';
import { signalError } from '../signal.js';

/** The column `name` of `frame`, or a signal error naming `field` and the columns the window has. */
export function windowColumn(monitor: MonitorSpec, frame: Frame, name: string, field: string): Column {
  if (!frame.has(name))
    throw signalError(
      monitor,
      field,
      `the window has no column ${JSON.stringify(name)} (its columns: ${frame.columnNames.join(', ') || 'none'})`,
    );
  return frame.column(name);
}

/**
 * The non-missing values of a numeric, boolean (0/1) or datetime column, in a new array.
 * @throws MLP_MONITOR_SIGNAL for a categorical or text column.
 */
export function finiteValues(monitor: MonitorSpec, column: Column, field: string): Float64Array {
  if (column.type === 'numeric' || column.type === 'datetime') {
    const values = column.values;
    let n = 0;
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i] as number)) n++;
    const out = new Float64Array(n);
    let j = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (Number.isFinite(v)) out[j++] = v;
    }
    return out;
  }
  if (column.type === 'boolean') {
    const values = column.values;
    let n = 0;
    for (let i = 0; i < values.length; i++) if ((values[i] as number) !== 255) n++;
    const out = new Float64Array(n);
    let j = 0;
    for (let i = 0; i < values.length; i++) if ((values[i] as number) !== 255) out[j++] = values[i] as number;
    return out;
  }
  throw signalError(monitor, field, `column ${JSON.stringify(column.name)} is ${column.type}; this signal needs numbers`);
}

/** The q-quantile (0..1) of sorted values, linear between order statistics (NumPy's default). */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low === high ? low : low + (high - low) * (position - lower);
}
