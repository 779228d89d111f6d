import type { Column, Frame } from '../../data/index.js';
import type { TableContext, TableSample } from './drift-method.js';

/** A column as numbers: numeric values (non-finite → NaN), level codes of `levels` for categorical and boolean. */
function encode(column: Column, levels: Map<string, number> | undefined): Float64Array {
  switch (column.type) {
    case 'numeric': {
      const out = new Float64Array(column.values.length);
      for (let i = 0; i < out.length; i++) {
        const v = column.values[i] as number;
        out[i] = Number.isFinite(v) ? v : Number.NaN;
      }
      return out;
    }
    case 'boolean': {
      const out = new Float64Array(column.values.length);
      for (let i = 0; i < out.length; i++) {
        const v = column.values[i] as number;
        out[i] = v === 0 || v === 1 ? v : Number.NaN;
      }
      return out;
    }
    case 'categorical': {
      const map = Int32Array.from(column.levels, (label) => (levels as Map<string, number>).get(label) as number);
      const out = new Float64Array(column.codes.length);
      for (let i = 0; i < out.length; i++) {
        const code = column.codes[i] as number;
        out[i] = code >= 0 && code < map.length ? (map[code] as number) : Number.NaN;
      }
      return out;
    }
    default:
      return new Float64Array(0);
  }
}

/**
 * Both frames' `columns` (same types on both sides: numeric, categorical or boolean) as column-major tables for
 * a multivariate method, categorical levels coded on their union (reference's first) so equal labels get equal codes.
 */
export function tableSamples(
  reference: Frame,
  current: Frame,
  columns: readonly string[],
  seed: number,
): { reference: TableSample; current: TableSample; ctx: TableContext } {
  const refColumns: Float64Array[] = [];
  const curColumns: Float64Array[] = [];
  const categorical: boolean[] = [];
  for (const name of columns) {
    const ref = reference.column(name);
    const cur = current.column(name);
    let levels: Map<string, number> | undefined;
    if (ref.type === 'categorical' && cur.type === 'categorical') {
      levels = new Map();
      for (const label of [...ref.levels, ...cur.levels]) if (!levels.has(label)) levels.set(label, levels.size);
    }
    refColumns.push(encode(ref, levels));
    curColumns.push(encode(cur, levels));
    categorical.push(ref.type !== 'numeric');
  }
  return {
    reference: { rows: reference.rowCount, columns: refColumns },
    current: { rows: current.rowCount, columns: curColumns },
    ctx: { names: [...columns], categorical, seed },
  };
}
