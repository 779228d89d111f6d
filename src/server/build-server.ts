import type { FastifyInstance } from 'fastify';

import type { Logger } from '../core/index.js';
import type { Workspace } from '../workspace/index.js';
import { createApi, DEFAULT_UPLOAD_LIMIT_BYTES } from './create-api.js';
import { createApiMetrics, type ApiMetrics } from './metrics.js';
import type { Principal } from './roles.js';
import { requestGuard } from './request-guard.js';
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
  /**
   * The host the server listens on (default `server.host`); while auth is off it is answered as a `Host` besides
   * the loopback names and `server.allowedHosts`.
   */
  readonly boundHost?: string;
  /** Collect Node process metrics (default true; tests building many servers may turn them off). */
  readonly processMetrics?: boolean;
}

/**
 * Builds the REST API for `workspace` without listening (tests drive it with `app.inject`).
 * Auth follows `workspace.config.server.auth.enabled`: when enabled every route needs a bearer token whose role
 * is at least the route's; when disabled every request is trusted as `actor`, provided its `Host` and `Origin`
 * pass the request guard (DNS rebinding and cross-site requests; `server.allowedHosts` / `server.allowedOrigins`).
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance & { mlpilotMetrics: ApiMetrics }> {
  const workspace = options.workspace;
  const logger = options.logger ?? workspace.logger;
  const metrics = createApiMetrics({ gauges: storeGauges(workspace.store), defaultMetrics: options.processMetrics ?? true });
  const authEnabled = options.authEnabled ?? workspace.config.server.auth.enabled;
  const serverConfig = workspace.config.server;
  const app = await createApi({
    routes: apiRoutes,
    deps: { workspace },
    auth: {
      enabled: authEnabled,
      localActor: options.actor,
      verify: async (secret): Promise<Principal | undefined> => {
        const token = await workspace.store.tokens.verify(secret);
        return token === undefined ? undefined : { owner: token.owner, role: token.role, tokenId: token.id };
      },
    },
    logger,
    metrics,
    // With auth on, a browser cannot attach the bearer token cross-site, so the guard is for the trusted mode.
    ...(authEnabled
      ? {}
      : {
          guard: requestGuard({
            allowedHosts: [hostEntry(options.boundHost ?? serverConfig.host), ...serverConfig.allowedHosts],
            allowedOrigins: serverConfig.allowedOrigins,
          }),
        }),
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

/** A listening address as a `Host` name: lower case, IPv6 in brackets. */
function hostEntry(host: string): string {
  const lower = host.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}
