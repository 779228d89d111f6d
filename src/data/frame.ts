import { UnknownColumnError, ValidationError } from '../core/index.js';
import type { Column } from './column.js';
import { columnLength, sliceColumn, takeColumn, valueAt } from './column.js';

/**
 * An immutable table stored column by column (see {@link Column} for the storage of each type). Every
 * operation returns a new frame; `select` and `slice` share storage with the original (safe, nothing mutates),
 * `take` copies the chosen rows.
 */
export class Frame {
  /** Number of rows. */
  readonly rowCount: number;
  /** The columns, in order. */
  readonly columns: readonly Column[];
  /** Column names, in order. */
  readonly columnNames: readonly string[];
  private readonly byName: ReadonlyMap<string, Column>;

  /**
   * @param columns columns of equal length with distinct names.
   * @param rowCount needed only when there are no columns (a frame of N rows and 0 columns).
   * @throws MLP_CORE_VALIDATION when lengths differ or a name repeats.
   */
  constructor(columns: readonly Column[], rowCount?: number) {
    const n = columns.length > 0 ? columnLength(columns[0] as Column) : (rowCount ?? 0);
    const byName = new Map<string, Column>();
    for (const column of columns) {
      if (byName.has(column.name))
        throw ValidationError({ field: 'columns', problem: `column name ${JSON.stringify(column.name)} appears twice` });
      if (columnLength(column) !== n)
        throw ValidationError({
          field: `columns.${column.name}`,
          problem: `column has ${columnLength(column)} rows but the frame has ${n}`,
        });
      byName.set(column.name, column);
    }
    this.rowCount = n;
    this.columns = Object.freeze([...columns]);
    this.columnNames = Object.freeze(columns.map((c) => c.name));
    this.byName = byName;
    Object.freeze(this);
  }

  /** True when a column of that name exists. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /**
   * The column called `name`.
   * @throws MLP_DATA_UNKNOWN_COLUMN listing the known names.
   */
  column(name: string): Column {
    const column = this.byName.get(name);
    if (column === undefined) throw UnknownColumnError({ column: name, known: [...this.columnNames] });
    return column;
  }

  /**
   * A frame with only `names`, in that order (no copy).
   * @throws MLP_DATA_UNKNOWN_COLUMN for a name that does not exist.
   */
  select(names: readonly string[]): Frame {
    return new Frame(
      names.map((name) => this.column(name)),
      this.rowCount,
    );
  }

  /**
   * A frame of rows `indices` in that order (copies; indices may repeat, e.g. for bootstrap samples).
   * @throws MLP_CORE_VALIDATION when an index is outside `[0, rowCount)`.
   */
  take(indices: Int32Array): Frame {
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i] as number;
      if (index < 0 || index >= this.rowCount)
        throw ValidationError({ field: `indices[${i}]`, problem: `row ${index} is outside 0..${this.rowCount - 1}` });
    }
    return new Frame(
      this.columns.map((c) => takeColumn(c, indices)),
      indices.length,
    );
  }

  /** Rows `[start, end)` (clamped like `Array.prototype.slice`, negative counts from the end). */
  slice(start = 0, end = this.rowCount): Frame {
    const n = this.rowCount;
    const s = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
    const e = Math.max(s, end < 0 ? Math.max(0, n + end) : Math.min(end, n));
    return new Frame(
      this.columns.map((c) => sliceColumn(c, s, e)),
      e - s,
    );
  }

  /**
   * The first `limit` rows as plain objects (datetime as ISO 8601 strings, missing as `null`). For display and
   * JSON output only; use the typed columns for computation.
   */
  toRows(limit = this.rowCount): Array<Record<string, number | string | boolean | null>> {
    const count = Math.max(0, Math.min(limit, this.rowCount));
    const rows: Array<Record<string, number | string | boolean | null>> = [];
    for (let i = 0; i < count; i++) {
      const row: Record<string, number | string | boolean | null> = {};
      for (const column of this.columns) row[column.name] = valueAt(column, i);
      rows.push(row);
    }
    return rows;
  }
}
