import type { FastifyInstance } from 'fastify';

import type { Logger } from '../core/index.js';
import type { Workspace } from '../workspace/index.js';
import { createApi, DEFAULT_UPLOAD_LIMIT_BYTES } from './create-api.js';
import { createApiMetrics, type ApiMetrics } from './metrics.js';
import type { Principal } from './roles.js';
import { storeGauges } from './store-gauges.js';
import { apiRoutes } from './routes/index.js';

/** Options of {@link buildServer}. */
export interface BuildServerOptions {
  readonly workspace: Workspace;
  /** Actor of every write when auth is disabled (the local OS user). */
  readonly actor: string;
  /** Defaults to the workspace's logger. */
  readonly logger?: Logger;
  /** Largest dataset/artifact upload in bytes (default 512 MiB). */
  readonly uploadLimitBytes?: number;
  /** Overrides `workspace.config.server.auth.enabled`. */
  readonly authEnabled?: boolean;
  /** Collect Node process metrics (default true; tests building many servers may turn them off). */
  readonly processMetrics?: boolean;
}

/**
 * Builds the REST API for `workspace` without listening (tests drive it with `app.inject`).
 * Auth follows `workspace.config.server.auth.enabled`: when enabled every route needs a bearer token whose role
 * is at least the route's; when disabled every request is trusted as `actor`.
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance & { mlpilotMetrics: ApiMetrics }> {
  const workspace = options.workspace;
  const logger = options.logger ?? workspace.logger;
  const metrics = createApiMetrics({ gauges: storeGauges(workspace.store), defaultMetrics: options.processMetrics ?? true });
  const app = await createApi({
    routes: apiRoutes,
    deps: { workspace },
    auth: {
      enabled: options.authEnabled ?? workspace.config.server.auth.enabled,
      localActor: options.actor,
      verify: async (secret): Promise<Principal | undefined> => {
        const token = await workspace.store.tokens.verify(secret);
        return token === undefined ? undefined : { owner: token.owner, role: token.role, tokenId: token.id };
      },
    },
    logger,
    metrics,
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    healthCheck: async () => {
      await workspace.store.events.list({ limit: 1, order: 'desc' });
      return { store: 'ok' };
    },
    info: {
      title: 'mlpilot API',
      version: '1',
      description: 'Datasets, experiment tracking, the model registry, lineage, events, artifacts and jobs. Errors: docs/errors.md.',
    },
  });
  return Object.assign(app, { mlpilotMetrics: metrics });
}
