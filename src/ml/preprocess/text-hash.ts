import { z } from 'zod';

import type { Column, Frame } from '../../data/index.js';
import { columnOfType, numericColumn, replaceColumns, selectColumns, selectorShape } from './columns.js';
import { murmur3 } from './murmur3.js';
import { defineTransformer, readStateMeta } from './transformer.js';
import type { FittedTransformer, TransformerState } from './transformer.js';

const FORMAT_VERSION = 1;
const STEP = 'text-hash';

/** Word tokens: runs of two or more letters, digits or underscores (sklearn's default `(?u)\b\w\w+\b`). */
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** Options of the `text-hash` step. */
export const textHashOptionsSchema = z
  .object({
    ...selectorShape,
    /** Number of hash buckets = output columns per text column. */
    buckets: z
      .number()
      .int()
      .min(1)
      .max(1 << 20)
      .default(256),
    /** 1 when any token fell into the bucket instead of the token count. */
    binary: z.boolean().default(false),
    /** Sign trick: add −1 instead of +1 when the hash is negative, so collisions cancel on average. */
    alternateSign: z.boolean().default(false),
    lowercase: z.boolean().default(true),
  })
  .strict();
export type TextHashOptions = z.output<typeof textHashOptionsSchema>;

interface TextHashModel {
  readonly columns: readonly string[];
  readonly buckets: number;
  readonly binary: boolean;
  readonly alternateSign: boolean;
  readonly lowercase: boolean;
}

/**
 * Hashed bag of words of one text into `out` (row `i` of `buckets` columns): token h = murmur3_32(token, seed 0)
 * as a signed integer, bucket |h| mod buckets, +1 (or −1 when h < 0 and `alternateSign`), then 1 for every
 * touched bucket when `binary`. Identical to sklearn `HashingVectorizer(norm=None)` with the same flags.
 */
function hashText(text: string, model: TextHashModel, outputs: readonly Float64Array[], i: number): void {
  const source = model.lowercase ? text.toLowerCase() : text;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(source); match !== null; match = TOKEN.exec(source)) {
    const h = murmur3(match[0], 0);
    const bucket = Math.abs(h) % model.buckets;
    const out = outputs[bucket] as Float64Array;
    if (model.binary) out[i] = 1;
    else out[i] = (out[i] as number) + (model.alternateSign && h < 0 ? -1 : 1);
  }
}

class FittedTextHash implements FittedTransformer {
  readonly id = STEP;
  readonly inputs: readonly string[];
  readonly #model: TextHashModel;

  constructor(model: TextHashModel) {
    this.#model = model;
    this.inputs = model.columns;
  }

  transform(frame: Frame): Frame {
    const m = this.#model;
    const replacements = new Map<string, Column[]>();
    for (const name of m.columns) {
      const values = columnOfType(frame, name, 'text', STEP).values;
      const outputs = Array.from({ length: m.buckets }, () => new Float64Array(values.length));
      for (let i = 0; i < values.length; i++) {
        const text = values[i];
        if (text !== null && text !== undefined) hashText(text, m, outputs, i);
      }
      replacements.set(
        name,
        outputs.map((out, k) => numericColumn(`${name}.hash_${k}`, out)),
      );
    }
    return replaceColumns(frame, replacements);
  }

  toState(): TransformerState {
    const m = this.#model;
    return {
      id: STEP,
      formatVersion: FORMAT_VERSION,
      meta: { columns: [...m.columns], buckets: m.buckets, binary: m.binary, alternateSign: m.alternateSign, lowercase: m.lowercase },
      arrays: {},
    };
  }
}

const metaSchema = z
  .object({
    columns: z.array(z.string()),
    buckets: z
      .number()
      .int()
      .min(1)
      .max(1 << 20),
    binary: z.boolean(),
    alternateSign: z.boolean(),
    lowercase: z.boolean(),
  })
  .strict();

/**
 * `text-hash`: hashed bag of words of text columns (`review.hash_0` … `review.hash_<buckets−1>`), the hashing
 * trick of sklearn's `HashingVectorizer` (murmur3 x86 32-bit, seed 0, UTF-8 bytes, |h| mod buckets, optional sign
 * trick, counts or binary, no normalisation). Stateless apart from its options: no vocabulary is learned, so
 * unseen words need no special handling. A missing text gives an all-zero row.
 */
export const textHashStep = defineTransformer<TextHashOptions>({
  id: STEP,
  title: 'Hash text into a bag of words',
  description: 'Lower-cased word tokens hashed with murmur3 into a fixed number of count (or binary) columns.',
  options: textHashOptionsSchema,
  supervised: false,
  fit(frame, options) {
    const columns = selectColumns(frame, options, ['text'], ['text'], STEP);
    const fitted = new FittedTextHash({
      columns,
      buckets: options.buckets,
      binary: options.binary,
      alternateSign: options.alternateSign,
      lowercase: options.lowercase,
    });
    return { fitted, output: fitted.transform(frame) };
  },
  load(state) {
    return new FittedTextHash(readStateMeta(state, STEP, FORMAT_VERSION, metaSchema));
  },
});
