import { z } from 'zod';

import type { Column, Frame } from '../../data/index.js';
import { replaceColumns, selectColumns, selectorShape } from './columns.js';
import { defineTransformer, readStateMeta } from './transformer.js';
import type { FittedTransformer, TransformerState } from './transformer.js';

const FORMAT_VERSION = 1;
const STEP = 'drop';

/** Options of the `drop` step: name the columns, or pick them by type (no default: dropping must be asked for). */
export const dropOptionsSchema = z
  .object(selectorShape)
  .strict()
  .refine((o) => o.columns !== undefined || o.types !== undefined, { message: 'give columns or types to drop' });
export type DropOptions = z.output<typeof dropOptionsSchema>;

class FittedDrop implements FittedTransformer {
  readonly id = STEP;
  readonly inputs: readonly string[];
  readonly optionalInputs = true;

  constructor(columns: readonly string[]) {
    this.inputs = columns;
  }

  /** Removes the columns; absent ones are fine (a dropped column need not be sent at prediction time). */
  transform(frame: Frame): Frame {
    const replacements = new Map<string, Column[]>();
    for (const name of this.inputs) if (frame.has(name)) replacements.set(name, []);
    return replaceColumns(frame, replacements);
  }

  toState(): TransformerState {
    return { id: STEP, formatVersion: FORMAT_VERSION, meta: { columns: [...this.inputs] }, arrays: {} };
  }
}

/** `drop`: removes columns (by name or type, resolved on the training frame). */
export const dropStep = defineTransformer<DropOptions>({
  id: STEP,
  title: 'Drop columns',
  description: 'Removes the selected columns; the model then does not need them at prediction time.',
  options: dropOptionsSchema,
  supervised: false,
  fit(frame, options) {
    const columns = selectColumns(frame, options, [], ['numeric', 'categorical', 'boolean', 'datetime', 'text'], STEP);
    const fitted = new FittedDrop(columns);
    return { fitted, output: fitted.transform(frame) };
  },
  load(state) {
    return new FittedDrop(readStateMeta(state, STEP, FORMAT_VERSION, z.object({ columns: z.array(z.string()) }).strict()).columns);
  },
});
