import { z } from 'zod';

import type { Column, Frame } from '../../data/index.js';
import { columnOfType, numericColumn, replaceColumns, selectColumns, selectorShape } from './columns.js';
import { sortedPresent } from './impute.js';
import { defineTransformer, readStateArray, readStateMeta } from './transformer.js';
import type { FittedTransformer, TransformerState } from './transformer.js';

const FORMAT_VERSION = 1;
const STEP = 'scale';

/** Options of the `scale` step. */
export const scaleOptionsSchema = z
  .object({
    ...selectorShape,
    /**
     * `standard`: (x − mean) / std (population std); `robust`: (x − median) / (q_hi − q_lo); `min-max`:
     * x · s + m mapping the training [min, max] onto `range`.
     */
    method: z.enum(['standard', 'robust', 'min-max']).default('standard'),
    /** Percentiles of the robust scale (sklearn `quantile_range`). */
    quantileRange: z.tuple([z.number().min(0).max(100), z.number().min(0).max(100)]).default([25, 75]),
    /** Target range of min-max scaling (sklearn `feature_range`). */
    range: z.tuple([z.number().finite(), z.number().finite()]).default([0, 1]),
  })
  .strict()
  .refine((o) => o.quantileRange[0] < o.quantileRange[1], { message: 'quantileRange must be increasing', path: ['quantileRange'] })
  .refine((o) => o.range[0] < o.range[1], { message: 'range must be increasing', path: ['range'] });
export type ScaleOptions = z.output<typeof scaleOptionsSchema>;

type Method = ScaleOptions['method'];

/**
 * Percentile `p` (0..100) of ascending NaN-free values with numpy's default linear interpolation, computed the
 * way numpy's `_lerp` does so the result matches `np.percentile` bit for bit.
 */
export function percentileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = ((n - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const t = pos - lo;
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

interface ScaleModel {
  readonly method: Method;
  readonly columns: readonly string[];
  /** standard/robust: subtracted centre; min-max: added offset (sklearn `min_`). */
  readonly shift: Float64Array;
  /** standard/robust: divisor; min-max: multiplier. */
  readonly factor: Float64Array;
}

function fitScale(frame: Frame, options: ScaleOptions): ScaleModel {
  const columns = selectColumns(frame, options, ['numeric'], ['numeric'], STEP);
  const shift = new Float64Array(columns.length);
  const factor = new Float64Array(columns.length).fill(1);
  columns.forEach((name, j) => {
    const values = columnOfType(frame, name, 'numeric', STEP).values;
    const sorted = sortedPresent(values);
    const n = sorted.length;
    if (n === 0) return; // identity: nothing to learn from
    if (options.method === 'standard') {
      // sums in row order, like numpy, so results match sklearn closely
      let sum = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === values[i]) sum += values[i] as number;
      const mean = sum / n;
      let ss = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === values[i]) ss += ((values[i] as number) - mean) ** 2;
      const std = Math.sqrt(ss / n);
      shift[j] = mean;
      factor[j] = std === 0 ? 1 : std;
    } else if (options.method === 'robust') {
      const iqr = percentileSorted(sorted, options.quantileRange[1]) - percentileSorted(sorted, options.quantileRange[0]);
      shift[j] = percentileSorted(sorted, 50);
      factor[j] = iqr === 0 ? 1 : iqr;
    } else {
      const min = sorted[0] as number;
      const range = (sorted[n - 1] as number) - min;
      const [a, b] = options.range;
      const scale = (b - a) / (range === 0 ? 1 : range);
      factor[j] = scale;
      shift[j] = a - min * scale;
    }
  });
  return { method: options.method, columns, shift, factor };
}

class FittedScale implements FittedTransformer {
  readonly id = STEP;
  readonly inputs: readonly string[];
  readonly #model: ScaleModel;

  constructor(model: ScaleModel) {
    this.#model = model;
    this.inputs = model.columns;
  }

  transform(frame: Frame): Frame {
    const m = this.#model;
    const replacements = new Map<string, Column[]>();
    m.columns.forEach((name, j) => {
      const src = columnOfType(frame, name, 'numeric', STEP).values;
      const out = new Float64Array(src.length);
      const shift = m.shift[j] as number;
      const factor = m.factor[j] as number;
      if (m.method === 'min-max') for (let i = 0; i < src.length; i++) out[i] = (src[i] as number) * factor + shift;
      else for (let i = 0; i < src.length; i++) out[i] = ((src[i] as number) - shift) / factor;
      replacements.set(name, [numericColumn(name, out)]);
    });
    return replaceColumns(frame, replacements);
  }

  toState(): TransformerState {
    const m = this.#model;
    return {
      id: STEP,
      formatVersion: FORMAT_VERSION,
      meta: { method: m.method, columns: [...m.columns] },
      arrays: { shift: Float64Array.from(m.shift), factor: Float64Array.from(m.factor) },
    };
  }
}

const metaSchema = z.object({ method: z.enum(['standard', 'robust', 'min-max']), columns: z.array(z.string()) }).strict();

/**
 * `scale`: standard, robust (median / IQR) or min-max scaling of numeric columns with statistics of the training
 * rows (sklearn `StandardScaler`, `RobustScaler`, `MinMaxScaler` semantics: population std, numpy linear
 * percentiles, a zero spread scales by 1). Missing values are ignored when fitting and stay missing.
 */
export const scaleStep = defineTransformer<ScaleOptions>({
  id: STEP,
  title: 'Scale numeric columns',
  description: 'Standard (z-score), robust (median and interquartile range) or min-max scaling fitted on training rows.',
  options: scaleOptionsSchema,
  supervised: false,
  fit(frame, options) {
    const fitted = new FittedScale(fitScale(frame, options));
    return { fitted, output: fitted.transform(frame) };
  },
  load(state) {
    const meta = readStateMeta(state, STEP, FORMAT_VERSION, metaSchema);
    const n = meta.columns.length;
    return new FittedScale({
      method: meta.method,
      columns: meta.columns,
      shift: Float64Array.from(readStateArray(state, 'shift', Float64Array, n)),
      factor: Float64Array.from(readStateArray(state, 'factor', Float64Array, n)),
    });
  },
});
