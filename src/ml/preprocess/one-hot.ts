import { z } from 'zod';

import { MISSING_CODE } from '../../data/index.js';
import type { Column, Frame } from '../../data/index.js';
import {
  codeCounts,
  columnOfType,
  compareStrings,
  levelMap,
  numericColumn,
  replaceColumns,
  selectColumns,
  selectorShape,
} from './columns.js';
import { defineTransformer, readStateMeta } from './transformer.js';
import type { FittedTransformer, TransformerState } from './transformer.js';

const FORMAT_VERSION = 1;
const STEP = 'one-hot';
/** Level name of the bucket of rare (and, with `unseen: 'other'`, unseen) levels. */
export const OTHER_LEVEL = '__other__';
/** Level name of the missing-value indicator column. */
export const MISSING_LEVEL = '__missing__';

/** Options of the `one-hot` step. */
export const oneHotOptionsSchema = z
  .object({
    ...selectorShape,
    /**
     * Levels seen fewer times than this in training go to `__other__`: an integer ≥ 1 is a count, a number in
     * (0, 1) a fraction of the training rows (sklearn `min_frequency`).
     */
    minFrequency: z
      .number()
      .positive()
      .refine((v) => v < 1 || Number.isInteger(v), { message: 'use an integer count ≥ 1 or a fraction in (0, 1)' })
      .optional(),
    /** At most this many output columns per feature, `__other__` included (sklearn `max_categories`); ≥ 2. */
    maxLevels: z.number().int().min(2).optional(),
    /** A level never seen in training: all-zero row (`zeros`) or the `__other__` column (always created). */
    unseen: z.enum(['zeros', 'other']).default('zeros'),
    /** A missing value: its own `__missing__` column (created when training had missing values) or all zeros. */
    missing: z.enum(['indicator', 'zeros']).default('indicator'),
  })
  .strict();
export type OneHotOptions = z.output<typeof oneHotOptionsSchema>;

interface OneHotColumn {
  readonly name: string;
  /** Levels that get their own column, sorted. */
  readonly kept: readonly string[];
  /** Training levels bucketed into `__other__`, sorted. */
  readonly rare: readonly string[];
  readonly other: boolean;
  readonly missing: boolean;
}

interface OneHotModel {
  readonly unseen: 'zeros' | 'other';
  readonly columns: readonly OneHotColumn[];
}

function fitColumn(frame: Frame, name: string, options: OneHotOptions): OneHotColumn {
  const column = columnOfType(frame, name, 'categorical', STEP);
  const counts = codeCounts(column.codes, column.levels.length);
  const present: Array<{ level: string; count: number }> = [];
  for (let c = 0; c < counts.length; c++)
    if ((counts[c] as number) > 0) present.push({ level: column.levels[c] as string, count: counts[c] as number });
  present.sort((a, b) => compareStrings(a.level, b.level));
  const threshold =
    options.minFrequency === undefined ? 0 : options.minFrequency < 1 ? options.minFrequency * frame.rowCount : options.minFrequency;
  const rareSet = new Set(present.filter((p) => p.count < threshold).map((p) => p.level));
  let frequent = present.filter((p) => !rareSet.has(p.level));
  const hasOther = rareSet.size > 0 || options.unseen === 'other';
  if (options.maxLevels !== undefined && frequent.length + (hasOther ? 1 : 0) > options.maxLevels) {
    // keep the (maxLevels − 1) most frequent; ties keep the later name, as sklearn's stable ascending argsort does
    const ranked = [...frequent].sort((a, b) => a.count - b.count || compareStrings(a.level, b.level));
    const keep = new Set(ranked.slice(ranked.length - (options.maxLevels - 1)).map((p) => p.level));
    for (const p of frequent) if (!keep.has(p.level)) rareSet.add(p.level);
    frequent = frequent.filter((p) => keep.has(p.level));
  }
  const missing = options.missing === 'indicator' && column.codes.includes(MISSING_CODE);
  return {
    name,
    kept: frequent.map((p) => p.level),
    rare: [...rareSet].sort(compareStrings),
    other: rareSet.size > 0 || options.unseen === 'other',
    missing,
  };
}

class FittedOneHot implements FittedTransformer {
  readonly id = STEP;
  readonly inputs: readonly string[];
  readonly #model: OneHotModel;

  constructor(model: OneHotModel) {
    this.#model = model;
    this.inputs = model.columns.map((c) => c.name);
  }

  /** Output column names, in order (`color=red`, …, `color=__other__`, `color=__missing__`). */
  outputNames(): string[] {
    return this.#model.columns.flatMap((c) => names(c));
  }

  transform(frame: Frame): Frame {
    const replacements = new Map<string, Column[]>();
    for (const spec of this.#model.columns) {
      const column = columnOfType(frame, spec.name, 'categorical', STEP);
      const n = column.codes.length;
      const k = spec.kept.length;
      const otherIndex = spec.other ? k : -1;
      const missingIndex = spec.missing ? k + (spec.other ? 1 : 0) : -1;
      // output index of each input code: kept level, rare or unseen → other (or none), computed once per level
      const map = levelMap(column.levels, spec.kept);
      const rare = new Set(spec.rare);
      for (let c = 0; c < map.length; c++) {
        if ((map[c] as number) >= 0) continue;
        const isRare = rare.has(column.levels[c] as string);
        map[c] = isRare || this.#model.unseen === 'other' ? otherIndex : -1;
      }
      const outputs = names(spec).map(() => new Float64Array(n));
      for (let i = 0; i < n; i++) {
        const code = column.codes[i] as number;
        const target = code === MISSING_CODE ? missingIndex : (map[code] as number);
        if (target >= 0) (outputs[target] as Float64Array)[i] = 1;
      }
      replacements.set(
        spec.name,
        names(spec).map((name, j) => numericColumn(name, outputs[j] as Float64Array)),
      );
    }
    return replaceColumns(frame, replacements);
  }

  toState(): TransformerState {
    return {
      id: STEP,
      formatVersion: FORMAT_VERSION,
      meta: {
        unseen: this.#model.unseen,
        columns: this.#model.columns.map((c) => ({
          name: c.name,
          kept: [...c.kept],
          rare: [...c.rare],
          other: c.other,
          missing: c.missing,
        })),
      },
      arrays: {},
    };
  }
}

function names(spec: OneHotColumn): string[] {
  const out = spec.kept.map((level) => `${spec.name}=${level}`);
  if (spec.other) out.push(`${spec.name}=${OTHER_LEVEL}`);
  if (spec.missing) out.push(`${spec.name}=${MISSING_LEVEL}`);
  return out;
}

const metaSchema = z
  .object({
    unseen: z.enum(['zeros', 'other']),
    columns: z.array(
      z
        .object({ name: z.string(), kept: z.array(z.string()), rare: z.array(z.string()), other: z.boolean(), missing: z.boolean() })
        .strict(),
    ),
  })
  .strict();

/**
 * `one-hot`: one 0/1 column `name=level` per training level (sorted by name), rare levels bucketed into
 * `name=__other__` (by `minFrequency` and/or `maxLevels`, sklearn `OneHotEncoder` semantics), unseen levels to
 * all zeros or `__other__`, missing values to `name=__missing__` or all zeros. Unlike sklearn, which counts NaN
 * as a category, missing values never count toward `minFrequency`/`maxLevels`. A data level literally named
 * `__other__` or `__missing__` collides with the bucket column (the frame refuses duplicate names).
 */
export const oneHotStep = defineTransformer<OneHotOptions>({
  id: STEP,
  title: 'One-hot encode categorical columns',
  description: 'One indicator column per training level with rare-level bucketing and configurable unseen and missing handling.',
  options: oneHotOptionsSchema,
  supervised: false,
  fit(frame, options) {
    const columns = selectColumns(frame, options, ['categorical'], ['categorical'], STEP).map((name) => fitColumn(frame, name, options));
    const fitted = new FittedOneHot({ unseen: options.unseen, columns });
    return { fitted, output: fitted.transform(frame) };
  },
  load(state) {
    return new FittedOneHot(readStateMeta(state, STEP, FORMAT_VERSION, metaSchema));
  },
});
