import { z } from 'zod';

import { COLUMN_TYPES, Frame } from '../../data/index.js';
import type { Column, ColumnType } from '../../data/index.js';
import { InputTypeError } from '../../core/index.js';

/**
 * Which columns a step works on: explicit `columns` (names), otherwise every column whose type is in `types`
 * (each step has its own default types); `exclude` removes names from either. Resolved once on the training
 * frame, then frozen into the fitted step.
 */
export interface ColumnSelector {
  readonly columns?: readonly string[] | undefined;
  readonly types?: readonly ColumnType[] | undefined;
  readonly exclude?: readonly string[] | undefined;
}

const columnTypeSchema = z.enum(COLUMN_TYPES as [ColumnType, ...ColumnType[]]);

/** zod fields of {@link ColumnSelector}, spread into every step's options schema. */
export const selectorShape = {
  columns: z.array(z.string().min(1)).optional(),
  types: z.array(columnTypeSchema).optional(),
  exclude: z.array(z.string().min(1)).optional(),
};

/**
 * The names a selector picks on `frame`, in frame order for type selection, in the given order for names.
 * Explicit names must exist and have one of `allowed` types.
 * @throws MLP_DATA_UNKNOWN_COLUMN for a named column that does not exist; MLP_ML_INPUT_TYPE for a named column
 *   of a type the step cannot handle.
 */
export function selectColumns(
  frame: Frame,
  selector: ColumnSelector,
  defaultTypes: readonly ColumnType[],
  allowed: readonly ColumnType[],
  step: string,
): string[] {
  const exclude = new Set(selector.exclude ?? []);
  if (selector.columns !== undefined) {
    const out: string[] = [];
    for (const name of selector.columns) {
      if (exclude.has(name)) continue;
      const column = frame.column(name);
      if (!allowed.includes(column.type)) {
        throw InputTypeError({
          column: name,
          expected: allowed.join(' or '),
          actual: column.type,
          problem: `step "${step}" cannot handle it; select other columns`,
        });
      }
      out.push(name);
    }
    return out;
  }
  const types = (selector.types ?? defaultTypes).filter((t) => allowed.includes(t));
  return frame.columns.filter((c) => types.includes(c.type) && !exclude.has(c.name)).map((c) => c.name);
}

/**
 * A frame where each column named in `replacements` is replaced, at its position, by the given columns (an
 * empty list removes it). Other columns pass through untouched (no copy).
 */
export function replaceColumns(frame: Frame, replacements: ReadonlyMap<string, readonly Column[]>): Frame {
  const out: Column[] = [];
  for (const column of frame.columns) {
    const replacement = replacements.get(column.name);
    if (replacement === undefined) out.push(column);
    else out.push(...replacement);
  }
  return new Frame(out, frame.rowCount);
}

/**
 * The column called `name`, checked to be of `type`.
 * @throws MLP_DATA_UNKNOWN_COLUMN when absent; MLP_ML_INPUT_TYPE when of another type.
 */
export function columnOfType<T extends ColumnType>(frame: Frame, name: string, type: T, step: string): Extract<Column, { type: T }> {
  const column = frame.column(name);
  if (column.type !== type) {
    throw InputTypeError({ column: name, expected: type, actual: column.type, problem: `step "${step}" was fitted on a ${type} column` });
  }
  return column as Extract<Column, { type: T }>;
}

/** A numeric column. */
export function numericColumn(name: string, values: Float64Array): Column {
  return Object.freeze({ name, type: 'numeric' as const, values });
}

/**
 * Maps the codes of a categorical column onto a fixed list of level names: `map[code]` is the index of the
 * column's level in `levels`, or -1 when the level is not in the list.
 */
export function levelMap(columnLevels: readonly string[], levels: readonly string[]): Int32Array {
  const index = new Map<string, number>();
  levels.forEach((level, i) => index.set(level, i));
  const map = new Int32Array(columnLevels.length);
  for (let i = 0; i < columnLevels.length; i++) map[i] = index.get(columnLevels[i] as string) ?? -1;
  return map;
}

/** Counts of each code of a categorical column (missing excluded), length = levels.length. */
export function codeCounts(codes: Int32Array, levelCount: number): Float64Array {
  const counts = new Float64Array(levelCount);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c >= 0) counts[c] = (counts[c] as number) + 1;
  }
  return counts;
}

/** Sorts strings by UTF-16 code units (the same order as JavaScript's default sort and Python's for BMP text). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
