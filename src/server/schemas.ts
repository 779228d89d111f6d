/**
 * Zod schemas of the domain objects as the API returns them (mirroring `src/store/contract.ts`) and the
 * small input types routes share. The OpenAPI document is generated from these.
 */
import { z } from 'zod';

import { metricFromJson, metricToJson, NON_FINITE_JSON } from '../core/index.js';
import { MAX_VERSION_NUMBER, ROLES } from '../store/index.js';
import { zId, zKey, zName } from './validation.js';

/**
 * The named schemas of the API: each becomes `#/components/schemas/<id>` in the OpenAPI document and is referred
 * to by `$ref` wherever a route returns or takes it.
 */
export const namedSchemas = z.registry<{ id: string }>();

/** The named schemas by id. */
export const namedSchemaById = new Map<string, z.ZodType>();

/** Registers `schema` as the component `id`. */
export function named<T extends z.ZodType>(id: string, schema: T): T {
  namedSchemas.add(schema, { id });
  namedSchemaById.set(id, schema);
  return schema;
}

const ms = z.number().meta({ description: 'Milliseconds since the Unix epoch.' });
const stringMap = z.record(z.string(), z.string());

/**
 * A metric value in an answer. JSON has no NaN or ±Infinity, so those go out as the strings "NaN", "Infinity" and
 * "-Infinity" (MLflow's REST form); finite values stay numbers.
 */
export const metricValueSchema = named(
  'MetricValue',
  z
    .custom<number>((value) => typeof value === 'number')
    .transform(metricToJson)
    .pipe(z.union([z.number(), z.enum(NON_FINITE_JSON)]))
    .meta({ description: 'A metric value: a JSON number, or "NaN", "Infinity" or "-Infinity" for the values JSON cannot hold.' }),
);
const metricMap = z.record(z.string(), metricValueSchema);

/** A metric value in a request: a JSON number or one of "NaN", "Infinity", "-Infinity" (see {@link metricValueSchema}). */
export const metricValueInput = z
  .union([z.number(), z.enum(NON_FINITE_JSON)])
  .transform(metricFromJson)
  .meta({ description: 'A metric value: a JSON number, or "NaN", "Infinity" or "-Infinity".' });
const json = z.unknown().meta({ description: 'A JSON value.' });
const sha256 = z.string().meta({ description: 'sha256 hex digest (64 lower-case hex characters).' });

export const experimentSchema = named(
  'Experiment',
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    tags: stringMap,
    createdAt: ms,
    deleted: z.boolean(),
  }),
);

export const runStatusSchema = named('RunStatus', z.enum(['running', 'finished', 'failed', 'killed']));
export const inputRoleSchema = named('InputRole', z.enum(['train', 'validation', 'test', 'input']));

export const runSchema = named(
  'Run',
  z.object({
    id: z.string(),
    experimentId: z.string(),
    name: z.string().nullable(),
    status: runStatusSchema,
    startTime: ms,
    endTime: ms.nullable(),
    parentRunId: z.string().nullable(),
    gitCommit: z.string().nullable(),
    gitDirty: z.boolean().nullable(),
    params: stringMap,
    tags: stringMap,
    metrics: metricMap,
    inputs: z.array(z.object({ datasetVersionId: z.string(), datasetName: z.string(), version: z.number().int(), role: inputRoleSchema })),
    deleted: z.boolean(),
  }),
);

export const metricPointSchema = named(
  'MetricPoint',
  z.object({ key: z.string(), value: metricValueSchema, step: z.number().int(), timestamp: ms }),
);
export const metricBucketSchema = named(
  'MetricBucket',
  z.object({
    firstStep: z.number().int().meta({ description: "Lowest step of the bucket's points." }),
    lastStep: z.number().int().meta({ description: "Highest step of the bucket's points." }),
    value: metricValueSchema.meta({ description: 'Value of the last point (highest step, then latest timestamp).' }),
    timestamp: ms,
    min: metricValueSchema.meta({ description: 'Smallest value, NaN points skipped ("NaN" when every point is NaN).' }),
    max: metricValueSchema.meta({ description: 'Largest value, NaN points skipped ("NaN" when every point is NaN).' }),
    count: z.number().int().meta({ description: 'Points in the bucket, NaN ones included.' }),
  }),
);
export const runArtifactSchema = named('RunArtifact', z.object({ path: z.string(), digest: sha256, size: z.number().int() }));

export const datasetSchema = named(
  'Dataset',
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    createdAt: ms,
    latestVersion: z.number().int(),
    versionCount: z.number().int(),
  }),
);

export const datasetVersionSchema = named(
  'DatasetVersion',
  z.object({
    id: z.string(),
    datasetId: z.string(),
    datasetName: z.string(),
    version: z.number().int(),
    contentHash: sha256,
    format: z.string(),
    source: z.string(),
    rowCount: z.number().int(),
    byteSize: z.number().int(),
    schema: json,
    profile: json,
    artifactDigest: sha256.nullable(),
    createdAt: ms,
  }),
);

export const modelSchema = named(
  'Model',
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    tags: stringMap,
    aliases: z.record(z.string(), z.number().int()),
    latestVersion: z.number().int().nullable(),
    createdAt: ms,
    updatedAt: ms,
  }),
);

export const modelVersionSchema = named(
  'ModelVersion',
  z.object({
    id: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    version: z.number().int(),
    runId: z.string().nullable(),
    bundleDigest: sha256,
    signature: json,
    metrics: z.record(z.string(), z.number()).meta({ description: 'Finite metric values copied from the run at registration.' }),
    description: z.string().nullable(),
    tags: stringMap,
    aliases: z.array(z.string()),
    createdAt: ms,
  }),
);

export const modelLineageSchema = named(
  'ModelLineage',
  z.object({
    modelVersion: modelVersionSchema,
    run: runSchema.nullable(),
    experiment: experimentSchema.nullable(),
    code: z.object({ gitCommit: z.string().nullable(), gitDirty: z.boolean().nullable() }),
    datasets: z.array(
      z.object({
        datasetVersionId: z.string(),
        datasetName: z.string(),
        version: z.number().int(),
        role: inputRoleSchema,
        contentHash: sha256,
      }),
    ),
  }),
);

export const datasetLineageSchema = named(
  'DatasetLineage',
  z.object({
    datasetVersion: datasetVersionSchema,
    runs: z.array(
      z.object({
        runId: z.string(),
        runName: z.string().nullable(),
        experimentId: z.string(),
        status: runStatusSchema,
        role: inputRoleSchema,
      }),
    ),
    modelVersions: z.array(z.object({ modelName: z.string(), version: z.number().int(), runId: z.string(), aliases: z.array(z.string()) })),
  }),
);

export const eventSchema = named(
  'Event',
  z.object({
    seq: z.number().int(),
    id: z.string(),
    type: z.string(),
    subjectKind: z.string(),
    subjectId: z.string(),
    actor: z.string(),
    timestamp: ms,
    payload: z.record(z.string(), z.unknown()),
  }),
);

/** The store's event catalog (core and store extensions), as `GET /events/types` returns it. */
export const eventCatalogSchema = named(
  'EventCatalog',
  z.object({
    types: z.array(z.object({ type: z.string(), subjectKind: z.string(), description: z.string(), owner: z.string() })),
    subjectKinds: z.array(z.object({ kind: z.string(), description: z.string(), owner: z.string() })),
  }),
);

export const datasetDiffSchema = named(
  'DatasetDiff',
  z.object({
    identical: z.boolean(),
    rowCount: z.object({ before: z.number().int(), after: z.number().int() }),
    changes: z.array(
      z.looseObject({
        kind: z.enum([
          'row-count-changed',
          'column-added',
          'column-removed',
          'type-changed',
          'nullability-changed',
          'stat-changed',
          'levels-added',
          'levels-removed',
        ]),
        column: z.string().optional(),
      }),
    ),
  }),
);

export const roleSchema = named('Role', z.enum(ROLES));

export const tokenSchema = named(
  'ApiToken',
  z.object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    owner: z.string(),
    createdAt: ms,
    lastUsedAt: ms.nullable(),
    revokedAt: ms.nullable(),
  }),
);

export const jobStatusSchema = named('JobStatus', z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']));
export const jobSchema = named(
  'Job',
  z.object({
    id: z.string(),
    type: z.string(),
    payload: json,
    status: jobStatusSchema,
    progress: z.number(),
    progressMessage: z.string().nullable(),
    result: json,
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    attempts: z.number().int(),
    cancelRequested: z.boolean(),
    workerId: z.string().nullable(),
    createdAt: ms,
    startedAt: ms.nullable(),
    finishedAt: ms.nullable(),
    parentId: z.string().nullable().meta({ description: 'The job that fanned this one out, or null.' }),
    group: z.string().nullable().meta({ description: 'A name tying jobs together (e.g. one search), or null.' }),
    submittedBy: z.string().nullable().meta({ description: 'Who submitted the job; its handler writes as this actor.' }),
  }),
);

export const gcReportSchema = named(
  'GcReport',
  z.object({
    dryRun: z.boolean(),
    scanned: z.number().int(),
    reachable: z.number().int(),
    deleted: z.array(z.object({ digest: sha256, size: z.number().int() })),
    bytesFreed: z.number().int(),
    keptYoung: z.number().int(),
  }),
);

// ------------------------------------------------------------------------------------------------ inputs

/** A free-text value (description, tag value, token owner): bounded, no NUL. */
export const zText = (max = 8000) =>
  z
    .string()
    .max(max)
    .refine((v) => !v.includes('\0'), 'must not contain a NUL byte');

export const tagMapInput = z.record(zKey(), zText());
export const tagInput = z.strictObject({ key: zKey(), value: zText() });
export const idParams = z.strictObject({ id: zId() });
export const nameParams = z.strictObject({ name: zName() });
/** A version reference in a path: a number, `latest`, or an alias. */
export const versionRef = () =>
  zName()
    .refine((value) => !/^[0-9]+$/.test(value) || (Number(value) >= 1 && Number(value) <= MAX_VERSION_NUMBER), {
      message: `a version number must be from 1 to ${MAX_VERSION_NUMBER}`,
    })
    .meta({ description: 'A version number, "latest" or an alias such as "champion".' });

/** A version number in a body: 1 to 2^31 − 1 (the store's version columns are 32-bit). */
export const zVersionNumber = () => z.number().int().min(1).max(MAX_VERSION_NUMBER);

/** `"3"` → 3; anything else (already a validated name) stays a string. */
export function toVersionRef(value: string): number | string {
  return /^[0-9]+$/.test(value) ? Number(value) : value;
}

/** Parses a comma-separated query value (`type=a,b`) into its non-empty parts. */
export const csvList = <T extends string>(item: z.ZodType<T>) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(item) as unknown as z.ZodType<T[], string[]>);
