import type { Frame } from '../../data/index.js';
import { checkScore, checkThreshold } from './drift-checks.js';
import { type DriftColumnType, isDrift, type MultivariateDriftMethod } from './drift-method.js';
import type { ColumnDrift, MultivariateDrift } from './drift-result.js';
import { tableSamples } from './table-sample.js';

/**
 * Runs a multivariate method on the compared columns of the types it takes (type-changed columns left out) and
 * decides its drift from its kind and threshold; no verdict when no column fits or a side has too few rows.
 */
export async function runMultivariate(
  method: MultivariateDriftMethod,
  reference: Frame,
  current: Frame,
  columns: readonly ColumnDrift[],
  threshold: number | undefined,
  seed: number,
): Promise<MultivariateDrift> {
  const usable = columns
    .filter((c) => c.status !== 'type-changed' && method.columnTypes.includes(c.type as DriftColumnType))
    .map((c) => c.column);
  const t = threshold === undefined ? method.defaultThreshold : checkThreshold(method.kind, threshold, 'threshold');
  const base = {
    method: method.id,
    kind: method.kind,
    threshold: t,
    columns: usable,
    sizes: { reference: reference.rowCount, current: current.rowCount },
  };
  const smallest = Math.min(reference.rowCount, current.rowCount);
  if (usable.length === 0 || smallest < method.minSamples) {
    const note =
      usable.length === 0
        ? 'no column of a type it takes'
        : `${method.id} needs at least ${method.minSamples} rows on each side; the smaller side has ${smallest}`;
    return { ...base, score: null, drift: false, note, details: {} };
  }
  const tables = tableSamples(reference, current, usable, seed);
  const result = checkScore(method, usable.join(', '), await method.onSample(tables.reference, tables.current, tables.ctx));
  return { ...base, score: result.score, drift: isDrift(method.kind, result.score, t), details: result.details ?? {} };
}
