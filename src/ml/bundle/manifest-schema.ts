import { z } from 'zod';

import { BundleInvalidError, type JsonValue, TASKS } from '../../core/index.js';
import { ARRAY_DTYPES, BUNDLE_FLAVORS, type BundleManifest } from './format.js';

const sha = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');
const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);

const manifestSchema = z.strictObject({
  format: z.literal('mlpilot-bundle'),
  formatVersion: z.number().int().min(1),
  flavor: z.enum(BUNDLE_FLAVORS),
  createdBy: z.string(),
  signature: z.strictObject({
    inputs: z.array(
      z.strictObject({
        name: z.string().min(1),
        type: z.enum(['numeric', 'categorical', 'boolean', 'datetime', 'text']),
        nullable: z.boolean(),
      }),
    ),
    output: z.strictObject({
      name: z.string().min(1),
      task: z.enum(TASKS),
      classes: z.array(z.string()).optional(),
    }),
  }),
  model: json,
  metrics: z.record(z.string(), z.number()),
  lineage: z.strictObject({
    runId: z.string().optional(),
    datasetVersionIds: z.array(z.string()).optional(),
    gitCommit: z.string().optional(),
  }),
  arrays: z.record(
    z.string(),
    z.strictObject({
      file: z.string().regex(/^arrays\/[0-9]+\.bin$/, 'must be arrays/N.bin'),
      dtype: z.enum(Object.keys(ARRAY_DTYPES) as [keyof typeof ARRAY_DTYPES, ...Array<keyof typeof ARRAY_DTYPES>]),
      length: z.number().int().min(0),
      sha256: sha,
    }),
  ),
  files: z.record(z.string(), sha),
});

/** Validates a parsed manifest. @throws MLP_ML_BUNDLE_INVALID naming the first bad field. */
export function parseManifest(value: unknown, location: string): BundleManifest {
  const result = manifestSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw BundleInvalidError({ location, problem: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` });
  }
  return result.data as BundleManifest;
}
