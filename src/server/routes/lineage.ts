import { z } from 'zod';

import { datasetLineageSchema, modelLineageSchema, toVersionRef, versionRef } from '../schemas.js';
import { zName } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['lineage'];
const params = z.strictObject({ name: zName(), version: versionRef() });

/** Lineage both ways: what made a model version, and what used a dataset version. */
export const lineageRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/lineage/models/:name/versions/:version',
    operationId: 'getModelLineage',
    role: 'viewer',
    summary: 'The run, code commit and dataset versions behind a model version',
    tags,
    params,
    response: modelLineageSchema,
    handler: async ({ deps, params: p }) => deps.workspace.store.lineage.forModelVersion(p.name, toVersionRef(p.version)),
  }),
  defineRoute({
    method: 'GET',
    url: '/lineage/datasets/:name/versions/:version',
    operationId: 'getDatasetLineage',
    role: 'viewer',
    summary: 'Every run and model version that used a dataset version',
    tags,
    params,
    response: datasetLineageSchema,
    handler: async ({ deps, params: p }) => deps.workspace.store.lineage.forDatasetVersion(p.name, toVersionRef(p.version)),
  }),
];
