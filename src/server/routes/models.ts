import { z } from 'zod';

import { EMPTY } from '../define-route.js';
import { modelSchema, modelVersionSchema, nameParams, tagInput, tagMapInput, toVersionRef, versionRef, zText } from '../schemas.js';
import { zId, zName, zRelPath } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['models'];
const versionParams = z.strictObject({ name: zName(), version: versionRef() });
const numberedVersionParams = z.strictObject({
  name: zName(),
  version: z.string().regex(/^[1-9][0-9]{0,8}$/, 'must be a version number').meta({ description: 'A version number.' }),
});
const aliasParams = z.strictObject({ name: zName(), alias: zName() });

/**
 * The model registry: models, versions (registered from a run's artifact path — never from a client-given
 * file location), tags and aliases. Moving an alias (e.g. `champion`) is a production-facing change and
 * needs role deployer; everything else that writes needs editor.
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
    method: 'PUT',
    url: '/models/:name/aliases/:alias',
    operationId: 'setModelAlias',
    role: 'deployer',
    summary: 'Point an alias (e.g. champion) at a version — a production-facing change',
    tags,
    params: aliasParams,
    body: z.strictObject({ version: z.number().int().min(1) }),
    response: modelSchema,
    handler: async ({ deps, params, body, write }) => {
      await deps.workspace.store.models.setAlias(params.name, params.alias, body.version, write);
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
      await deps.workspace.store.models.deleteAlias(params.name, params.alias, write);
    },
  }),
];
