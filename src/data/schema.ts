import { z } from 'zod';
import { ValidationError } from '../core/index.js';
import { COLUMN_TYPES, missingCount } from './column.js';
import type { ColumnType } from './column.js';
import type { Frame } from './frame.js';

/** One column of a {@link Schema}. */
export interface ColumnSchema {
  name: string;
  type: ColumnType;
  /** True when at least one value is missing. */
  nullable: boolean;
}

/** The JSON-serialisable schema of a frame or dataset version. */
export interface Schema {
  columns: ColumnSchema[];
}

/**
 * The schema of a frame: column names, types and nullability. Types themselves are decided by the readers
 * while parsing (rules in `inference-rules.ts`), so this only reads them back and scans for missing values.
 */
export function inferSchema(frame: Frame): Schema {
  return { columns: frame.columns.map((column) => ({ name: column.name, type: column.type, nullable: missingCount(column) > 0 })) };
}

/** Alias of {@link inferSchema}. */
export const schemaOf: (frame: Frame) => Schema = inferSchema;

/** The layout of a schema (also the body of a stored schema document, see schema-document.ts). */
export const schemaShape = z
  .object({
    columns: z.array(
      z.object({ name: z.string().min(1), type: z.enum(COLUMN_TYPES as [ColumnType, ...ColumnType[]]), nullable: z.boolean() }).strict(),
    ),
  })
  .strict();

/**
 * Validates a schema read back from JSON (a stored dataset version).
 * @throws MLP_CORE_VALIDATION naming the first bad field.
 */
export function parseSchema(json: unknown, field = 'schema'): Schema {
  const parsed = schemaShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw ValidationError({ field: [field, ...(issue?.path ?? []).map(String)].join('.'), problem: issue?.message ?? 'invalid schema' });
  }
  return parsed.data;
}
