import { z } from 'zod';

import type { Column, Frame } from '../../data/index.js';
import { columnOfType, numericColumn, replaceColumns, selectColumns, selectorShape } from './columns.js';
import { defineTransformer, readStateMeta } from './transformer.js';
import type { FittedTransformer, TransformerState } from './transformer.js';

const FORMAT_VERSION = 1;
const STEP = 'datetime';
const DAY_MS = 86_400_000;
/** Days of a non-leap year before the first of each month. */
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334] as const;

/** Calendar parts the `datetime` step can extract (all in UTC). */
export const DATETIME_PARTS = ['year', 'month', 'day', 'weekday', 'hour', 'minute', 'dayofyear'] as const;
export type DatetimePart = (typeof DATETIME_PARTS)[number];

/** Period of the parts that get sin/cos companions when `cyclic` is on. */
const CYCLES: Partial<Record<DatetimePart, number>> = { month: 12, weekday: 7, hour: 24 };

/** Options of the `datetime` step. */
export const datetimeOptionsSchema = z
  .object({
    ...selectorShape,
    /** Parts to extract, in output order: month 1–12, day 1–31, weekday 0 = Monday … 6 = Sunday, hour 0–23, dayofyear 1–366. */
    parts: z.array(z.enum(DATETIME_PARTS)).min(1).default(['year', 'month', 'day', 'weekday', 'hour']),
    /** Adds `<part>_sin` / `<part>_cos` after month (period 12), weekday (7) and hour (24). */
    cyclic: z.boolean().default(true),
  })
  .strict();
export type DatetimeOptions = z.output<typeof datetimeOptionsSchema>;

/**
 * Calendar fields of an instant in UTC without allocating a Date (days-from-civil inverse, H. Hinnant's
 * algorithm), written into `out` as [year, month, day, weekday (Mon = 0), hour, minute, dayofyear].
 */
export function utcParts(ms: number, out: Float64Array): void {
  const days = Math.floor(ms / DAY_MS);
  const msOfDay = ms - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  out[0] = year;
  out[1] = month;
  out[2] = day;
  out[3] = (((days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (Monday = 0)
  out[4] = Math.floor(msOfDay / 3_600_000);
  out[5] = Math.floor((msOfDay % 3_600_000) / 60_000);
  out[6] = (DAYS_BEFORE_MONTH[month - 1] as number) + day + (leap && month > 2 ? 1 : 0);
}

interface DatetimeModel {
  readonly columns: readonly string[];
  readonly parts: readonly DatetimePart[];
  readonly cyclic: boolean;
}

/** Output name suffixes in order, e.g. `year`, `month`, `month_sin`, `month_cos`. */
function suffixes(model: DatetimeModel): string[] {
  return model.parts.flatMap((p) => (model.cyclic && CYCLES[p] !== undefined ? [p, `${p}_sin`, `${p}_cos`] : [p]));
}

class FittedDatetime implements FittedTransformer {
  readonly id = STEP;
  readonly inputs: readonly string[];
  readonly #model: DatetimeModel;

  constructor(model: DatetimeModel) {
    this.#model = model;
    this.inputs = model.columns;
  }

  transform(frame: Frame): Frame {
    const m = this.#model;
    const names = suffixes(m);
    // per output: which calendar part, and 0 = the value, 1 = sin, 2 = cos of its cycle (decided once, not per row)
    const partIndex = Int32Array.from(names, (s) => DATETIME_PARTS.indexOf(s.replace(/_(sin|cos)$/, '') as DatetimePart));
    const form = Int32Array.from(names, (s) => (s.endsWith('_sin') ? 1 : s.endsWith('_cos') ? 2 : 0));
    // month counts from 1, weekday and hour from 0
    const start = Float64Array.from(partIndex, (p) => (DATETIME_PARTS[p] === 'month' ? 1 : 0));
    const step = Float64Array.from(partIndex, (p) => (2 * Math.PI) / (CYCLES[DATETIME_PARTS[p] as DatetimePart] ?? 1));
    const replacements = new Map<string, Column[]>();
    const parts = new Float64Array(DATETIME_PARTS.length);
    for (const name of m.columns) {
      const values = columnOfType(frame, name, 'datetime', STEP).values;
      const n = values.length;
      const outputs = names.map(() => new Float64Array(n));
      for (let i = 0; i < n; i++) {
        const ms = values[i] as number;
        if (ms !== ms) {
          for (const out of outputs) out[i] = Number.NaN;
          continue;
        }
        utcParts(ms, parts);
        for (let k = 0; k < outputs.length; k++) {
          const v = parts[partIndex[k] as number] as number;
          const f = form[k];
          const out = outputs[k] as Float64Array;
          if (f === 0) out[i] = v;
          else {
            const angle = (v - (start[k] as number)) * (step[k] as number);
            out[i] = f === 1 ? Math.sin(angle) : Math.cos(angle);
          }
        }
      }
      replacements.set(
        name,
        names.map((s, k) => numericColumn(`${name}.${s}`, outputs[k] as Float64Array)),
      );
    }
    return replaceColumns(frame, replacements);
  }

  toState(): TransformerState {
    const m = this.#model;
    return {
      id: STEP,
      formatVersion: FORMAT_VERSION,
      meta: { columns: [...m.columns], parts: [...m.parts], cyclic: m.cyclic },
      arrays: {},
    };
  }
}

const metaSchema = z.object({ columns: z.array(z.string()), parts: z.array(z.enum(DATETIME_PARTS)), cyclic: z.boolean() }).strict();

/**
 * `datetime`: expands each datetime column into numeric calendar parts in UTC (`date.year`, `date.month`, …)
 * plus sin/cos encodings of month, weekday and hour (`date.month_sin`, …) so December sits next to January.
 * Missing instants give missing parts. Nothing is learned beyond the column list.
 */
export const datetimeStep = defineTransformer<DatetimeOptions>({
  id: STEP,
  title: 'Expand datetime columns',
  description: 'Year, month, day, weekday, hour (UTC) and cyclic sin/cos encodings of datetime columns.',
  options: datetimeOptionsSchema,
  supervised: false,
  fit(frame, options) {
    const columns = selectColumns(frame, options, ['datetime'], ['datetime'], STEP);
    const fitted = new FittedDatetime({ columns, parts: options.parts, cyclic: options.cyclic });
    return { fitted, output: fitted.transform(frame) };
  },
  load(state) {
    return new FittedDatetime(readStateMeta(state, STEP, FORMAT_VERSION, metaSchema));
  },
});
