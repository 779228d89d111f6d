import { z } from 'zod';

import { MISSING_BOOLEAN, MISSING_CODE } from '../../data/index.js';
import type { Column, Frame } from '../../data/index.js';
import { columnOfType, compareStrings, codeCounts, numericColumn, replaceColumns, selectColumns, selectorShape } from './columns.js';
import { defineTransformer, readStateArray, readStateMeta } from './transformer.js';
import type { FittedTransformer, TransformerState } from './transformer.js';

const FORMAT_VERSION = 1;
const STEP = 'impute';

/** Options of the `impute` step. */
export const imputeOptionsSchema = z
  .object({
    ...selectorShape,
    /** Fill for numeric columns: mean, median, most frequent value (smallest on ties), or `fillValue`. */
    numeric: z.enum(['mean', 'median', 'most-frequent', 'constant']).default('mean'),
    /** Fill for categorical and boolean columns: most frequent level (smallest name on ties) or a constant. */
    categorical: z.enum(['most-frequent', 'constant']).default('most-frequent'),
    /** Numeric constant; also the fill of a numeric column that had no value at all in training. */
    fillValue: z.number().finite().default(0),
    /** Categorical constant (added as a level when absent); booleans take `fillValue !== 0`. */
    fillLevel: z.string().min(1).default('__missing__'),
    /** Adds a 0/1 column `<name>.missing` after each column that had a missing value in training (sklearn's "missing-only"). */
    addIndicator: z.boolean().default(false),
  })
  .strict();
export type ImputeOptions = z.output<typeof imputeOptionsSchema>;

type Kind = 'numeric' | 'categorical' | 'boolean';

interface ImputeModel {
  readonly columns: readonly string[];
  readonly kinds: readonly Kind[];
  readonly indicator: readonly boolean[];
  /** Categorical fill level per column ("" for other kinds). */
  readonly fillLevels: readonly string[];
  /** Numeric fill (numeric columns) or 0/1 (boolean columns); NaN for categorical. */
  readonly fill: Float64Array;
}

/** Median of the finite values in `sorted` (ascending, NaN-free), numpy convention (mean of middle two). */
export function medianSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = n >> 1;
  return n % 2 === 1 ? (sorted[h] as number) : ((sorted[h - 1] as number) + (sorted[h] as number)) / 2;
}

/** The non-missing values of a numeric column, sorted ascending. */
export function sortedPresent(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === v) out[k++] = v;
  }
  return out.sort();
}

function numericFill(values: Float64Array, options: ImputeOptions): number {
  if (options.numeric === 'constant') return options.fillValue;
  const sorted = sortedPresent(values);
  if (sorted.length === 0) return options.fillValue;
  if (options.numeric === 'median') return medianSorted(sorted);
  if (options.numeric === 'mean') {
    let sum = 0;
    for (let i = 0; i < sorted.length; i++) sum += sorted[i] as number;
    return sum / sorted.length;
  }
  // most frequent: runs in the sorted array; the first (smallest) value wins ties.
  let best = sorted[0] as number;
  let bestCount = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      best = sorted[i] as number;
    }
    i = j;
  }
  return best;
}

function hasMissing(column: Column): boolean {
  if (column.type === 'categorical') return column.codes.includes(MISSING_CODE);
  if (column.type === 'boolean') return column.values.includes(MISSING_BOOLEAN);
  if (column.type === 'numeric') return column.values.some((v) => v !== v);
  return false;
}

function fitImpute(frame: Frame, options: ImputeOptions): ImputeModel {
  const columns = selectColumns(frame, options, ['numeric', 'categorical', 'boolean'], ['numeric', 'categorical', 'boolean'], STEP);
  const kinds: Kind[] = [];
  const indicator: boolean[] = [];
  const fillLevels: string[] = [];
  const fill = new Float64Array(columns.length).fill(Number.NaN);
  columns.forEach((name, j) => {
    const column = frame.column(name);
    indicator.push(options.addIndicator && hasMissing(column));
    if (column.type === 'numeric') {
      kinds.push('numeric');
      fillLevels.push('');
      fill[j] = numericFill(column.values, options);
    } else if (column.type === 'boolean') {
      kinds.push('boolean');
      fillLevels.push('');
      let ones = 0;
      let zeros = 0;
      for (let i = 0; i < column.values.length; i++) {
        if (column.values[i] === 1) ones++;
        else if (column.values[i] === 0) zeros++;
      }
      fill[j] = options.categorical === 'constant' ? (options.fillValue !== 0 ? 1 : 0) : ones > zeros ? 1 : 0;
    } else if (column.type === 'categorical') {
      kinds.push('categorical');
      let level = options.fillLevel;
      if (options.categorical === 'most-frequent') {
        const counts = codeCounts(column.codes, column.levels.length);
        let bestCount = 0;
        for (let c = 0; c < counts.length; c++) {
          const count = counts[c] as number;
          const name = column.levels[c] as string;
          if (count > bestCount || (count === bestCount && count > 0 && compareStrings(name, level) < 0)) {
            bestCount = count;
            level = name;
          }
        }
      }
      fillLevels.push(level);
    }
  });
  return { columns, kinds, indicator, fillLevels, fill };
}

function indicatorColumn(name: string, column: Column): Column {
  const n = column.type === 'categorical' ? column.codes.length : column.values.length;
  const out = new Float64Array(n);
  if (column.type === 'categorical') for (let i = 0; i < n; i++) out[i] = column.codes[i] === MISSING_CODE ? 1 : 0;
  else if (column.type === 'boolean') for (let i = 0; i < n; i++) out[i] = column.values[i] === MISSING_BOOLEAN ? 1 : 0;
  else if (column.type === 'numeric') for (let i = 0; i < n; i++) out[i] = column.values[i] !== column.values[i] ? 1 : 0;
  return numericColumn(`${name}.missing`, out);
}

class FittedImpute implements FittedTransformer {
  readonly id = STEP;
  readonly inputs: readonly string[];
  readonly #model: ImputeModel;

  constructor(model: ImputeModel) {
    this.#model = model;
    this.inputs = model.columns;
  }

  transform(frame: Frame): Frame {
    const m = this.#model;
    const replacements = new Map<string, Column[]>();
    m.columns.forEach((name, j) => {
      const kind = m.kinds[j] as Kind;
      const fill = m.fill[j] as number;
      let filled: Column;
      let original: Column;
      if (kind === 'numeric') {
        const column = columnOfType(frame, name, 'numeric', STEP);
        original = column;
        const out = Float64Array.from(column.values);
        for (let i = 0; i < out.length; i++) if (out[i] !== out[i]) out[i] = fill;
        filled = numericColumn(name, out);
      } else if (kind === 'boolean') {
        const column = columnOfType(frame, name, 'boolean', STEP);
        original = column;
        const out = Uint8Array.from(column.values);
        for (let i = 0; i < out.length; i++) if (out[i] === MISSING_BOOLEAN) out[i] = fill;
        filled = Object.freeze({ name, type: 'boolean' as const, values: out });
      } else {
        const column = columnOfType(frame, name, 'categorical', STEP);
        original = column;
        const level = m.fillLevels[j] as string;
        let code = column.levels.indexOf(level);
        const levels = code >= 0 ? column.levels : [...column.levels, level];
        if (code < 0) code = column.levels.length;
        const out = Int32Array.from(column.codes);
        for (let i = 0; i < out.length; i++) if (out[i] === MISSING_CODE) out[i] = code;
        filled = Object.freeze({ name, type: 'categorical' as const, codes: out, levels: Object.freeze(levels) });
      }
      replacements.set(name, m.indicator[j] === true ? [filled, indicatorColumn(name, original)] : [filled]);
    });
    return replaceColumns(frame, replacements);
  }

  toState(): TransformerState {
    const m = this.#model;
    return {
      id: STEP,
      formatVersion: FORMAT_VERSION,
      meta: { columns: [...m.columns], kinds: [...m.kinds], indicator: [...m.indicator], fillLevels: [...m.fillLevels] },
      arrays: { fill: Float64Array.from(m.fill) },
    };
  }
}

const metaSchema = z
  .object({
    columns: z.array(z.string()),
    kinds: z.array(z.enum(['numeric', 'categorical', 'boolean'])),
    indicator: z.array(z.boolean()),
    fillLevels: z.array(z.string()),
  })
  .strict()
  .refine(
    (m) => m.kinds.length === m.columns.length && m.indicator.length === m.columns.length && m.fillLevels.length === m.columns.length,
    {
      message: 'kinds, indicator and fillLevels need one entry per column',
    },
  );

/**
 * `impute`: fills missing values with statistics of the training rows (sklearn `SimpleImputer` semantics) and
 * optionally adds missing-value indicators. Numeric: mean / median / most-frequent / constant; categorical and
 * boolean: most-frequent / constant. Datetime and text columns are not imputed (expand or hash them first).
 */
export const imputeStep = defineTransformer<ImputeOptions>({
  id: STEP,
  title: 'Impute missing values',
  description: 'Fills missing values with the training mean, median, most frequent value or a constant; optional missing indicators.',
  options: imputeOptionsSchema,
  supervised: false,
  fit(frame, options) {
    const fitted = new FittedImpute(fitImpute(frame, options));
    return { fitted, output: fitted.transform(frame) };
  },
  load(state) {
    const meta = readStateMeta(state, STEP, FORMAT_VERSION, metaSchema);
    const fill = readStateArray(state, 'fill', Float64Array, meta.columns.length);
    return new FittedImpute({ ...meta, fill: Float64Array.from(fill) });
  },
});
