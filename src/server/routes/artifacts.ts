import { z } from 'zod';

import { NotFoundError } from '../../core/index.js';
import { RAW, RawReply } from '../define-route.js';
import { runArtifactSchema } from '../schemas.js';
import { zId, zRelPath } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['artifacts'];
const runPathParams = z.strictObject({ id: zId(), path: zRelPath() });

/** Content types accepted for artifact uploads: any bytes. */
export const ARTIFACT_CONTENT_TYPES = ['application/octet-stream', 'text/plain', 'application/x-ndjson', 'text/csv'] as const;

/** A file name safe for a Content-Disposition header (the last path segment, unusual characters replaced). */
function downloadName(path: string): string {
  const last = path.split('/').pop() ?? 'artifact';
  return last.replace(/[^A-Za-z0-9._-]/g, '_') || 'artifact';
}

/**
 * Run artifacts. Logical paths are keys mapped to content hashes: an upload stores the bytes by sha256 and
 * records `path → digest`; a download looks the path up among the run's artifacts and streams the blob by
 * its digest, verified. No request path is ever joined to a directory, so traversal is impossible by
 * construction; paths are still validated (`assertRelativePath`) so none can be recorded.
 */
export const artifactRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/runs/:id/artifacts',
    operationId: 'listRunArtifacts',
    role: 'viewer',
    summary: "List a run's artifacts (path, digest, size)",
    tags,
    params: z.strictObject({ id: zId() }),
    response: z.object({ artifacts: z.array(runArtifactSchema) }),
    handler: async ({ deps, params }) => {
      await deps.workspace.store.runs.get(params.id);
      return { artifacts: await deps.workspace.store.runs.listArtifacts(params.id) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/runs/:id/artifacts/*',
    operationId: 'downloadRunArtifact',
    role: 'viewer',
    summary: 'Download one artifact of a run by its logical path (content verified against its sha256)',
    tags,
    params: runPathParams,
    response: RAW,
    handler: async ({ deps, params }) => {
      await deps.workspace.store.runs.get(params.id);
      const artifact = (await deps.workspace.store.runs.listArtifacts(params.id)).find((a) => a.path === params.path);
      if (artifact === undefined) throw NotFoundError({ entity: 'run artifact', key: `${params.id}/${params.path}` });
      const content = await deps.workspace.artifacts.get(artifact.digest);
      return new RawReply(content, 'application/octet-stream', {
        'content-disposition': `attachment; filename="${downloadName(artifact.path)}"`,
        'x-mlpilot-digest': `sha256:${artifact.digest}`,
      });
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/runs/:id/artifacts/*',
    operationId: 'uploadRunArtifact',
    role: 'editor',
    summary: 'Upload one artifact of a run as the raw request body',
    tags,
    params: runPathParams,
    rawBody: { contentTypes: ARTIFACT_CONTENT_TYPES },
    status: 201,
    response: runArtifactSchema,
    handler: async ({ deps, params, body, write }) => {
      await deps.workspace.store.runs.get(params.id);
      const stored = await deps.workspace.artifacts.put(body);
      const artifact = { path: params.path, digest: stored.digest, size: stored.size };
      await deps.workspace.store.runs.logArtifact(params.id, artifact, write);
      return artifact;
    },
  }),
];
