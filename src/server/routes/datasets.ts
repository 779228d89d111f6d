import { z } from 'zod';

import { ValidationError } from '../../core/index.js';
import { TABLE_FORMATS, type TableFormat } from '../../data/index.js';
import { datasetDiffSchema, datasetSchema, datasetVersionSchema, nameParams, toVersionRef, versionRef, zText } from '../schemas.js';
import { zName } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['datasets'];
const FORMATS = TABLE_FORMATS;
type Format = TableFormat;

/** Upload content types and the format each implies when `?format=` is not given. */
const FORMAT_BY_CONTENT_TYPE: Readonly<Record<string, Format>> = {
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/vnd.apache.parquet': 'parquet',
};
export const DATASET_CONTENT_TYPES = [...Object.keys(FORMAT_BY_CONTENT_TYPE), 'application/octet-stream'];

function formatOf(query: Format | undefined, contentType: string | undefined): Format {
  if (query !== undefined) return query;
  const base = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const implied = FORMAT_BY_CONTENT_TYPE[base];
  if (implied === undefined) {
    throw ValidationError({
      field: 'query.format',
      problem: `required for content type ${base || '(none)'}; use one of ${FORMATS.join(', ')}`,
    });
  }
  return implied;
}

/** Datasets: list, versions, one version, upload a new version (raw body), diff two versions. */
export const datasetRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/datasets',
    operationId: 'listDatasets',
    role: 'viewer',
    summary: 'List datasets',
    tags,
    response: z.object({ datasets: z.array(datasetSchema) }),
    handler: async ({ deps }) => ({ datasets: await deps.workspace.datasets.list() }),
  }),
  defineRoute({
    method: 'GET',
    url: '/datasets/:name/versions',
    operationId: 'listDatasetVersions',
    role: 'viewer',
    summary: 'List the versions of a dataset',
    tags,
    params: nameParams,
    response: z.object({ versions: z.array(datasetVersionSchema) }),
    handler: async ({ deps, params }) => ({ versions: await deps.workspace.datasets.versions(params.name) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/datasets/:name/versions/:version',
    operationId: 'getDatasetVersion',
    role: 'viewer',
    summary: 'Get one dataset version (number, "latest" or a content-hash prefix of ≥ 8 hex characters)',
    tags,
    params: z.strictObject({ name: zName(), version: versionRef() }),
    response: datasetVersionSchema,
    handler: async ({ deps, params }) => deps.workspace.store.datasets.getVersion(params.name, toVersionRef(params.version)),
  }),
  defineRoute({
    method: 'POST',
    url: '/datasets/:name/versions',
    operationId: 'uploadDatasetVersion',
    role: 'editor',
    summary: 'Upload a file as a new dataset version (idempotent by content)',
    description:
      'Send the file as the raw body (text/csv, text/tab-separated-values, application/x-ndjson, application/vnd.apache.parquet or ' +
      'application/octet-stream with ?format=). The file is parsed and profiled before anything is stored.',
    tags,
    params: nameParams,
    query: z.strictObject({
      format: z.enum(FORMATS).optional(),
      description: zText(2000).optional(),
      filename: zName().optional().meta({ description: 'Original file name, recorded in the version source as upload:<filename>.' }),
    }),
    rawBody: { contentTypes: DATASET_CONTENT_TYPES },
    status: 201,
    response: z.object({ created: z.boolean(), version: datasetVersionSchema }),
    handler: async ({ deps, params, query, body, request, write }) => {
      const format = formatOf(query.format, request.headers['content-type']);
      return deps.workspace.datasets.addBytes(
        {
          bytes: body,
          name: params.name,
          format,
          source: `upload:${query.filename ?? `${params.name}.${format}`}`,
          ...(query.description === undefined ? {} : { description: query.description }),
        },
        write,
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/datasets/:name/diff',
    operationId: 'diffDatasetVersions',
    role: 'viewer',
    summary: 'Schema and profile changes between two versions of a dataset',
    tags,
    params: nameParams,
    query: z.strictObject({ from: versionRef(), to: versionRef().default('latest') }),
    response: datasetDiffSchema,
    handler: async ({ deps, params, query }) => deps.workspace.datasets.diff(`${params.name}@${query.from}`, `${params.name}@${query.to}`),
  }),
];
