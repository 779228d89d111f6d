import { z } from 'zod';

import { TASKS, ValidationError } from '../../core/index.js';
import { MAX_JSON_ROWS } from '../../workspace/index.js';
import { EMPTY, RAW, RawReply } from '../define-route.js';
import {
  csvList,
  modelSchema,
  modelVersionSchema,
  named,
  nameParams,
  tagInput,
  tagMapInput,
  toVersionRef,
  versionRef,
  zVersionNumber,
  zText,
} from '../schemas.js';
import { zId, zName, zRelPath } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['models'];
const versionParams = z.strictObject({ name: zName(), version: versionRef() });
const numberedVersionParams = z.strictObject({
  name: zName(),
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a version number')
    .meta({ description: 'A version number.' }),
});
const aliasParams = z.strictObject({ name: zName(), alias: zName() });
const label = z.string().min(1).max(256);

/** What `POST /models/{name}/versions/{version}/predict` answers. */
export const predictionsSchema = named(
  'Predictions',
  z.object({
    model: z.object({ name: z.string(), version: z.number().int() }),
    task: z.enum(TASKS),
    classes: z.array(z.string()).readonly().optional(),
    predictions: z.array(z.union([z.number(), z.string()])).meta({ description: 'One per row: the value, or the class label.' }),
    probabilities: z
      .array(z.array(z.number()))
      .optional()
      .meta({ description: 'One row of class probabilities per input row, in `classes` order.' }),
  }),
);

/**
 * The model registry: models, versions (registered from a run's artifact path — never from a client-given
 * file location), tags and aliases. Moving an alias (e.g. `champion`) is a production-facing change and
 * needs role deployer, as does deleting a model or a version (it cannot be undone); everything else that writes
 * needs editor.
 */
export const modelRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/models',
    operationId: 'listModels',
    role: 'viewer',
    summary: 'List registered models',
    tags,
    response: z.object({ models: z.array(modelSchema) }),
    handler: async ({ deps }) => ({ models: await deps.workspace.store.models.list() }),
  }),
  defineRoute({
    method: 'POST',
    url: '/models',
    operationId: 'createModel',
    role: 'editor',
    summary: 'Create a registered model',
    tags,
    body: z.strictObject({ name: zName(), description: zText().optional(), tags: tagMapInput.optional() }),
    status: 201,
    response: modelSchema,
    handler: async ({ deps, body, write }) => deps.workspace.store.models.create(body, write),
  }),
  defineRoute({
    method: 'GET',
    url: '/models/:name',
    operationId: 'getModel',
    role: 'viewer',
    summary: 'Get a registered model',
    tags,
    params: nameParams,
    response: modelSchema,
    handler: async ({ deps, params }) => deps.workspace.store.models.get(params.name),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/models/:name',
    operationId: 'updateModel',
    role: 'editor',
    summary: "Update a model's description",
    tags,
    params: nameParams,
    body: z.strictObject({ description: zText().nullable() }),
    response: modelSchema,
    handler: async ({ deps, params, body, write }) => deps.workspace.store.models.update(params.name, body, write),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/models/:name',
    operationId: 'deleteModel',
    role: 'deployer',
    summary: 'Delete a model with all its versions (refused with 409 while an alias points at one of them)',
    description:
      'Recorded as a model.deleted event. The bundles stay in the artifact store until garbage collection finds nothing else ' +
      'refers to them; the name can then be registered again, from version 1.',
    tags,
    params: nameParams,
    response: EMPTY,
    handler: async ({ deps, params, write }) => {
      await deps.workspace.models.delete(params.name, write);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/models/:name/tags',
    operationId: 'setModelTag',
    role: 'editor',
    summary: 'Set one tag on a model',
    tags,
    params: nameParams,
    body: tagInput,
    response: modelSchema,
    handler: async ({ deps, params, body, write }) => {
      await deps.workspace.store.models.setTag(params.name, body.key, body.value, write);
      return deps.workspace.store.models.get(params.name);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/models/:name/versions',
    operationId: 'listModelVersions',
    role: 'viewer',
    summary: 'List the versions of a model',
    tags,
    params: nameParams,
    response: z.object({ versions: z.array(modelVersionSchema) }),
    handler: async ({ deps, params }) => ({ versions: await deps.workspace.store.models.listVersions(params.name) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/models/:name/versions',
    operationId: 'createModelVersion',
    role: 'editor',
    summary: "Register a run's artifact (file or folder) as the next model version",
    description:
      'The bundle is identified by run id and a logical artifact path inside that run; there is no "source" location, ' +
      'so a version can never point at a server file (the MLflow CVE-2023-1177 family).',
    tags,
    params: nameParams,
    body: z.strictObject({
      runId: zId(),
      artifactPath: zRelPath(),
      signature: z.unknown().optional(),
      description: zText().optional(),
    }),
    status: 201,
    response: modelVersionSchema,
    handler: async ({ deps, params, body, write }) =>
      deps.workspace.models.registerFromRun(
        {
          name: params.name,
          runId: body.runId,
          artifactPath: body.artifactPath,
          ...(body.signature === undefined ? {} : { signature: body.signature as never }),
          ...(body.description === undefined ? {} : { description: body.description }),
        },
        write,
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/models/:name/versions/:version',
    operationId: 'getModelVersion',
    role: 'viewer',
    summary: 'Get a model version by number, "latest" or alias',
    tags,
    params: versionParams,
    response: modelVersionSchema,
    handler: async ({ deps, params }) => deps.workspace.store.models.getVersion(params.name, toVersionRef(params.version)),
  }),
  defineRoute({
    method: 'POST',
    url: '/models/:name/versions/:version/predict',
    operationId: 'predictRows',
    role: 'viewer',
    summary: 'Score rows given as JSON with a model version (number, "latest" or alias)',
    description: `Up to ${MAX_JSON_ROWS} rows of column → value; larger inputs go through a dataset version and \`POST /predict\` (a job). Types are converted to the model's input types where lossless.`,
    tags,
    params: versionParams,
    body: z.strictObject({ rows: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_JSON_ROWS) }),
    response: predictionsSchema,
    handler: async ({ deps, params, body }) => {
      const scored = await deps.workspace.predictions.predictRows(`${params.name}@${params.version}`, body.rows);
      const { classes, proba } = scored;
      const k = classes?.length ?? 0;
      return {
        model: { name: scored.model.modelName, version: scored.model.version },
        task: scored.task,
        ...(classes === undefined ? {} : { classes }),
        predictions: Array.from(scored.values, (v) => (classes === undefined ? v : (classes[v] ?? String(v)))),
        ...(proba === undefined || k === 0
          ? {}
          : { probabilities: Array.from({ length: scored.rows }, (_, i) => Array.from(proba.subarray(i * k, (i + 1) * k))) }),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/models/:name/versions/:version/onnx',
    operationId: 'exportModelOnnx',
    role: 'viewer',
    summary: 'Download a model version as ONNX (input `input`: double[N, features] in the signature order)',
    description:
      'ONNX models as imported; XGBoost / LightGBM imports and native tree or linear models as an ONNX graph. A native pipeline with ' +
      'preprocessing steps, and an ensemble of pipelines, answer 422 MLP_ML_EXPORT_UNSUPPORTED: ONNX export covers one learner, not the ' +
      'steps or an ensemble.',
    tags,
    params: versionParams,
    response: RAW,
    handler: async ({ deps, params }) => {
      const { version, bytes } = await deps.workspace.predictions.exportOnnx(`${params.name}@${params.version}`);
      return new RawReply(Buffer.from(bytes), 'application/octet-stream', {
        'content-disposition': `attachment; filename="${version.modelName}-${version.version}.onnx"`,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/models/:name/import',
    operationId: 'importModel',
    role: 'editor',
    summary: 'Import a model file trained elsewhere (XGBoost JSON, LightGBM text, ONNX) as the next version',
    description:
      'Send the file as the raw body (application/octet-stream). It is parsed and validated before anything is stored; an ONNX model ' +
      'with tensors stored outside the file is refused. Tree models become native trees; the original bytes are kept in the bundle.',
    tags,
    params: nameParams,
    query: z.strictObject({
      flavor: z.enum(['xgboost-json', 'lightgbm-text', 'onnx']),
      features: csvList(label).optional().meta({ description: 'Comma-separated input column names, in the model feature order.' }),
      classes: csvList(label).optional().meta({ description: 'Comma-separated class labels of a classifier, in class-index order.' }),
      task: z.enum(TASKS).optional().meta({ description: 'Task of an ONNX model (tree models know theirs).' }),
      categories: z.string().max(1_000_000).optional().meta({
        description: 'JSON object: categorical column → its labels in code order (pandas .cat.categories), so predictions take label data.',
      }),
      description: zText(2000).optional(),
      filename: zName().optional().meta({ description: 'Original file name, recorded as the version source upload:<filename>.' }),
    }),
    rawBody: { contentTypes: ['application/octet-stream'] },
    status: 201,
    response: modelVersionSchema,
    handler: async ({ deps, params, query, body, write }) =>
      deps.workspace.models.importBytes(
        {
          name: params.name,
          flavor: query.flavor,
          bytes: body,
          source: `upload:${query.filename ?? `${params.name}.${query.flavor}`}`,
          ...(query.features === undefined ? {} : { features: query.features }),
          ...(query.classes === undefined ? {} : { classes: query.classes }),
          ...(query.task === undefined ? {} : { task: query.task }),
          ...(query.categories === undefined ? {} : { categories: parseJsonParam('categories', query.categories) }),
          ...(query.description === undefined ? {} : { description: query.description }),
        },
        write,
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/models/:name/versions/:version/tags',
    operationId: 'setModelVersionTag',
    role: 'editor',
    summary: 'Set one tag on a model version',
    tags,
    params: numberedVersionParams,
    body: tagInput,
    response: modelVersionSchema,
    handler: async ({ deps, params, body, write }) => {
      const version = Number(params.version);
      await deps.workspace.store.models.setVersionTag(params.name, version, body.key, body.value, write);
      return deps.workspace.store.models.getVersion(params.name, version);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/models/:name/versions/:version',
    operationId: 'updateModelVersion',
    role: 'editor',
    summary: "Update a model version's description (null clears it)",
    tags,
    params: numberedVersionParams,
    body: z.strictObject({ description: zText().nullable() }),
    response: modelVersionSchema,
    handler: async ({ deps, params, body, write }) =>
      deps.workspace.store.models.updateVersion(params.name, Number(params.version), body, write),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/models/:name/versions/:version',
    operationId: 'deleteModelVersion',
    role: 'deployer',
    summary: 'Delete one model version (refused with 409 while an alias points at it); its number is never reused',
    description:
      'Recorded as a model.version_deleted event. The bundle stays in the artifact store until garbage collection finds nothing ' +
      'else refers to it.',
    tags,
    params: numberedVersionParams,
    response: EMPTY,
    handler: async ({ deps, params, write }) => {
      await deps.workspace.models.delete(`${params.name}@${params.version}`, write);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/models/:name/aliases/:alias',
    operationId: 'setModelAlias',
    role: 'deployer',
    summary: 'Point an alias (e.g. champion) at a version — a production-facing change',
    tags,
    params: aliasParams,
    body: z.strictObject({ version: zVersionNumber() }),
    response: modelSchema,
    handler: async ({ deps, params, body, write }) => {
      await deps.workspace.models.setAlias(params.name, params.alias, body.version, write);
      return deps.workspace.store.models.get(params.name);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/models/:name/aliases/:alias',
    operationId: 'deleteModelAlias',
    role: 'deployer',
    summary: 'Remove an alias',
    tags,
    params: aliasParams,
    response: EMPTY,
    handler: async ({ deps, params, write }) => {
      await deps.workspace.models.deleteAlias(params.name, params.alias, write);
    },
  }),
];

/** A query parameter holding JSON. @throws MLP_CORE_VALIDATION naming it when it is not JSON. */
function parseJsonParam(field: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw ValidationError({ field, problem: `not valid JSON (${(error as Error).message})` }, error);
  }
}
