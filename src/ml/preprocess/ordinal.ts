import { z } from 'zod';

import type { Column, Frame } from '../../data/index.js';
import { codeCounts, columnOfType, compareStrings, levelMap, replaceColumns, selectColumns, selectorShape } from './columns.js';
import { defineTransformer, readStateMeta } from './transformer.js';
import type { FittedTransformer, TransformerState } from './transformer.js';

const FORMAT_VERSION = 1;
const STEP = 'ordinal';

/** Options of the `ordinal` step. */
export const ordinalOptionsSchema = z
  .object({
    ...selectorShape,
    /** Code order: level names sorted (`lexical`) or most frequent first (`frequency`, ties by name). */
    order: z.enum(['lexical', 'frequency']).default('lexical'),
  })
  .strict();
export type OrdinalOptions = z.output<typeof ordinalOptionsSchema>;

interface OrdinalModel {
  readonly columns: readonly string[];
  /** Training levels per column; a level's code is its index. */
  readonly levels: ReadonlyArray<readonly string[]>;
}

class FittedOrdinal implements FittedTransformer {
  readonly id = STEP;
  readonly inputs: readonly string[];
  readonly #model: OrdinalModel;

  constructor(model: OrdinalModel) {
    this.#model = model;
    this.inputs = model.columns;
  }

  transform(frame: Frame): Frame {
    const replacements = new Map<string, Column[]>();
    this.#model.columns.forEach((name, j) => {
      const levels = this.#model.levels[j] as readonly string[];
      const column = columnOfType(frame, name, 'categorical', STEP);
      const map = levelMap(column.levels, levels);
      const out = new Int32Array(column.codes.length);
      for (let i = 0; i < out.length; i++) {
        const code = column.codes[i] as number;
        out[i] = code < 0 ? -1 : (map[code] as number);
      }
      replacements.set(name, [Object.freeze({ name, type: 'categorical' as const, codes: out, levels })]);
    });
    return replaceColumns(frame, replacements);
  }

  toState(): TransformerState {
    return {
      id: STEP,
      formatVersion: FORMAT_VERSION,
      meta: { columns: [...this.#model.columns], levels: this.#model.levels.map((l) => [...l]) },
      arrays: {},
    };
  }
}

const metaSchema = z
  .object({ columns: z.array(z.string()), levels: z.array(z.array(z.string())) })
  .strict()
  .refine((m) => m.levels.length === m.columns.length, { message: 'levels needs one list per column' });

/**
 * `ordinal`: recodes categorical columns to codes that are stable from training (levels seen in the training
 * rows, sorted by name or by frequency). A level not seen in training becomes missing, which tree learners treat
 * as missing. The output stays categorical, so the feature matrix flags it for learners with native categories.
 */
export const ordinalStep = defineTransformer<OrdinalOptions>({
  id: STEP,
  title: 'Ordinal-encode categorical columns',
  description: 'Stable integer codes learned from the training levels; unseen levels become missing.',
  options: ordinalOptionsSchema,
  supervised: false,
  fit(frame, options) {
    const columns = selectColumns(frame, options, ['categorical'], ['categorical'], STEP);
    const levels = columns.map((name) => {
      const column = columnOfType(frame, name, 'categorical', STEP);
      const counts = codeCounts(column.codes, column.levels.length);
      const present: Array<{ level: string; count: number }> = [];
      for (let c = 0; c < counts.length; c++)
        if ((counts[c] as number) > 0) present.push({ level: column.levels[c] as string, count: counts[c] as number });
      present.sort((a, b) => (options.order === 'frequency' ? b.count - a.count : 0) || compareStrings(a.level, b.level));
      return Object.freeze(present.map((p) => p.level));
    });
    const fitted = new FittedOrdinal({ columns, levels });
    return { fitted, output: fitted.transform(frame) };
  },
  load(state) {
    const meta = readStateMeta(state, STEP, FORMAT_VERSION, metaSchema);
    return new FittedOrdinal({ columns: meta.columns, levels: meta.levels.map((l) => Object.freeze(l)) });
  },
});
