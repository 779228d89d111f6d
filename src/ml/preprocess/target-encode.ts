import { z } from 'zod';

import { TrainingDataError } from '../../core/index.js';
import { MISSING_CODE } from '../../data/index.js';
import type { CategoricalColumn, Column, Frame } from '../../data/index.js';
import type { TrainingTarget } from '../learner.js';
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
import { assignFolds } from './folds.js';
import { defineTransformer, readStateArray, readStateMeta } from './transformer.js';
import type { FittedTransformer, TransformerState } from './transformer.js';

const FORMAT_VERSION = 1;
const STEP = 'target-encode';

/** Options of the `target-encode` step. */
export const targetEncodeOptionsSchema = z
  .object({
    ...selectorShape,
    /** m-estimate smoothing: encoding = (Σ target + m · prior) / (count + m). */
    smoothing: z.number().min(0).finite().default(10),
    /** Folds of the out-of-fold encoding of the training rows (seeded by the fit context). */
    folds: z.number().int().min(2).max(100).default(5),
  })
  .strict();
export type TargetEncodeOptions = z.output<typeof targetEncodeOptionsSchema>;

interface EncodedColumn {
  readonly name: string;
  /** Training levels, sorted; row l of `values` belongs to `levels[l]`, the last row to missing values. */
  readonly levels: readonly string[];
  /** `(levels.length + 1) × outputs`, row-major: full-training encodings. */
  readonly values: Float64Array;
}

interface TargetEncodeModel {
  /** Output suffixes: `[""]` for regression/binary, one `=class` per class for multiclass. */
  readonly outputs: readonly string[];
  /** Full-training mean target (the encoding of unseen levels), one per output. */
  readonly prior: Float64Array;
  readonly columns: readonly EncodedColumn[];
}

/** Per-row target vectors, row-major `n × d`: regression y, binary 1[y = 1], multiclass one-hot. */
function targetMatrix(target: TrainingTarget): { d: number; t: Float64Array; suffixes: string[] } {
  if (target.task === 'regression') return { d: 1, t: Float64Array.from(target.y), suffixes: [''] };
  const n = target.y.length;
  if (target.task === 'binary') {
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) t[i] = target.y[i] === 1 ? 1 : 0;
    return { d: 1, t, suffixes: [''] };
  }
  const d = target.classes.length;
  const t = new Float64Array(n * d);
  for (let i = 0; i < n; i++) t[i * d + (target.y[i] as number)] = 1;
  return { d, t, suffixes: target.classes.map((c) => `=${c}`) };
}

/** Sums and counts of the target per bucket (levels + missing), over all rows (`fold` null) or rows with `fold[i] === only`. */
function bucketSums(codes: Int32Array, buckets: number, t: Float64Array, d: number, fold: Int32Array | null, only: number) {
  const sums = new Float64Array(buckets * d);
  const counts = new Float64Array(buckets);
  const total = new Float64Array(d);
  let n = 0;
  for (let i = 0; i < codes.length; i++) {
    if (fold !== null && fold[i] !== only) continue;
    const code = codes[i] as number;
    const b = code === MISSING_CODE ? buckets - 1 : code;
    counts[b] = (counts[b] as number) + 1;
    n++;
    for (let k = 0; k < d; k++) {
      sums[b * d + k] = (sums[b * d + k] as number) + (t[i * d + k] as number);
      total[k] = (total[k] as number) + (t[i * d + k] as number);
    }
  }
  return { sums, counts, total, n };
}

/** Smoothed encoding of one bucket: (sum + m·prior) / (count + m); prior when the bucket is empty. */
function encode(sum: number, count: number, prior: number, m: number): number {
  return count === 0 ? prior : (sum + m * prior) / (count + m);
}

function fitColumn(column: CategoricalColumn, t: Float64Array, d: number, options: TargetEncodeOptions, fold: Int32Array) {
  const buckets = column.levels.length + 1;
  const n = column.codes.length;
  const all = bucketSums(column.codes, buckets, t, d, null, 0);
  // out-of-fold encodings of the training rows: statistics of the other folds = all − this fold
  const oof = new Float64Array(n * d);
  for (let f = 0; f < options.folds; f++) {
    const inFold = bucketSums(column.codes, buckets, t, d, fold, f);
    const restN = all.n - inFold.n;
    if (inFold.n === 0) continue;
    for (let i = 0; i < n; i++) {
      if (fold[i] !== f) continue;
      const code = column.codes[i] as number;
      const b = code === MISSING_CODE ? buckets - 1 : code;
      const count = (all.counts[b] as number) - (inFold.counts[b] as number);
      for (let k = 0; k < d; k++) {
        const prior = ((all.total[k] as number) - (inFold.total[k] as number)) / restN;
        const sum = (all.sums[b * d + k] as number) - (inFold.sums[b * d + k] as number);
        oof[i * d + k] = encode(sum, count, prior, options.smoothing);
      }
    }
  }
  // full-training encodings per training level (sorted) + missing
  const present = codeCounts(column.codes, column.levels.length);
  const order: number[] = [];
  for (let c = 0; c < present.length; c++) if ((present[c] as number) > 0) order.push(c);
  order.sort((a, b) => compareStrings(column.levels[a] as string, column.levels[b] as string));
  const levels = order.map((c) => column.levels[c] as string);
  const values = new Float64Array((levels.length + 1) * d);
  const rows = [...order, buckets - 1];
  rows.forEach((b, l) => {
    for (let k = 0; k < d; k++) {
      values[l * d + k] = encode(
        all.sums[b * d + k] as number,
        all.counts[b] as number,
        (all.total[k] as number) / all.n,
        options.smoothing,
      );
    }
  });
  return { encoded: { name: column.name, levels, values } satisfies EncodedColumn, oof };
}

function outputColumns(name: string, suffixes: readonly string[], data: Float64Array, n: number): Column[] {
  const d = suffixes.length;
  return suffixes.map((suffix, k) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = data[i * d + k] as number;
    return numericColumn(`${name}.te${suffix}`, out);
  });
}

class FittedTargetEncode implements FittedTransformer {
  readonly id = STEP;
  readonly inputs: readonly string[];
  readonly #model: TargetEncodeModel;

  constructor(model: TargetEncodeModel) {
    this.#model = model;
    this.inputs = model.columns.map((c) => c.name);
  }

  transform(frame: Frame): Frame {
    const m = this.#model;
    const d = m.outputs.length;
    const replacements = new Map<string, Column[]>();
    for (const spec of m.columns) {
      const column = columnOfType(frame, spec.name, 'categorical', STEP);
      const map = levelMap(column.levels, spec.levels);
      const n = column.codes.length;
      const data = new Float64Array(n * d);
      const missingRow = spec.levels.length;
      for (let i = 0; i < n; i++) {
        const code = column.codes[i] as number;
        const l = code === MISSING_CODE ? missingRow : (map[code] as number);
        for (let k = 0; k < d; k++) data[i * d + k] = l < 0 ? (m.prior[k] as number) : (spec.values[l * d + k] as number);
      }
      replacements.set(spec.name, outputColumns(spec.name, m.outputs, data, n));
    }
    return replaceColumns(frame, replacements);
  }

  toState(): TransformerState {
    const m = this.#model;
    const arrays: Record<string, Float64Array> = { prior: Float64Array.from(m.prior) };
    m.columns.forEach((c, j) => (arrays[`values.${j}`] = Float64Array.from(c.values)));
    return {
      id: STEP,
      formatVersion: FORMAT_VERSION,
      meta: { outputs: [...m.outputs], columns: m.columns.map((c) => ({ name: c.name, levels: [...c.levels] })) },
      arrays,
    };
  }
}

const metaSchema = z
  .object({
    outputs: z.array(z.string()).min(1),
    columns: z.array(z.object({ name: z.string(), levels: z.array(z.string()) }).strict()),
  })
  .strict();

/**
 * `target-encode`: replaces a categorical column by the smoothed mean target of its level (m-estimate with the
 * training mean as prior; missing values are a level of their own; unseen levels get the prior). Regression and
 * binary targets give one column `name.te`; multiclass one column `name.te=<class>` per class. The training rows
 * are encoded OUT OF FOLD (k seeded folds: a row's value uses only the other folds' targets, never its own);
 * every later transform uses the full-training statistics. Sample weights are not used.
 * @throws MLP_ML_BAD_TRAINING_DATA when fitted without a target or on fewer rows than folds.
 */
export const targetEncodeStep = defineTransformer<TargetEncodeOptions>({
  id: STEP,
  title: 'Target-encode categorical columns',
  description: 'Smoothed mean target per level, out-of-fold on the training rows to avoid target leakage.',
  options: targetEncodeOptionsSchema,
  supervised: true,
  fit(frame, options, context) {
    const target = context.target;
    if (target === undefined)
      throw TrainingDataError({ problem: 'target-encode needs the training target; fit it inside a pipeline or pass context.target' });
    if (target.y.length !== frame.rowCount)
      throw TrainingDataError({ problem: `target has ${target.y.length} rows but the frame has ${frame.rowCount}` });
    if (frame.rowCount < options.folds)
      throw TrainingDataError({
        problem: `target-encode needs at least ${options.folds} training rows (one per fold), got ${frame.rowCount}`,
      });
    const { d, t, suffixes } = targetMatrix(target);
    const fold = assignFolds(frame.rowCount, options.folds, context.seed);
    const names = selectColumns(frame, options, ['categorical'], ['categorical'], STEP);
    const prior = new Float64Array(d);
    for (let i = 0; i < frame.rowCount; i++) for (let k = 0; k < d; k++) prior[k] = (prior[k] as number) + (t[i * d + k] as number);
    for (let k = 0; k < d; k++) prior[k] = (prior[k] as number) / frame.rowCount;
    const columns: EncodedColumn[] = [];
    const replacements = new Map<string, Column[]>();
    for (const name of names) {
      const { encoded, oof } = fitColumn(columnOfType(frame, name, 'categorical', STEP), t, d, options, fold);
      columns.push(encoded);
      replacements.set(name, outputColumns(name, suffixes, oof, frame.rowCount));
    }
    return { fitted: new FittedTargetEncode({ outputs: suffixes, prior, columns }), output: replaceColumns(frame, replacements) };
  },
  load(state) {
    const meta = readStateMeta(state, STEP, FORMAT_VERSION, metaSchema);
    const d = meta.outputs.length;
    return new FittedTargetEncode({
      outputs: meta.outputs,
      prior: Float64Array.from(readStateArray(state, 'prior', Float64Array, d)),
      columns: meta.columns.map((c, j) => ({
        ...c,
        values: Float64Array.from(readStateArray(state, `values.${j}`, Float64Array, (c.levels.length + 1) * d)),
      })),
    });
  },
});
