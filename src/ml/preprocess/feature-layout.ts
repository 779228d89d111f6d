import { z } from 'zod';

import { TrainingDataError } from '../../core/index.js';
import { MISSING_BOOLEAN } from '../../data/index.js';
import type { Frame } from '../../data/index.js';
import type { FeatureMatrix } from '../matrix.js';
import { featureMatrix } from '../matrix.js';
import { codeCounts, columnOfType, levelMap } from './columns.js';
import { readStateMeta } from './transformer.js';
import type { TransformerState } from './transformer.js';

const FORMAT_VERSION = 1;
const STEP = 'feature-layout';

/**
 * How the preprocessed frame becomes the learner's {@link FeatureMatrix}, fixed on the training frame: column
 * names and kinds, and for categorical columns the level list whose index is the code: the training column's
 * levels in its own order (an `ordinal` step's order, or the reader's first-appearance order), minus levels no
 * training row has. Numeric columns pass as they are, booleans as 0/1, categorical columns as codes flagged
 * categorical; later frames are mapped by level NAME, and a level outside the list becomes NaN.
 */
export interface FeatureLayout {
  readonly names: readonly string[];
  readonly kinds: ReadonlyArray<'numeric' | 'boolean' | 'categorical'>;
  /** Level list per column (empty for numeric and boolean columns). */
  readonly levels: ReadonlyArray<readonly string[]>;
}

/**
 * The layout of a preprocessed training frame.
 * @throws MLP_ML_BAD_TRAINING_DATA for a datetime or text column left unencoded, naming the step that fixes it.
 */
export function fitFeatureLayout(frame: Frame): FeatureLayout {
  const kinds: Array<'numeric' | 'boolean' | 'categorical'> = [];
  const levels: string[][] = [];
  for (const column of frame.columns) {
    if (column.type === 'datetime')
      throw TrainingDataError({ field: column.name, problem: 'a datetime column reached the learner; add a "datetime" step or drop it' });
    if (column.type === 'text')
      throw TrainingDataError({ field: column.name, problem: 'a text column reached the learner; add a "text-hash" step or drop it' });
    kinds.push(column.type);
    if (column.type === 'categorical') {
      const counts = codeCounts(column.codes, column.levels.length);
      levels.push(column.levels.filter((_, c) => (counts[c] as number) > 0));
    } else levels.push([]);
  }
  return { names: [...frame.columnNames], kinds, levels };
}

/**
 * The feature matrix of a preprocessed frame, laid out like training.
 * @throws MLP_DATA_UNKNOWN_COLUMN / MLP_ML_INPUT_TYPE when the frame does not match the layout.
 */
export function toFeatureMatrix(frame: Frame, layout: FeatureLayout): FeatureMatrix {
  const columns = layout.names.map((name, j) => {
    const kind = layout.kinds[j];
    const out = new Float64Array(frame.rowCount);
    if (kind === 'numeric') out.set(columnOfType(frame, name, 'numeric', STEP).values);
    else if (kind === 'boolean') {
      const values = columnOfType(frame, name, 'boolean', STEP).values;
      for (let i = 0; i < out.length; i++) out[i] = values[i] === MISSING_BOOLEAN ? Number.NaN : (values[i] as number);
    } else {
      const column = columnOfType(frame, name, 'categorical', STEP);
      const map = levelMap(column.levels, layout.levels[j] as readonly string[]);
      for (let i = 0; i < out.length; i++) {
        const code = column.codes[i] as number;
        const mapped = code < 0 ? -1 : (map[code] as number);
        out[i] = mapped < 0 ? Number.NaN : mapped;
      }
    }
    return out;
  });
  return featureMatrix(columns, { names: layout.names, categorical: layout.kinds.map((k) => k === 'categorical') });
}

/** The layout as plain JSON. */
export function featureLayoutToState(layout: FeatureLayout): TransformerState {
  return {
    id: STEP,
    formatVersion: FORMAT_VERSION,
    meta: { names: [...layout.names], kinds: [...layout.kinds], levels: layout.levels.map((l) => [...l]) },
    arrays: {},
  };
}

const metaSchema = z
  .object({
    names: z.array(z.string()),
    kinds: z.array(z.enum(['numeric', 'boolean', 'categorical'])),
    levels: z.array(z.array(z.string())),
  })
  .strict()
  .refine((m) => m.kinds.length === m.names.length && m.levels.length === m.names.length, {
    message: 'kinds and levels need one entry per name',
  });

/** Reads a layout back. @throws MLP_ML_BUNDLE_INVALID when malformed. */
export function loadFeatureLayout(state: TransformerState): FeatureLayout {
  return readStateMeta(state, STEP, FORMAT_VERSION, metaSchema);
}
